import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { alpha, useTheme } from '@material-ui/core/styles';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import { NodeState, RunNode } from '@internal/plugin-load-testing-common';
import {
  EmptyTableText,
  NONE,
  formatBytes,
  formatCount,
  formatDateTime,
  formatSecondsPrecise,
  secondsBetween,
  staticTableOptions,
} from '../common';

const BAD: NodeState[] = ['missing', 'failed'];

/** Reasons Kubernetes gives while a pod is on its way, not failing. */
const WAITING =
  /^(ContainerCreating|PodInitializing|Pending|Scheduled|Pulling|Pulled|Created|Started|Completed)\b/;

type Row = RunNode & { id: string };

/**
 * A pod that failed or cannot start: a failed or missing node, a failed pod, a
 * container that exited badly, or a message such as `Unschedulable: …`,
 * `ImagePullBackOff: …`, `CrashLoopBackOff`, `OOMKilled`.
 */
export function isNodeFailing(n: RunNode): boolean {
  return (
    BAD.includes(n.state) ||
    n.phase === 'Failed' ||
    (n.exitCode !== undefined && n.exitCode !== 0) ||
    (Boolean(n.message) && !WAITING.test(n.message!))
  );
}

function stateColumn(failing: (n: RunNode) => boolean): TableColumn<Row> {
  return {
    title: 'State',
    render: n => {
      const chip = (
        <Chip
          size="small"
          label={
            n.exitCode !== undefined ? `${n.state} (${n.exitCode})` : n.state
          }
          color={failing(n) ? 'secondary' : 'default'}
          variant={
            n.state === 'running' || n.state === 'spawning'
              ? 'default'
              : 'outlined'
          }
        />
      );
      return n.message ? <Tooltip title={n.message}>{chip}</Tooltip> : chip;
    },
  };
}

const roleColumn: TableColumn<Row> = {
  title: 'Role',
  field: 'role',
  cellStyle: { whiteSpace: 'nowrap' },
};
const nameColumn: TableColumn<Row> = {
  title: 'Name',
  field: 'name',
  highlight: true,
  cellStyle: { whiteSpace: 'nowrap' },
};
const cpuColumn: TableColumn<Row> = {
  title: 'CPU',
  align: 'right',
  render: n =>
    n.cpuPercent === undefined ? NONE : `${Math.round(n.cpuPercent)} %`,
};
// 0 means not measured yet, not an empty process
const memoryColumn: TableColumn<Row> = {
  title: 'Memory',
  align: 'right',
  render: n => (n.memoryBytes ? formatBytes(n.memoryBytes) : NONE),
};
const usersColumn: TableColumn<Row> = {
  title: 'Users',
  align: 'right',
  render: n => formatCount(n.userCount),
};

/** Local processes: the table as it always was. */
const localColumns: TableColumn<Row>[] = [
  roleColumn,
  nameColumn,
  stateColumn(n => BAD.includes(n.state)),
  cpuColumn,
  memoryColumn,
  usersColumn,
  {
    title: 'Process',
    render: n => (
      <Tooltip title={n.host ? `on ${n.host}` : ''}>
        <span>{n.pid ? `pid ${n.pid}` : (n.host ?? NONE)}</span>
      </Tooltip>
    ),
  },
];

/** Pods: each column with whether a node has a value for it. */
function podColumns(
  createdAt: string | undefined,
): Array<{ column: TableColumn<Row>; has: (n: RunNode) => boolean }> {
  const always = () => true;
  return [
    { column: roleColumn, has: always },
    { column: nameColumn, has: always },
    { column: stateColumn(isNodeFailing), has: always },
    {
      column: {
        title: 'Pod',
        field: 'pod',
        cellStyle: { whiteSpace: 'nowrap' },
      },
      has: n => Boolean(n.pod),
    },
    {
      column: {
        title: 'Phase',
        render: n => (
          <Typography
            variant="body2"
            color={n.phase === 'Failed' ? 'error' : 'textPrimary'}
          >
            {n.phase ?? NONE}
          </Typography>
        ),
      },
      has: n => Boolean(n.phase),
    },
    {
      column: {
        title: 'Node',
        render: n => n.host ?? NONE,
        cellStyle: { whiteSpace: 'nowrap' },
      },
      has: n => Boolean(n.host),
    },
    {
      column: {
        title: 'Restarts',
        align: 'right',
        render: n => formatCount(n.restarts),
      },
      has: n => n.restarts !== undefined,
    },
    {
      column: {
        title: 'Ready',
        align: 'right',
        render: n => {
          const s = secondsBetween(createdAt, n.readyAt);
          if (s === undefined) return NONE;
          return (
            <Tooltip
              title={`Ready at ${formatDateTime(n.readyAt)}, ${formatSecondsPrecise(s)} after the run was created`}
            >
              <span>{formatSecondsPrecise(s)}</span>
            </Tooltip>
          );
        },
        cellStyle: { whiteSpace: 'nowrap' },
      },
      has: n => Boolean(n.readyAt),
    },
    { column: cpuColumn, has: n => n.cpuPercent !== undefined },
    { column: memoryColumn, has: n => Boolean(n.memoryBytes) },
    { column: usersColumn, has: n => n.userCount !== undefined },
    {
      column: {
        title: 'Message',
        cellStyle: { minWidth: 220 },
        render: n => {
          if (!n.message) return null;
          const failing = isNodeFailing(n);
          return (
            <Box display="flex" alignItems="flex-start" style={{ gap: 4 }}>
              {failing && (
                <ErrorOutlineIcon
                  color="error"
                  fontSize="small"
                  titleAccess="Failing"
                />
              )}
              <Typography
                variant="body2"
                color={failing ? 'error' : 'textSecondary'}
                data-testid={`node-message-${n.name}`}
              >
                {n.message}
              </Typography>
            </Box>
          );
        },
      },
      has: n => Boolean(n.message),
    },
  ];
}

/**
 * Master, workers and monitor of a run, as the executor and Locust see them. On
 * Kubernetes also each one's pod, phase, node, restarts, time to ready and the
 * reason it fails, in the error colour; columns no pod has a value for are left out.
 */
export function NodesTable(props: { nodes?: RunNode[]; createdAt?: string }) {
  const theme = useTheme();
  const nodes = props.nodes ?? [];
  const rows = nodes.map(n => ({ ...n, id: n.name }));
  const onPods = nodes.some(n => n.pod);
  const columns = onPods
    ? podColumns(props.createdAt)
        .filter(c => nodes.some(c.has))
        .map(c => c.column)
    : localColumns;
  const options = onPods
    ? {
        ...staticTableOptions,
        rowStyle: (n: Row) =>
          isNodeFailing(n)
            ? {
                backgroundColor: alpha(theme.palette.error.main, 0.08),
                boxShadow: `inset 3px 0 0 ${theme.palette.error.main}`,
              }
            : {},
      }
    : staticTableOptions;
  return (
    <Table<Row>
      title="Nodes"
      columns={columns}
      data={rows}
      options={options}
      emptyContent={<EmptyTableText>No nodes started yet.</EmptyTableText>}
    />
  );
}
