import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import {
  RunPrometheus,
  RunResources,
  RunSeries,
} from '@internal/plugin-load-testing-common';
import { ReactNode } from 'react';
import { Line, ReferenceLine } from 'recharts';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { usePoll } from '../../hooks';
import { TimeWindow, elapsedTicks } from './chartData';
import { ELAPSED_LINE, ElapsedChart } from './ElapsedChart';
import {
  TimeRow,
  prometheusRows,
  resourceRows,
  seriesName,
  sharedDomain,
} from './resourceData';

/** Locust's own warning threshold for a generator's CPU. */
const LOCUST_CPU_WARNING = 90;
const COLORS = [
  '#1565c0',
  '#2e7d32',
  '#ef6c00',
  '#6a1b9a',
  '#00838f',
  '#c62828',
  '#4e342e',
  '#ad1457',
];
const POLL_MS = 5000;

const line = { ...ELAPSED_LINE, connectNulls: true };

/** A chart over the run's elapsed time, on the x domain the results charts use. */
function TimeChart(props: {
  id: string;
  title: string;
  rows: TimeRow[];
  domain: [number, number];
  zoomed: boolean;
  unit: string;
  onSelect: (from: number, to: number) => void;
  children: ReactNode;
}) {
  const [min, max] = props.domain;
  return (
    <ElapsedChart
      testId={`chart-${props.id}`}
      title={props.title}
      titleNoWrap
      rows={props.rows}
      unit={props.unit}
      height={220}
      domain={[min, max]}
      allowDataOverflow
      ticks={elapsedTicks(max, 8, props.zoomed ? min : 0)}
      formatValue={v => Number(v.toPrecision(4))}
      onSelect={props.onSelect}
    >
      {props.children}
    </ElapsedChart>
  );
}

interface Readings {
  resources: RunResources;
  prometheus?: RunPrometheus;
  prometheusError?: Error;
}

/**
 * The load generators' CPU and memory per node, and the target's own metrics from
 * Prometheus, on the same time axis as the run's throughput and response times.
 */
export function ResourceCharts(props: {
  runId: string;
  /** The run's results series: its points set the shared time axis. */
  series?: RunSeries;
  startMs?: number;
  lastSampleMs?: number;
  live: boolean;
  window?: TimeWindow;
  onWindowChange?: (window: TimeWindow | undefined) => void;
}) {
  const theme = useTheme();
  const api = useApi(loadTestingApiRef);
  const { runId, window, live } = props;
  const poll = usePoll(
    async (): Promise<Readings> => {
      const [resources, prometheus] = await Promise.all([
        api.getResources(runId, { ...window, points: 500 }),
        api.getPrometheus(runId, window).then(
          p => ({ p }),
          (e: Error) => ({ e }),
        ),
      ]);
      return 'p' in prometheus
        ? { resources, prometheus: prometheus.p }
        : { resources, prometheusError: prometheus.e };
    },
    [runId, window?.from, window?.to],
    { intervalMs: POLL_MS, active: live },
  );
  const startMs = props.startMs ?? props.series?.points[0]?.t;
  if (startMs === undefined) return null;
  const domain = sharedDomain({
    series: props.series,
    startMs,
    live,
    lastSampleMs: props.lastSampleMs,
    window,
  });
  const value = poll.value;
  if (!domain || !value) return null;
  const zoomed = window !== undefined;
  const select = (from: number, to: number) =>
    props.onWindowChange?.({
      from: Math.round(startMs + from * 1000),
      to: Math.round(startMs + to * 1000),
    });
  // without onWindowChange a drag still shows its span, and selects nothing
  const chart = { domain, zoomed, onSelect: select };
  const { rows, nodes } = resourceRows(value.resources, startMs);
  const prometheus = value.prometheus;
  const target = prometheus?.configured ? prometheus : undefined;
  const targetRows = prometheusRows(target, startMs);
  const color = (i: number) => COLORS[i % COLORS.length];

  return (
    <InfoCard
      title="Load generators and target"
      subheader="CPU (of one core) and memory of each Locust process; the target's own metrics from Prometheus"
    >
      <Grid container spacing={2}>
        {nodes.length === 0 ? (
          <Grid item xs={12} md={8}>
            <Typography color="textSecondary" data-testid="resources-empty">
              {live
                ? 'The nodes report their CPU and memory once Locust has measured them.'
                : 'No CPU or memory was recorded for this run.'}
            </Typography>
          </Grid>
        ) : (
          <>
            <Grid item xs={12} md={6} lg={4}>
              <TimeChart
                {...chart}
                id="generators-cpu"
                title="Load generators: CPU"
                rows={rows}
                unit=" %"
              >
                <ReferenceLine
                  y={LOCUST_CPU_WARNING}
                  stroke={theme.palette.error.main}
                  strokeDasharray="4 4"
                  ifOverflow="extendDomain"
                  label={{
                    value: `${LOCUST_CPU_WARNING} %`,
                    position: 'insideTopLeft',
                    fill: theme.palette.error.main,
                    fontSize: 11,
                  }}
                />
                {nodes.map((n, i) => (
                  <Line
                    {...line}
                    key={n}
                    dataKey={`cpu:${n}`}
                    name={n}
                    stroke={color(i)}
                  />
                ))}
              </TimeChart>
            </Grid>
            <Grid item xs={12} md={6} lg={4}>
              <TimeChart
                {...chart}
                id="generators-memory"
                title="Load generators: memory"
                rows={rows}
                unit=" MB"
              >
                {nodes.map((n, i) => (
                  <Line
                    {...line}
                    key={n}
                    dataKey={`mem:${n}`}
                    name={n}
                    stroke={color(i)}
                  />
                ))}
              </TimeChart>
            </Grid>
          </>
        )}
        {target && (
          <Grid item xs={12} md={6} lg={4}>
            <TimeChart
              {...chart}
              id="target-prometheus"
              title={`Target: ${target.query}`}
              rows={targetRows}
              unit={target.unit ? ` ${target.unit}` : ''}
            >
              {target.series.map((s, i) => (
                <Line
                  {...line}
                  key={i}
                  dataKey={`p${i}`}
                  name={seriesName(s.labels, target.query)}
                  stroke={color(i + 3)}
                />
              ))}
            </TimeChart>
            {target.series.length === 0 && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="target-empty"
              >
                Prometheus has no data for this query over the run.
              </Typography>
            )}
            {target.truncated ? (
              <Typography variant="caption" color="textSecondary">
                {target.truncated} more series not drawn
              </Typography>
            ) : null}
          </Grid>
        )}
        {value.prometheusError && (
          <Grid item xs={12} md={6} lg={4}>
            <Alert severity="warning" data-testid="target-error">
              The target's metrics could not be read:{' '}
              {toApiProblem(value.prometheusError).message}
            </Alert>
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}
