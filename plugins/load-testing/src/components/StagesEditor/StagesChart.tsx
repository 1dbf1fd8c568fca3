import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatSeconds } from '../common';

/** The planned users over time of a staged run, before it starts. */
export function StagesChart(props: {
  points: Array<{ t: number; users: number }>;
  height?: number;
}) {
  const { points, height = 140 } = props;
  const theme = useTheme();
  const end = points[points.length - 1]?.t ?? 0;
  return (
    <Box
      height={height}
      mt={1}
      data-testid="stages-chart"
      data-points={points.length}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart
          data={points}
          margin={{ top: 8, right: 16, left: 0, bottom: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" />
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
            formatter={(v: number) => [v, 'users']}
          />
          <Line
            type="linear"
            dataKey="users"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
