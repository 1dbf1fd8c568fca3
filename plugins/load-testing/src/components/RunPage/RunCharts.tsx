import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';
import { RunSeries } from '@internal/plugin-load-testing-common';
import Button from '@material-ui/core/Button';
import { ReactNode } from 'react';
import { Line } from 'recharts';
import {
  ChartRow,
  PERCENTILE_CHOICES,
  TimeWindow,
  panWindow,
  PERCENTILE_COLORS,
  elapsedTicks,
  formatElapsed,
  toChartRows,
  trimLiveEdge,
} from './chartData';
import { ELAPSED_LINE, ElapsedChart } from './ElapsedChart';

function Chart(props: {
  id: string;
  title: string;
  rows: ChartRow[];
  unit: string;
  children: ReactNode;
  zoomed: boolean;
  onSelect: (from: number, to: number) => void;
}) {
  const first = props.rows[0];
  const last = props.rows[props.rows.length - 1];
  return (
    <ElapsedChart
      testId={`chart-${props.id}`}
      title={props.title}
      rows={props.rows}
      unit={props.unit}
      height={220}
      domain={props.zoomed ? ['dataMin', 'dataMax'] : [0, 'dataMax']}
      ticks={elapsedTicks(last?.s ?? 1, 8, props.zoomed ? (first?.s ?? 0) : 0)}
      formatValue={v => Number(v.toFixed(1))}
      onSelect={props.onSelect}
      data={{ 'last-t': last?.t ?? '' }}
    >
      {props.children}
    </ElapsedChart>
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

const line = ELAPSED_LINE;

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
  /** The zoomed window (epoch ms); the whole run when absent. */
  window?: TimeWindow;
  onWindowChange?: (window: TimeWindow | undefined) => void;
  /** When retention dropped the raw samples: the charts are at 10-minute resolution. */
  rawDroppedAt?: string;
}) {
  const theme = useTheme();
  const classes = useStyles();
  const all = toChartRows(props.series, props.startMs);
  const rows = props.live ? trimLiveEdge(all, props.lastSampleMs) : all;
  const start = props.startMs ?? props.series?.points[0]?.t ?? 0;
  const runExtent = {
    from: start,
    to: props.lastSampleMs ?? props.series?.to ?? start,
  };
  const zoomed = props.window !== undefined;
  const select = (from: number, to: number) =>
    props.onWindowChange?.({
      from: Math.round(start + from * 1000),
      to: Math.round(start + to * 1000),
    });
  const chart = { zoomed, onSelect: select };
  const zoom = props.onWindowChange && (
    <Box
      display="flex"
      alignItems="center"
      style={{ gap: 8 }}
      data-testid="zoom"
    >
      <Typography variant="body2" color="textSecondary">
        {props.window
          ? `Window ${formatElapsed((props.window.from - start) / 1000)}–${formatElapsed((props.window.to - start) / 1000)}`
          : 'Drag across a chart to zoom'}
      </Typography>
      {props.rawDroppedAt && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="resolution-note"
        >
          {props.window ? '· ' : ''}At 10-minute resolution: retention dropped
          the raw samples on {props.rawDroppedAt.slice(0, 10)}
        </Typography>
      )}
      {props.window && (
        <>
          <Button
            size="small"
            onClick={() =>
              props.onWindowChange!(panWindow(props.window!, -1, runExtent))
            }
          >
            ◀ Earlier
          </Button>
          <Button
            size="small"
            onClick={() =>
              props.onWindowChange!(panWindow(props.window!, 1, runExtent))
            }
          >
            Later ▶
          </Button>
          <Button
            size="small"
            color="primary"
            onClick={() => props.onWindowChange!(undefined)}
          >
            Whole run
          </Button>
        </>
      )}
    </Box>
  );
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
          <Grid item xs={12}>
            {zoom}
          </Grid>
          <Grid item xs={12} md={6} lg={4}>
            <Chart
              {...chart}
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
            <Chart
              {...chart}
              id="latency"
              title="Response times"
              rows={rows}
              unit=" ms"
            >
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
            <Chart {...chart} id="users" title="Users" rows={rows} unit="">
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
