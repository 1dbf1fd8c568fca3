import { InfoCard, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import {
  ScenarioTrend,
  TrendPoint,
  VerdictResult,
} from '@internal/plugin-load-testing-common';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { runRouteRef } from '../../routes';
import { formatDateTime, formatMs, formatRatio, formatRps } from '../common';

/** Colour of a point by its run's verdict. */
export const VERDICT_COLORS: Record<VerdictResult | 'none', string> = {
  pass: '#2e7d32',
  fail: '#c62828',
  inconclusive: '#ef6c00',
  none: '#9e9e9e',
};

/** One row per run for the charts: `i` its place, the failure ratio in percent. */
export function trendRows(trend: ScenarioTrend) {
  return trend.points.map((p, i) => ({
    ...p,
    i,
    failurePercent:
      p.failureRatio === undefined ? undefined : p.failureRatio * 100,
  }));
}

type Row = ReturnType<typeof trendRows>[number];

/** A run's point, coloured by its verdict; the baseline ringed. */
function VerdictDot(props: any) {
  const { cx, cy, payload, onOpen } = props as {
    cx?: number;
    cy?: number;
    payload: Row;
    onOpen: (runId: string) => void;
  };
  if (cx === undefined || cy === undefined || Number.isNaN(cy)) return null;
  const color = VERDICT_COLORS[payload.verdict ?? 'none'];
  return (
    <g
      data-testid={`trend-point-${payload.runId}`}
      style={{ cursor: 'pointer' }}
      onClick={() => onOpen(payload.runId)}
    >
      {payload.isBaseline && (
        <circle
          cx={cx}
          cy={cy}
          r={8}
          fill="none"
          stroke={color}
          strokeWidth={2}
        />
      )}
      <circle cx={cx} cy={cy} r={4} fill={color} />
    </g>
  );
}

function TrendLine(props: {
  id: string;
  title: string;
  dataKey: keyof Row;
  unit: string;
  rows: Row[];
  format: (v: number) => string;
  onOpen: (runId: string) => void;
  reference?: Array<{ y: number; label: string }>;
}) {
  const theme = useTheme();
  return (
    <Box data-testid={`trend-${props.id}`} data-points={props.rows.length}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart
          data={props.rows}
          margin={{ top: 12, right: 16, bottom: 0, left: 0 }}
          onClick={(e: any) => {
            const row = e?.activePayload?.[0]?.payload as Row | undefined;
            if (row) props.onOpen(row.runId);
          }}
          style={{ cursor: 'pointer' }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="i"
            type="number"
            domain={[0, Math.max(1, props.rows.length - 1)]}
            allowDecimals={false}
            padding={{ left: 12, right: 12 }}
            tickFormatter={(i: number) => (props.rows[i] ? `#${i + 1}` : '')}
            stroke={theme.palette.text.secondary}
          />
          <YAxis
            unit={props.unit}
            width={72}
            stroke={theme.palette.text.secondary}
          />
          <Tooltip
            labelFormatter={(i: number) => {
              const row = props.rows[i];
              return row
                ? `${formatDateTime(row.createdAt)} · ${row.verdict ?? 'no verdict'}${row.isBaseline ? ' · baseline' : ''}`
                : '';
            }}
            formatter={(v: number) => [props.format(v), props.title]}
            contentStyle={{ background: theme.palette.background.paper }}
          />
          {props.reference?.map(r => (
            <ReferenceLine
              key={r.label}
              y={r.y}
              stroke={theme.palette.text.secondary}
              strokeDasharray="4 4"
              label={{
                value: r.label,
                position: 'insideTopRight',
                fill: theme.palette.text.secondary,
                fontSize: 11,
              }}
            />
          ))}
          <Line
            dataKey={props.dataKey as string}
            type="linear"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            isAnimationActive={false}
            connectNulls
            dot={(p: any) => (
              <VerdictDot key={p.key} {...p} onOpen={props.onOpen} />
            )}
            activeDot={{
              r: 6,
              onClick: (_: unknown, e: any) => {
                const row = e?.payload as Row | undefined;
                if (row) props.onOpen(row.runId);
              },
            }}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

/** p95, RPS and failures of a scenario's completed runs; a point opens its run. */
export function TrendChart(props: { scenarioId: string; limit?: number }) {
  const api = useApi(loadTestingApiRef);
  const runLink = useRouteRef(runRouteRef);
  const navigate = useNavigate();
  const state = useAsync(
    () => api.getTrend(props.scenarioId, props.limit),
    [api, props.scenarioId, props.limit],
  );
  const open = (runId: string) => navigate(runLink({ runId }));
  let body;
  if (state.loading) body = <Progress />;
  else if (state.error)
    body = (
      <Alert severity="error">
        Could not read the trend: {toApiProblem(state.error).message}
      </Alert>
    );
  else if (!state.value?.points.length)
    body = (
      <Typography color="textSecondary" data-testid="trend-empty">
        No completed runs yet: each one adds a point here.
      </Typography>
    );
  else {
    const trend = state.value;
    const rows = trendRows(trend);
    const base = trend.points.find((p: TrendPoint) => p.isBaseline);
    const p95Reference =
      base?.p95Ms !== undefined && trend.baseline
        ? [
            {
              y: base.p95Ms * (1 + trend.baseline.marginPercent / 100),
              label: `baseline + ${trend.baseline.marginPercent} %`,
            },
          ]
        : undefined;
    body = (
      <>
        <Typography variant="body2" color="textSecondary" gutterBottom>
          The last {rows.length} completed run{rows.length === 1 ? '' : 's'},
          oldest first; green passed, red failed, orange inconclusive
          {base ? ', the ringed one is the baseline' : ''}. Click a point to
          open its run.
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <TrendLine
              id="p95"
              title="p95"
              dataKey="p95Ms"
              unit=" ms"
              rows={rows}
              format={formatMs}
              onOpen={open}
              reference={p95Reference}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <TrendLine
              id="rps"
              title="RPS"
              dataKey="rps"
              unit=""
              rows={rows}
              format={formatRps}
              onOpen={open}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <TrendLine
              id="failures"
              title="Failures"
              dataKey="failurePercent"
              unit=" %"
              rows={rows}
              format={v => formatRatio(v / 100)}
              onOpen={open}
            />
          </Grid>
        </Grid>
      </>
    );
  }
  return (
    <InfoCard title="Trend" subheader="Key figures across this scenario's runs">
      <div data-testid="scenario-trend">{body}</div>
    </InfoCard>
  );
}
