import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { ScenarioSummary } from '@internal/plugin-load-testing-common';
import { ReactNode } from 'react';
import { Gate } from '../../hooks';
import { editScenarioRouteRef, runRouteRef } from '../../routes';
import {
  GatedButton,
  NONE,
  RunStatusChip,
  VerdictChip,
  formatMs,
  formatRatio,
  formatRelative,
  formatRps,
  formatSeconds,
} from '../common';

/** The scenarios of the test set, each with the key figures of its last run. */
export function ScenariosTable(props: {
  scenarios: ScenarioSummary[];
  runGate: Gate;
  editGate: Gate;
  onRun: (scenario: ScenarioSummary) => void;
  actions: ReactNode;
}) {
  const editLink = useRouteRef(editScenarioRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const { scenarios, runGate, editGate, onRun } = props;

  const columns: TableColumn<ScenarioSummary>[] = [
    {
      title: 'Scenario',
      field: 'name',
      highlight: true,
      width: '30%',
      render: s => (
        <Box>
          <Link to={editLink({ scenarioId: s.id })}>{s.name}</Link>
          {s.source && (
            <Tooltip title={`Kept in the repository: ${s.source.url}`}>
              <Chip
                size="small"
                variant="outlined"
                label="repository"
                style={{ marginLeft: 8 }}
                data-testid="scenario-repository"
              />
            </Tooltip>
          )}
          <Typography variant="caption" color="textSecondary" display="block">
            {s.shapeClass
              ? `its shape ${s.shapeClass} decides users, for up to ${formatSeconds(s.parameters.duration)}`
              : `${s.parameters.users} users, ${formatSeconds(s.parameters.duration)}`}{' '}
            against {s.parameters.host}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Last run',
      render: s =>
        s.lastRun ? (
          <Link to={runLink({ runId: s.lastRun.id })}>
            <RunStatusChip
              status={s.lastRun.status}
              reason={s.lastRun.statusReason}
            />
          </Link>
        ) : (
          <Typography variant="body2" color="textSecondary">
            never run
          </Typography>
        ),
    },
    {
      title: 'Verdict',
      render: s =>
        s.lastRun ? (
          <VerdictChip
            verdict={s.lastRun.verdict}
            reason={s.lastRun.verdictReason}
          />
        ) : (
          NONE
        ),
    },
    { title: 'RPS', render: s => formatRps(s.lastRun?.rps), align: 'right' },
    { title: 'p95', render: s => formatMs(s.lastRun?.p95Ms), align: 'right' },
    {
      title: 'Failures',
      render: s => formatRatio(s.lastRun?.failureRatio),
      align: 'right',
    },
    {
      title: 'When',
      cellStyle: { whiteSpace: 'nowrap' },
      render: s => formatRelative(s.lastRun?.createdAt),
    },
    {
      title: '',
      align: 'right',
      cellStyle: { whiteSpace: 'nowrap' },
      render: s => (
        <Box display="flex" justifyContent="flex-end" alignItems="center">
          <GatedButton
            gate={runGate}
            color="primary"
            variant="contained"
            size="small"
            startIcon={<PlayArrowIcon />}
            onClick={() => onRun(s)}
            aria-label={`Run ${s.name}`}
          >
            Run
          </GatedButton>
          <Tooltip
            title={
              editGate.allowed && !s.source
                ? 'Edit scenario'
                : `View scenario. ${s.source ? 'It is kept in the repository.' : (editGate.reason ?? '')}`
            }
          >
            <IconButton
              size="small"
              component={Link}
              to={editLink({ scenarioId: s.id })}
              aria-label={`Edit ${s.name}`}
            >
              <EditIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        </Box>
      ),
    },
  ];

  return (
    <Table<ScenarioSummary>
      title="Scenarios"
      columns={columns}
      data={scenarios}
      options={{
        paging: false,
        search: false,
        padding: 'dense',
        toolbar: true,
      }}
      // the only free action: material-table renders it in the toolbar, where ours goes
      actions={[
        { icon: () => <span />, isFreeAction: true, onClick: () => {} },
      ]}
      components={{ Action: () => <>{props.actions}</> }}
    />
  );
}
