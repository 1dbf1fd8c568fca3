import { SampleRow, SecondRow } from '../database/Store';
import { computeSeries } from './results';

const T0 = 1_800_000_000_000;
const full = (
  seq: number,
  ts: number,
  users: number,
  h: Record<string, number>,
): SampleRow => ({
  runId: 'r',
  seq,
  ts,
  userCount: users,
  endpoints: { '': { r: 1, f: 0, t: 1, h }, 'GET /a': { r: 1, f: 0, t: 1, h } },
});
const tick = (seq: number, ts: number, users: number): SampleRow => ({
  runId: 'r',
  seq,
  ts,
  userCount: users,
  endpoints: {},
});

describe('computeSeries', () => {
  const samples = [
    tick(1, T0 + 1000, 2),
    tick(2, T0 + 2000, 4),
    tick(3, T0 + 3000, 6),
    tick(4, T0 + 4000, 8),
    full(5, T0 + 5000, 10, { '10': 9, '100': 1 }),
    tick(6, T0 + 6000, 10),
    full(7, T0 + 10000, 10, { '50': 2 }),
  ];
  const seconds: SecondRow[] = Array.from({ length: 10 }, (_, i) => ({
    second: T0 / 1000 + i,
    requests: 10 * i,
    failures: i % 2,
    endpoints: { 'GET /a': [10 * i, i % 2] },
  }));

  it('gives per-second RPS, users from ticks, and percentiles of the covering full sample', () => {
    const points = computeSeries({
      samples,
      seconds,
      endpoint: null,
      percentiles: ['p50', 'p99'],
      points: 100,
      startMs: T0,
    });
    expect(points).toHaveLength(10);
    expect(points.map(p => p.rps)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90,
    ]);
    expect(points.map(p => p.users)).toEqual([
      2, 4, 6, 8, 10, 10, 10, 10, 10, 10,
    ]);
    // the first full sample covers seconds 0-4, the second seconds 5-9; second 0
    // had no request, so it has no percentile
    expect(points[0].percentiles).toEqual({ p50: null, p99: null });
    expect(points[1].percentiles).toEqual({ p50: 10, p99: 100 });
    expect(points[4].percentiles).toEqual({ p50: 10, p99: 100 });
    expect(points[5].percentiles).toEqual({ p50: 50, p99: 50 });
  });

  it('leaves out the seconds of a live run that are still being counted', () => {
    const points = computeSeries({
      samples,
      seconds,
      endpoint: null,
      percentiles: ['p50'],
      points: 100,
      startMs: T0,
      completeUntilMs: T0 + 8000,
    });
    expect(points.map(p => p.t - T0)).toEqual([
      1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000,
    ]);
  });

  it('downsamples by summing requests and merging histograms', () => {
    const points = computeSeries({
      samples,
      seconds,
      endpoint: 'GET /a',
      percentiles: ['p50'],
      points: 2,
      startMs: T0,
    });
    expect(points).toHaveLength(2);
    expect(points[0].requests).toBe(100);
    expect(points[0].rps).toBe(20);
    expect(points[1].percentiles).toEqual({ p50: 50 });
  });
});
