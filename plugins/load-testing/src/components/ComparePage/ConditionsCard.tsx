import { InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import { RunComparison } from '@internal/plugin-load-testing-common';

const useStyles = makeStyles(theme => ({
  differs: {
    '& > td': {
      backgroundColor:
        theme.palette.type === 'dark'
          ? 'rgba(255, 167, 38, 0.16)'
          : 'rgba(255, 167, 38, 0.18)',
    },
  },
  value: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    wordBreak: 'break-all',
  },
}));

function show(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** Whether the runs ran under the same conditions, and every condition side by side. */
export function ConditionsCard(props: { comparison: RunComparison }) {
  const classes = useStyles();
  const c = props.comparison;
  return (
    <InfoCard title="Conditions">
      {c.sameConditions ? (
        <Alert severity="success" data-testid="conditions-summary">
          Same conditions: the runs can be compared as they are.
        </Alert>
      ) : (
        <Alert severity="warning" data-testid="conditions-summary">
          Conditions differ: {c.differences.join('; ')}
        </Alert>
      )}
      {!c.sameScenario && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          The runs belong to different scenarios.
        </Alert>
      )}
      <Table size="small" style={{ marginTop: 8 }} data-testid="conditions">
        <TableHead>
          <TableRow>
            <TableCell>Condition</TableCell>
            {c.runs.map((r, i) => (
              <TableCell key={r.id}>Run #{i + 1}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {c.conditions
            .filter(x => !x.same || x.values.some(v => v !== null))
            .map(x => (
              <TableRow
                key={x.field}
                className={x.same ? undefined : classes.differs}
                data-differs={x.same ? undefined : 'true'}
              >
                <TableCell>{x.field}</TableCell>
                {x.values.map((v, i) => (
                  <TableCell key={i} className={classes.value}>
                    {show(v)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
