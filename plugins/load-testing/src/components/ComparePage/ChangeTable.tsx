import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ComparedEndpoint,
  ComparedFigureName,
  ComparedRun,
  FigureChange,
} from '@internal/plugin-load-testing-common';
import { formatMs, formatRatio, formatRps } from '../common';
import { RUN_COLORS } from './overlay';

const FIGURES: Array<{ key: ComparedFigureName; title: string }> = [
  { key: 'rps', title: 'RPS' },
  { key: 'p50', title: 'p50' },
  { key: 'p95', title: 'p95' },
  { key: 'p99', title: 'p99' },
  { key: 'failureRatio', title: 'Failures' },
];

const useStyles = makeStyles(theme => ({
  better: { color: theme.palette.success.main, fontWeight: 500 },
  worse: { color: theme.palette.error.main, fontWeight: 500 },
  same: { color: theme.palette.text.secondary },
  dot: {
    display: 'inline-block',
    width: 8,
    height: 8,
    borderRadius: 4,
    marginRight: 6,
  },
  total: { '& > td': { fontWeight: 600 } },
  value: { lineHeight: 1.5, marginBottom: 2 },
  nowrap: { whiteSpace: 'nowrap' },
}));

function formatFigure(figure: ComparedFigureName, v: number | null): string {
  if (v === null) return '–';
  if (figure === 'rps') return formatRps(v);
  if (figure === 'failureRatio') return formatRatio(v);
  return formatMs(v);
}

/** `+8.4 ms (+20 %)`, `−2/s (−11.8 %)`, `+5 pts` of failures. */
export function formatChange(
  figure: ComparedFigureName,
  change: FigureChange,
): string {
  const sign = change.absolute > 0 ? '+' : '−';
  // a failure ratio moves by percentage points, not by a percentage
  const magnitude =
    figure === 'failureRatio'
      ? formatRatio(Math.abs(change.absolute)).replace(' %', ' pts')
      : formatFigure(figure, Math.abs(change.absolute));
  if (change.absolute === 0) return '±0';
  const abs = `${sign}${magnitude}`;
  if (change.percent === null) return abs;
  const p = Number(Math.abs(change.percent).toFixed(1));
  return `${abs} (${change.percent >= 0 ? '+' : '−'}${p} %)`;
}

function FigureCell(props: {
  endpoint: ComparedEndpoint;
  figure: ComparedFigureName;
}) {
  const classes = useStyles();
  const { values, changes } = props.endpoint.figures[props.figure];
  return (
    <TableCell align="right">
      {values.map((v, i) => {
        const change = changes[i];
        return (
          <div
            key={i}
            className={classes.value}
            data-testid={`change-${props.endpoint.name}-${props.figure}-${i}`}
            data-direction={change?.direction ?? ''}
          >
            <span className={classes.nowrap}>
              <span
                className={classes.dot}
                style={{ background: RUN_COLORS[i] }}
              />
              {formatFigure(props.figure, v)}
            </span>
            {change && (
              <>
                {' '}
                <span
                  className={`${classes.nowrap} ${classes[change.direction]}`}
                >
                  {formatChange(props.figure, change)}
                </span>
              </>
            )}
          </div>
        );
      })}
    </TableCell>
  );
}

/** Each endpoint's figures per run, with the change against the first run. */
export function ChangeTable(props: {
  runs: ComparedRun[];
  endpoints: ComparedEndpoint[];
}) {
  const classes = useStyles();
  return (
    <InfoCard
      title="Endpoints"
      subheader="Each run against the first: better in green, worse in red; a change under 2 % counts as none"
    >
      <Box overflow="auto">
        <Table size="small" data-testid="compare-table">
          <TableHead>
            <TableRow>
              <TableCell>Endpoint</TableCell>
              {FIGURES.map(f => (
                <TableCell key={f.key} align="right">
                  {f.title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.endpoints.map(e => (
              <TableRow
                key={`${e.method} ${e.name}`}
                className={e.total ? classes.total : undefined}
              >
                <TableCell style={{ minWidth: 160 }}>
                  <Typography
                    variant="body2"
                    component="span"
                    style={{ wordBreak: 'normal', whiteSpace: 'nowrap' }}
                  >
                    {e.method && `${e.method} `}
                    {e.name}
                  </Typography>
                  {e.present.some(p => !p) && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      display="block"
                    >
                      not in run
                      {e.present.filter(p => !p).length > 1 ? 's' : ''}{' '}
                      {e.present
                        .map((p, i) => (p ? undefined : `#${i + 1}`))
                        .filter(Boolean)
                        .join(', ')}
                    </Typography>
                  )}
                </TableCell>
                {FIGURES.map(f => (
                  <FigureCell key={f.key} endpoint={e} figure={f.key} />
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </InfoCard>
  );
}
