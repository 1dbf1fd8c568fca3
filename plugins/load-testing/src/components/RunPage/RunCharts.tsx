import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { RunSeries } from '@internal/plugin-load-testing-common';
import { ReactNode } from 'react';
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
import {
  ChartRow,
  PERCENTILE_CHOICES,
  PERCENTILE_COLORS,
  elapsedTicks,
  formatElapsed,
  toChartRows,
  trimLiveEdge,
} from './chartData';

function Chart(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  unit: string;
  children: ReactNode;
}) {
  const theme = useTheme();
  const last = props.rows[props.rows.length - 1];
  const ticks = elapsedTicks(last?.s ?? 1);
  return (
    <Box
      data-testid={`chart-${props.id}`}
      data-points={props.rows.length}
      data-last-t={last?.t ?? ''}
    >
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart
          data={props.rows}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="s"
            type="number"
            domain={[0, 'dataMax']}
            ticks={ticks}
            tickFormatter={formatElapsed}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            unit={props.unit}
            width={72}
            stroke={theme.palette.text.secondary}
            allowDecimals
          />
          <Tooltip
            labelFormatter={s => `${formatElapsed(Number(s))} after start`}
            formatter={(v: number) =>
              typeof v === 'number' ? Number(v.toFixed(1)) : v
            }
            contentStyle={{ background: theme.palette.background.paper }}
          />
          <Legend />
          {props.children}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

const useStyles = makeStyles(theme => ({
  // the default selected shade is too faint to tell which percentiles are on
  toggle: {
    textTransform: 'none',
    '&.Mui-selected': {
      backgroundColor: theme.palette.primary.main,
      color: theme.palette.primary.contrastText,
    },
    '&.Mui-selected:hover': { backgroundColor: theme.palette.primary.dark },
  },
}));

const line = {
  type: 'linear' as const,
  dot: false,
  isAnimationActive: false,
  strokeWidth: 2,
};

/** Live charts of a run: throughput, users and the chosen response-time percentiles. */
export function RunCharts(props: {
  series?: RunSeries;
  startMs?: number;
  /** Time of the newest sample; while live, points after it are incomplete. */
  lastSampleMs?: number;
  live: boolean;
  percentiles: string[];
  onPercentilesChange: (p: string[]) => void;
  endpoint: string;
  onEndpointChange: (endpoint: string) => void;
}) {
  const theme = useTheme();
  const classes = useStyles();
  const all = toChartRows(props.series, props.startMs);
  const rows = props.live ? trimLiveEdge(all, props.lastSampleMs) : all;
  const endpoints = props.series?.endpoints ?? [];
  const controls = (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 16 }}>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Endpoint"
        value={props.endpoint}
        InputLabelProps={{ shrink: true }}
        SelectProps={{ displayEmpty: true }}
        onChange={e => props.onEndpointChange(e.target.value)}
        style={{ minWidth: 260 }}
        inputProps={{ 'data-testid': 'endpoint-select' }}
      >
        <MenuItem value="">All endpoints</MenuItem>
        {endpoints.map(e => (
          <MenuItem key={e} value={e}>
            {e}
          </MenuItem>
        ))}
      </TextField>
      <ToggleButtonGroup
        size="small"
        value={props.percentiles}
        onChange={(_e, value: string[]) => {
          // keep at least one percentile so the chart never goes blank
          if (value.length)
            props.onPercentilesChange(
              PERCENTILE_CHOICES.filter(p => value.includes(p)),
            );
        }}
        aria-label="Percentiles"
      >
        {PERCENTILE_CHOICES.map(p => (
          <ToggleButton
            key={p}
            value={p}
            aria-label={p}
            className={classes.toggle}
          >
            {p}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </Box>
  );

  return (
    <InfoCard
      title={props.live ? 'Live results' : 'Results'}
      subheader={
        props.live
          ? 'Updated every 2 s; the newest two seconds are still being counted'
          : undefined
      }
      action={controls}
    >
      {rows.length === 0 ? (
        <Typography color="textSecondary" data-testid="charts-empty">
          {props.live
            ? 'Waiting for the first sample: Locust starts, then the monitor reports every few seconds.'
            : 'No samples were recorded for this run.'}
        </Typography>
      ) : (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6} lg={4}>
            <Chart
              id="throughput"
              title="Requests and failures per second"
              rows={rows}
              unit="/s"
            >
              <Line
                {...line}
                dataKey="rps"
                name="RPS"
                stroke={theme.palette.primary.main}
              />
              <Line
                {...line}
                dataKey="failuresPerSecond"
                name="Failures/s"
                stroke={theme.palette.error.main}
              />
            </Chart>
          </Grid>
          <Grid item xs={12} md={6} lg={4}>
            <Chart id="latency" title="Response times" rows={rows} unit=" ms">
              {props.percentiles.map(p => (
                <Line
                  {...line}
                  key={p}
                  dataKey={p}
                  name={p}
                  stroke={PERCENTILE_COLORS[p]}
                  connectNulls
                />
              ))}
            </Chart>
          </Grid>
          <Grid item xs={12} md={6} lg={4}>
            <Chart id="users" title="Users" rows={rows} unit="">
              <Line
                {...line}
                type="stepAfter"
                dataKey="users"
                name="Users"
                stroke={theme.palette.info.main}
              />
            </Chart>
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
}
