import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
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
import { formatSeconds } from '../common';

/**
 * Users over seconds as a run plans them: `ramp`, the stages a form is editing (users
 * move linearly between points); `plan`, what a shape planned, step by step, muted
 * behind a marker at `elapsed` (where the run is now).
 */
export function PlannedUsersChart(props: {
  points: Array<{ t: number; users: number }>;
  end: number;
  height: number;
  look: 'ramp' | 'plan';
  elapsed?: number;
  testId?: string;
}) {
  const { points, end, elapsed } = props;
  const theme = useTheme();
  const plan = props.look === 'plan';
  return (
    <Box
      height={props.height}
      mt={1}
      data-testid={props.testId}
      data-points={points.length}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
        >
          {!plan && <CartesianGrid strokeDasharray="3 3" />}
          <XAxis
            dataKey="t"
            type="number"
            domain={[0, end]}
            tickFormatter={(s: number) => formatSeconds(s)}
            fontSize={11}
          />
          <YAxis allowDecimals={false} width={40} fontSize={11} />
          <Tooltip
            labelFormatter={(s: number) => formatSeconds(s)}
            formatter={(v: number) => [v, plan ? 'planned users' : 'users']}
          />
          <Line
            type={plan ? 'stepAfter' : 'linear'}
            dataKey="users"
            stroke={
              plan ? theme.palette.text.secondary : theme.palette.primary.main
            }
            strokeWidth={plan ? undefined : 2}
            strokeDasharray={plan ? '4 3' : undefined}
            dot={false}
            isAnimationActive={false}
          />
          {elapsed !== undefined && elapsed <= end && (
            <ReferenceLine x={elapsed} stroke={theme.palette.primary.main} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

/** The planned users over time of a staged run, before it starts. */
export function StagesChart(props: {
  points: Array<{ t: number; users: number }>;
  height?: number;
}) {
  const { points, height = 140 } = props;
  return (
    <PlannedUsersChart
      points={points}
      end={points[points.length - 1]?.t ?? 0}
      height={height}
      look="ramp"
      testId="stages-chart"
    />
  );
}
