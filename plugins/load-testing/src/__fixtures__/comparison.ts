import {
  ComparedFigure,
  RunComparison,
  ScenarioTrend,
} from '@internal/plugin-load-testing-common';

const fig = (
  values: Array<number | null>,
  direction?: 'better' | 'worse' | 'same',
  percent: number | null = 20,
): ComparedFigure => ({
  values,
  changes: values.map((v, i) =>
    i === 0 || v === null || values[0] === null
      ? null
      : { absolute: v - values[0]!, percent, direction: direction ?? 'same' },
  ),
});

/** Two runs of one scenario: the second with more users and a slower p95. */
export const comparison: RunComparison = {
  runs: [
    {
      id: 'run-a',
      scenarioId: 'sc-1',
      scenario: 'Browse and order',
      entityRef: 'component:default/shop-api',
      status: 'succeeded',
      verdict: 'pass',
      createdAt: '2026-11-27T08:00:00.000Z',
      startedAt: '2026-11-27T08:00:01.000Z',
      durationSeconds: 60,
    },
    {
      id: 'run-b',
      scenarioId: 'sc-1',
      scenario: 'Browse and order',
      entityRef: 'component:default/shop-api',
      status: 'succeeded',
      verdict: 'fail',
      createdAt: '2026-11-28T08:00:00.000Z',
      startedAt: '2026-11-28T08:00:01.000Z',
      durationSeconds: 60,
    },
  ],
  conditions: [
    { field: 'users', values: [10, 20], same: false },
    { field: 'workers', values: [1, 1], same: true },
    {
      field: 'host',
      values: ['http://127.0.0.1:7070', 'http://127.0.0.1:7070'],
      same: true,
    },
  ],
  sameConditions: false,
  differences: ['users 10 → 20'],
  sameScenario: true,
  endpoints: [
    {
      method: '',
      name: 'Total',
      total: true,
      present: [true, true],
      figures: {
        rps: fig([15, 18], 'better'),
        p50: fig([10, 10], 'same', 0),
        p95: fig([42, 50.4], 'worse'),
        p99: fig([52, 60], 'worse', 15.4),
        failureRatio: fig([0, 0], 'same', 0),
      },
    },
    {
      method: 'GET',
      name: '/api/items',
      present: [true, false],
      figures: {
        rps: fig([10, null]),
        p50: fig([10, null]),
        p95: fig([40, null]),
        p99: fig([50, null]),
        failureRatio: fig([0, null]),
      },
    },
  ],
};

/** Three completed runs of a scenario, the first its baseline. */
export const trend: ScenarioTrend = {
  scenarioId: 'sc-1',
  baseline: { runId: 'run-a', marginPercent: 10 },
  points: [
    {
      runId: 'run-a',
      createdAt: '2026-11-27T08:00:00.000Z',
      verdict: 'pass',
      rps: 15,
      p95Ms: 42,
      p50Ms: 10,
      failureRatio: 0,
      requests: 900,
      isBaseline: true,
    },
    {
      runId: 'run-b',
      createdAt: '2026-11-28T08:00:00.000Z',
      verdict: 'fail',
      rps: 18,
      p95Ms: 50.4,
      p50Ms: 10,
      failureRatio: 0,
      requests: 1080,
      isBaseline: false,
    },
    {
      runId: 'run-c',
      createdAt: '2026-11-29T08:00:00.000Z',
      verdict: 'pass',
      rps: 16,
      p95Ms: 44,
      p50Ms: 11,
      failureRatio: 0.01,
      requests: 960,
      isBaseline: false,
    },
  ],
};
