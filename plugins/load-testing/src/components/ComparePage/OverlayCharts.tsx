import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ComparedRun, RunSeries } from '@internal/plugin-load-testing-common';
import { Line } from 'recharts';
import { elapsedTicks } from '../RunPage/chartData';
import { ELAPSED_LINE, ElapsedChart } from '../RunPage/ElapsedChart';
import { RUN_COLORS, overlayKey, overlayRows } from './overlay';

const FIGURES = [
  { key: 'rps', read: (p: RunSeries['points'][number]) => p.rps },
  { key: 'p95', read: (p: RunSeries['points'][number]) => p.percentiles.p95 },
];

/** `#2 ab12cd34`: how a chart's legend names a run. */
export function runLabel(run: ComparedRun, i: number) {
  return `#${i + 1} ${run.id.slice(0, 8)}`;
}

function Overlay(props: {
  id: string;
  title: string;
  unit: string;
  figure: string;
  runs: ComparedRun[];
  rows: ReturnType<typeof overlayRows>;
}) {
  const last = props.rows[props.rows.length - 1]?.s ?? 1;
  return (
    <ElapsedChart
      testId={`overlay-${props.id}`}
      title={props.title}
      rows={props.rows}
      unit={props.unit}
      height={240}
      domain={[0, 'dataMax']}
      ticks={elapsedTicks(last, 8, 0)}
      formatValue={v => Number(v.toFixed(1))}
    >
      {props.runs.map((run, i) => (
        <Line
          {...ELAPSED_LINE}
          key={run.id}
          dataKey={overlayKey(props.figure, i)}
          name={runLabel(run, i)}
          stroke={RUN_COLORS[i]}
          connectNulls
        />
      ))}
    </ElapsedChart>
  );
}

/** RPS and p95 of every compared run on one axis, each aligned at its own start. */
export function OverlayCharts(props: {
  runs: ComparedRun[];
  series: Array<RunSeries | undefined>;
}) {
  const rows = overlayRows(props.series, FIGURES);
  return (
    <InfoCard title="Over time, aligned at each run's start">
      {rows.length === 0 ? (
        <Typography color="textSecondary">
          The runs have no samples to draw.
        </Typography>
      ) : (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <Overlay
              id="rps"
              title="Requests per second"
              unit=""
              figure="rps"
              runs={props.runs}
              rows={rows}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <Overlay
              id="p95"
              title="p95 response time"
              unit=" ms"
              figure="p95"
              runs={props.runs}
              rows={rows}
            />
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
}
