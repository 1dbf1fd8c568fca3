import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ComponentProps, ReactNode, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatElapsed } from './chartData';

/** How the lines over a run's elapsed time are drawn. */
export const ELAPSED_LINE = {
  type: 'linear' as const,
  dot: false,
  isAnimationActive: false,
  strokeWidth: 2,
};

/** Dragging across a chart selects seconds `a` to `b` (elapsed). */
interface Selection {
  a: number;
  b: number;
}

/**
 * A line chart over seconds since a run started (rows keyed by `s`): its frame, axes,
 * tooltip and legend; the lines are its children. With `onSelect`, dragging across it
 * selects a span of seconds.
 */
export function ElapsedChart(props: {
  testId: string;
  title: string;
  /** Keep the title to one line (the full title as its tooltip). */
  titleNoWrap?: boolean;
  rows: Array<{ s: number }>;
  unit: string;
  height: number;
  domain: ComponentProps<typeof XAxis>['domain'];
  ticks: number[];
  /** Clip the lines to `domain` rather than widen it to the data. */
  allowDataOverflow?: boolean;
  /** A value as the tooltip shows it. */
  formatValue: (v: number) => number;
  onSelect?: (from: number, to: number) => void;
  /** Further `data-*` attributes of the chart's box. */
  data?: Record<string, string | number>;
  children: ReactNode;
}) {
  const theme = useTheme();
  const [selection, setSelection] = useState<Selection>();
  const { onSelect } = props;
  const at = (e: any): number | undefined =>
    typeof e?.activeLabel === 'number' ? e.activeLabel : undefined;
  const drag = onSelect && {
    onMouseDown: (e: any) => {
      const s = at(e);
      if (s !== undefined) setSelection({ a: s, b: s });
    },
    onMouseMove: (e: any) => {
      const s = at(e);
      if (selection && s !== undefined) setSelection({ ...selection, b: s });
    },
    onMouseUp: () => {
      if (selection && Math.abs(selection.b - selection.a) >= 2)
        onSelect(
          Math.min(selection.a, selection.b),
          Math.max(selection.a, selection.b),
        );
      setSelection(undefined);
    },
    onMouseLeave: () => setSelection(undefined),
    style: { cursor: 'crosshair', userSelect: 'none' as const },
  };
  const data = Object.fromEntries(
    Object.entries(props.data ?? {}).map(([k, v]) => [`data-${k}`, v]),
  );
  return (
    <Box data-testid={props.testId} data-points={props.rows.length} {...data}>
      <Typography
        variant="subtitle2"
        noWrap={props.titleNoWrap}
        title={props.titleNoWrap ? props.title : undefined}
      >
        {props.title}
      </Typography>
      <ResponsiveContainer width="100%" height={props.height}>
        <LineChart
          data={props.rows}
          margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          {...drag}
        >
          <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
          <XAxis
            dataKey="s"
            type="number"
            domain={props.domain}
            allowDataOverflow={props.allowDataOverflow}
            ticks={props.ticks}
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
              typeof v === 'number' ? props.formatValue(v) : v
            }
            contentStyle={{ background: theme.palette.background.paper }}
          />
          <Legend />
          {props.children}
          {selection && (
            <ReferenceArea
              x1={selection.a}
              x2={selection.b}
              fill={theme.palette.primary.main}
              fillOpacity={0.15}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}
