import { series } from '../../__fixtures__';
import {
  elapsedTicks,
  formatElapsed,
  panWindow,
  parseWindow,
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

describe('the zoomed window', () => {
  const run = { from: 1_000_000, to: 1_000_000 + 86_400_000 };

  it('is read from the page query only when both ends are times, from first', () => {
    expect(parseWindow('1000', '5000')).toEqual({ from: 1000, to: 5000 });
    for (const [from, to] of [
      [null, '5000'],
      ['5000', '1000'],
      ['x', '5000'],
      ['1000', '1e400'],
      ['-5', '10'],
    ])
      expect(parseWindow(from, to)).toBeUndefined();
  });

  it('pans by half its width and stays inside the run', () => {
    const hour = { from: run.from + 3_600_000, to: run.from + 7_200_000 };
    expect(panWindow(hour, 1, run)).toEqual({
      from: run.from + 5_400_000,
      to: run.from + 9_000_000,
    });
    expect(panWindow(hour, -1, run)).toEqual({
      from: run.from + 1_800_000,
      to: run.from + 5_400_000,
    });
    expect(panWindow(panWindow(hour, -1, run), -1, run).from).toBe(run.from);
    const end = { from: run.to - 3_600_000, to: run.to };
    expect(panWindow(end, 1, run)).toEqual(end);
  });

  it('labels hours past the first as h:mm:ss, and ticks a window from its start', () => {
    expect(formatElapsed(59)).toBe('0:59');
    expect(formatElapsed(3599)).toBe('59:59');
    expect(formatElapsed(86_400)).toBe('24:00:00');
    // an hour in 10-minute steps, from the window's first whole step
    expect(elapsedTicks(7200, 8, 3600)).toEqual([
      3600, 4200, 4800, 5400, 6000, 6600, 7200,
    ]);
    expect(elapsedTicks(7000, 8, 3650)[0]).toBe(4200);
  });
});
