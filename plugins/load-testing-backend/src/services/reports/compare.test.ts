import { EndpointStats, RunTotals } from '@internal/plugin-load-testing-common';
import {
  CompareInput,
  compareConditions,
  compareEndpoints,
  compareRuns,
  describeDifferences,
  figureChange,
} from './compare';

const stats = (
  name: string,
  over: Partial<EndpointStats> & { p95?: number } = {},
): EndpointStats => ({
  method: name === 'Aggregated' ? '' : 'GET',
  name,
  requests: 100,
  failures: 0,
  failureRatio: 0,
  averageMs: 50,
  minMs: 1,
  maxMs: 500,
  averageContentLength: 10,
  rps: 10,
  failuresPerSecond: 0,
  percentiles: { p50: 40, p95: over.p95 ?? 100, p99: 200 },
  ...over,
});

const totals = (
  endpoints: EndpointStats[],
  total: EndpointStats,
): RunTotals => ({
  total,
  endpoints,
  durationSeconds: 10,
  peakUsers: 5,
});

const run = (id: string, over: Partial<CompareInput> = {}): CompareInput => ({
  id,
  scenarioId: 's1',
  scenarioName: 'smoke',
  entityRef: 'component:default/shop-api',
  status: 'succeeded',
  verdict: 'pass',
  createdAt: '2026-12-01T10:00:00.000Z',
  parameters: {
    users: 10,
    spawnRate: 5,
    duration: 10,
    workers: 1,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  scriptVersion: 'sha256:aaaaaaaaaaaa',
  ...over,
});

describe('figureChange', () => {
  it('calls lower latency better and higher latency worse', () => {
    expect(figureChange('p95', 100, 80)).toEqual({
      absolute: -20,
      percent: -20,
      direction: 'better',
    });
    expect(figureChange('p95', 100, 123)).toEqual({
      absolute: 23,
      percent: 23,
      direction: 'worse',
    });
  });

  it('calls higher RPS better', () => {
    expect(figureChange('rps', 10, 15).direction).toBe('better');
    expect(figureChange('rps', 10, 5).direction).toBe('worse');
  });

  it('treats a change under 2 % as the same, and 2 % as a change', () => {
    expect(figureChange('p95', 100, 101.9).direction).toBe('same');
    expect(figureChange('p95', 100, 98.1).direction).toBe('same');
    expect(figureChange('rps', 100, 102).direction).toBe('better');
    expect(figureChange('p99', 100, 102).direction).toBe('worse');
  });

  it('has no percent from a zero base, and judges by the sign', () => {
    expect(figureChange('failureRatio', 0, 0.05)).toEqual({
      absolute: 0.05,
      percent: null,
      direction: 'worse',
    });
    expect(figureChange('failureRatio', 0, 0)).toEqual({
      absolute: 0,
      percent: 0,
      direction: 'same',
    });
  });
});

describe('compareEndpoints', () => {
  it('puts the total first and lists endpoints of only some runs with nulls', () => {
    const a = totals(
      [stats('/a', { p95: 100 }), stats('/only-a', { p95: 10 })],
      stats('Aggregated', { p95: 100, rps: 20 }),
    );
    const b = totals(
      [stats('/a', { p95: 150 }), stats('/b', { p95: 30 })],
      stats('Aggregated', { p95: 120, rps: 30 }),
    );
    const rows = compareEndpoints([a, b]);
    expect(rows.map(r => `${r.method} ${r.name}`)).toEqual([
      ' Total',
      'GET /a',
      'GET /b',
      'GET /only-a',
    ]);
    expect(rows[0].total).toBe(true);
    expect(rows[0].figures.p95.values).toEqual([100, 120]);
    expect(rows[0].figures.p95.changes[1]).toEqual({
      absolute: 20,
      percent: 20,
      direction: 'worse',
    });
    expect(rows[0].figures.rps.changes[1]!.direction).toBe('better');
    expect(rows[1].figures.p95.changes).toEqual([
      null,
      { absolute: 50, percent: 50, direction: 'worse' },
    ]);
    const onlyB = rows[2];
    expect(onlyB.present).toEqual([false, true]);
    expect(onlyB.figures.p95).toEqual({
      values: [null, 30],
      changes: [null, null],
    });
    expect(rows[3].figures.rps.values).toEqual([10, null]);
  });

  it('has no percentiles or failure ratio for a run without requests', () => {
    const none = totals([], stats('Aggregated', { requests: 0, rps: 0 }));
    const some = totals([], stats('Aggregated'));
    const [total] = compareEndpoints([none, some]);
    expect(total.figures.p95.values).toEqual([null, 100]);
    expect(total.figures.failureRatio.values).toEqual([null, 0]);
    expect(total.figures.rps.values).toEqual([0, 10]);
    expect(total.present).toEqual([false, true]);
  });

  it('compares up to four runs, each against the first', () => {
    const t = (p95: number) => totals([], stats('Aggregated', { p95 }));
    const [total] = compareEndpoints([t(100), t(100), t(50), undefined]);
    expect(total.figures.p95.changes.map(c => c?.direction ?? null)).toEqual([
      null,
      'same',
      'better',
      null,
    ]);
  });
});

describe('compareConditions', () => {
  it('finds the same conditions the same, whatever the key order', () => {
    const a = run('a', {
      parameters: {
        ...run('a').parameters,
        resources: { worker: { requests: { cpu: '1', memory: '1Gi' } } },
      },
    });
    const b = run('b', {
      parameters: {
        ...run('b').parameters,
        resources: { worker: { requests: { memory: '1Gi', cpu: '1' } } },
        tags: [],
      },
    });
    const conditions = compareConditions([a, b]);
    expect(conditions.every(c => c.same)).toBe(true);
    expect(compareRuns([a, b]).sameConditions).toBe(true);
  });

  it('names each differing condition with its values', () => {
    const a = run('a');
    const b = run('b', {
      parameters: { ...run('b').parameters, users: 20, workers: 2 },
      scriptVersion: 'sha256:bbbbbbbbbbbb',
    });
    const c = compareRuns([a, b]);
    expect(c.sameConditions).toBe(false);
    expect(c.differences).toEqual([
      'users 10 → 20',
      'workers 1 → 2',
      'scriptVersion sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb',
    ]);
    const users = c.conditions.find(x => x.field === 'users')!;
    expect(users).toEqual({ field: 'users', values: [10, 20], same: false });
  });

  it('compares stages rather than users when a run is staged', () => {
    const staged = run('b', {
      parameters: {
        ...run('b').parameters,
        stages: [{ duration: 10, users: 10, spawnRate: 5 }],
      },
      shape: { className: 'StagesShape' },
    });
    expect(describeDifferences(compareConditions([run('a'), staged]))).toEqual([
      'users 10 → none',
      'spawnRate 5 → none',
      'stages none → 1 item',
      'shape none → StagesShape',
    ]);
  });

  it('sees a different engine or cluster of a Kubernetes run', () => {
    const k = (id: string, image: string) =>
      run(id, {
        parameters: { ...run(id).parameters, executor: 'kubernetes' },
        kubernetes: { cluster: 'dev', namespace: `lt-${id}`, image },
      });
    const c = compareRuns([
      k('a', 'locustio/locust:2.43.1'),
      k('b', 'locustio/locust:2.44.0'),
    ]);
    expect(c.differences).toEqual([
      'engine locustio/locust:2.43.1 → locustio/locust:2.44.0',
    ]);
  });

  it('says whether the runs share a scenario', () => {
    expect(compareRuns([run('a'), run('b')]).sameScenario).toBe(true);
    expect(
      compareRuns([run('a'), run('b', { scenarioId: 's2' })]).sameScenario,
    ).toBe(false);
  });
});
