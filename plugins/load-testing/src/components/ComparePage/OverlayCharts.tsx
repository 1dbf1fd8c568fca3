import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ComparedRun, RunSeries } from '@internal/plugin-load-testing-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { elapsedTicks, formatElapsed } from '../RunPage/chartData';
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
  const theme = useTheme();
  const last = props.rows[props.rows.length - 1]?.s ?? 1;
  return (
    <Box data-testid={`overlay-${props.id}`} data-points={props.rows.length}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart
          data={props.rows}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="s"
            type="number"
            domain={[0, 'dataMax']}
            ticks={elapsedTicks(last, 8, 0)}
            tickFormatter={formatElapsed}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            unit={props.unit}
            width={72}
            stroke={theme.palette.text.secondary}
          />
          <Tooltip
            labelFormatter={s => `${formatElapsed(Number(s))} after start`}
            formatter={(v: number) =>
              typeof v === 'number' ? Number(v.toFixed(1)) : v
            }
            contentStyle={{ background: theme.palette.background.paper }}
          />
          <Legend />
          {props.runs.map((run, i) => (
            <Line
              key={run.id}
              dataKey={overlayKey(props.figure, i)}
              name={runLabel(run, i)}
              stroke={RUN_COLORS[i]}
              type="linear"
              dot={false}
              connectNulls
              isAnimationActive={false}
              strokeWidth={2}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </Box>
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
