import { series } from '../../__fixtures__';
import {
  elapsedTicks,
  formatElapsed,
  toChartRows,
  trimLiveEdge,
} from './chartData';

describe('chart data', () => {
  const start = series.points[0].t - 1000;

  it('turns points into rows keyed by seconds since the start', () => {
    const rows = toChartRows(series, start);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ s: 1, rps: 15, users: 10, p95: 40 });
  });

  it('leaves out buckets that ended before the run started', () => {
    expect(toChartRows(series, start + 5000)[0].s).toBe(1);
    expect(toChartRows(series, start + 5000)).toHaveLength(25);
  });

  it('hides the incomplete seconds before the newest sample', () => {
    const rows = toChartRows(series, start);
    const lastSample = rows[29].t;
    expect(
      trimLiveEdge(rows, lastSample)
        .map(r => r.s)
        .pop(),
    ).toBe(28);
    expect(trimLiveEdge(rows, undefined)).toHaveLength(30);
  });

  it('puts ticks at whole steps', () => {
    expect(elapsedTicks(3)).toEqual([0, 1, 2, 3]);
    expect(elapsedTicks(19)).toEqual([0, 5, 10, 15]);
    expect(elapsedTicks(1800)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
    expect(formatElapsed(65)).toBe('1:05');
  });
});
