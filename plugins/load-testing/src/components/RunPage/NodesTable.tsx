import { Table, TableColumn } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { NodeState, RunNode } from '@internal/plugin-load-testing-common';
import {
  EmptyTableText,
  NONE,
  formatBytes,
  formatCount,
  staticTableOptions,
} from '../common';

const BAD: NodeState[] = ['missing', 'failed'];

type Row = RunNode & { id: string };

const columns: TableColumn<Row>[] = [
  { title: 'Role', field: 'role' },
  {
    title: 'Name',
    field: 'name',
    highlight: true,
    cellStyle: { whiteSpace: 'nowrap' },
  },
  {
    title: 'State',
    render: n => {
      const chip = (
        <Chip
          size="small"
          label={
            n.exitCode !== undefined ? `${n.state} (${n.exitCode})` : n.state
          }
          color={BAD.includes(n.state) ? 'secondary' : 'default'}
          variant={
            n.state === 'running' || n.state === 'spawning'
              ? 'default'
              : 'outlined'
          }
        />
      );
      return n.message ? <Tooltip title={n.message}>{chip}</Tooltip> : chip;
    },
  },
  {
    title: 'CPU',
    align: 'right',
    render: n =>
      n.cpuPercent === undefined ? NONE : `${Math.round(n.cpuPercent)} %`,
  },
  // 0 means not measured yet, not an empty process
  {
    title: 'Memory',
    align: 'right',
    render: n => (n.memoryBytes ? formatBytes(n.memoryBytes) : NONE),
  },
  { title: 'Users', align: 'right', render: n => formatCount(n.userCount) },
  {
    title: 'Process',
    render: n => (
      <Tooltip title={n.host ? `on ${n.host}` : ''}>
        <span>{n.pid ? `pid ${n.pid}` : (n.host ?? NONE)}</span>
      </Tooltip>
    ),
  },
];

/** Master, workers and monitor of a run, as the executor and Locust see them. */
export function NodesTable(props: { nodes?: RunNode[] }) {
  const rows = (props.nodes ?? []).map(n => ({ ...n, id: n.name }));
  return (
    <Table<Row>
      title="Nodes"
      columns={columns}
      data={rows}
      options={staticTableOptions}
      emptyContent={<EmptyTableText>No nodes started yet.</EmptyTableText>}
    />
  );
}
