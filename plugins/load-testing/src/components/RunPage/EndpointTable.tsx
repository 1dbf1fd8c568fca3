import { formatElapsed } from './chartData';
import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { EndpointStats, RunTotals } from '@internal/plugin-load-testing-common';
import {
  EmptyTableText,
  formatCount,
  formatMs,
  formatRps,
  staticTableOptions,
} from '../common';

type Row = EndpointStats & { id: string; aggregated?: boolean };

const bold = (r: Row, text: string) =>
  r.aggregated ? <strong>{text}</strong> : text;

const ms = (key: string) => (r: Row) => bold(r, formatMs(r.percentiles[key]));

const columns: TableColumn<Row>[] = [
  { title: 'Method', field: 'method', width: '80px' },
  {
    title: 'Name',
    field: 'name',
    highlight: true,
    cellStyle: { whiteSpace: 'nowrap' },
    render: r => bold(r, r.name),
  },
  {
    title: 'Requests',
    align: 'right',
    render: r => bold(r, formatCount(r.requests)),
  },
  {
    title: 'Failures',
    align: 'right',
    render: r => (
      <Typography
        variant="body2"
        color={r.failures > 0 ? 'error' : 'inherit'}
        component="span"
      >
        {bold(r, formatCount(r.failures))}
      </Typography>
    ),
  },
  { title: 'Avg', align: 'right', render: r => bold(r, formatMs(r.averageMs)) },
  { title: 'Min', align: 'right', render: r => bold(r, formatMs(r.minMs)) },
  { title: 'Max', align: 'right', render: r => bold(r, formatMs(r.maxMs)) },
  { title: 'p50', align: 'right', render: ms('p50') },
  { title: 'p95', align: 'right', render: ms('p95') },
  { title: 'p99', align: 'right', render: ms('p99') },
  { title: 'RPS', align: 'right', render: r => bold(r, formatRps(r.rps)) },
];

/** Per-endpoint totals of the run, with the aggregated row last. */
function subtitle(props: {
  live: boolean;
  window?: { from: number; to: number };
  totals?: RunTotals | null;
  startMs?: number;
}): string | undefined {
  const { totals, startMs } = props;
  // retention dropped the raw samples: the window's edges went out to whole 10 minutes
  if (props.window && totals?.resolutionSeconds && startMs !== undefined) {
    const at = (epochMs: number) =>
      formatElapsed(Math.max(0, (epochMs - startMs) / 1000));
    const minutes = totals.resolutionSeconds / 60;
    return `Of ${at(totals.from ?? startMs)}–${at(totals.to ?? startMs)} at ${minutes}-minute resolution: the window ${formatElapsed(props.window.from)}–${formatElapsed(props.window.to)} widened to whole ${minutes} minutes (retention dropped the raw samples)`;
  }
  if (props.window)
    return `Of the window ${formatElapsed(props.window.from)}–${formatElapsed(props.window.to)}; min and max as Locust's histogram rounds them`;
  return props.live ? 'So far; final figures when the run ends' : undefined;
}

export function EndpointTable(props: {
  totals?: RunTotals | null;
  live: boolean;
  /** The zoomed window, seconds after the start: the figures are that window's. */
  window?: { from: number; to: number };
  /** The run's start (epoch ms): where a window widened by retention begins and ends. */
  startMs?: number;
}) {
  const { totals } = props;
  const rows: Row[] = totals
    ? [
        ...totals.endpoints.map(e => ({ ...e, id: `${e.method} ${e.name}` })),
        { ...totals.total, id: 'aggregated', aggregated: true },
      ]
    : [];
  return (
    <div data-testid="endpoint-table">
      <Table<Row>
        title="Endpoints"
        subtitle={subtitle(props)}
        columns={columns}
        data={rows}
        options={staticTableOptions}
        emptyContent={
          <EmptyTableText>
            {props.live
              ? 'No requests reported yet.'
              : 'This run recorded no requests.'}
          </EmptyTableText>
        }
      />
    </div>
  );
}
