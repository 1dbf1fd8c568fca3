import { RunTotals } from '@internal/plugin-load-testing-common';
import { computeVerdict } from '../verdict';
import {
  baselineChecks,
  baselineFailureLimit,
  baselineP95Limit,
} from './baseline';

const totals = (p95: number, failureRatio = 0, requests = 100): RunTotals => {
  const stats = {
    method: '',
    name: 'Aggregated',
    requests,
    failures: Math.round(requests * failureRatio),
    failureRatio,
    averageMs: p95 / 2,
    minMs: 1,
    maxMs: p95 * 2,
    averageContentLength: 0,
    rps: 10,
    failuresPerSecond: 0,
    percentiles: (requests ? { p50: p95 / 2, p95 } : {}) as Record<
      string,
      number
    >,
  };
  return { total: stats, endpoints: [], durationSeconds: 10, peakUsers: 1 };
};

const baseline = {
  runId: 'aaaaaaaa-0000-4000-8000-000000000001',
  marginPercent: 10,
  p95Ms: 335,
  failureRatio: 0,
};

describe('baseline limits', () => {
  it('allows p95 up to the margin above the baseline', () => {
    expect(baselineP95Limit(335, 10)).toBeCloseTo(368.5);
    expect(baselineP95Limit(200, 0)).toBe(200);
  });

  it('allows failures to grow by the margin, and by at least a point', () => {
    expect(baselineFailureLimit(0, 10)).toBe(0.01);
    expect(baselineFailureLimit(0.5, 10)).toBeCloseTo(0.55);
  });
});

describe('baselineChecks', () => {
  it('fails a p95 worse than the margin allows, saying by how much', () => {
    const [p95, failures] = baselineChecks(baseline, totals(412));
    expect(p95).toMatchObject({
      metric: 'baseline-p95',
      comparator: '<=',
      actual: 412,
      source: 'baseline',
      passed: false,
      outcome: 'fail',
      message:
        'p95 412 ms is 23 % worse than the baseline run aaaaaaaa (335 ms, margin 10 %)',
    });
    expect(p95.threshold).toBeCloseTo(368.5);
    expect(failures).toMatchObject({
      metric: 'baseline-failureRatio',
      threshold: 0.01,
      actual: 0,
      passed: true,
    });
  });

  it('passes within the margin and says so', () => {
    const [p95] = baselineChecks(baseline, totals(360));
    expect(p95.passed).toBe(true);
    expect(p95.message).toBe(
      'p95 360 ms is 7.5 % worse than the baseline run aaaaaaaa (335 ms, margin 10 %)',
    );
    expect(baselineChecks(baseline, totals(300))[0].message).toMatch(
      /10.4 % better than/,
    );
  });

  it('fails failures beyond the allowance', () => {
    const [, failures] = baselineChecks(baseline, totals(300, 0.05));
    expect(failures).toMatchObject({ passed: false, outcome: 'fail' });
    expect(failures.message).toBe(
      'failures 5 % against 0 % in the baseline run aaaaaaaa (at most 1 % allowed)',
    );
  });

  it('gives no check for a baseline without figures', () => {
    expect(
      baselineChecks({ runId: 'x', marginPercent: 10 }, totals(300)),
    ).toEqual([]);
  });

  it('gives checks with no data to a run without requests', () => {
    const checks = baselineChecks(baseline, totals(0, 0, 0));
    expect(checks.map(c => [c.actual, c.passed, c.outcome])).toEqual([
      [null, false, 'inconclusive'],
      [null, false, 'inconclusive'],
    ]);
  });
});

describe('the verdict against a baseline', () => {
  const input = (p95: number) => ({
    thresholds: { percentiles: { p95: 1000 } },
    totals: totals(p95),
    histogram: { [String(p95)]: 100 },
    exceptions: [],
    exitCode: 0,
    baseline,
  });

  it('fails a run that met its thresholds but is worse than the baseline', () => {
    const v = computeVerdict(input(412));
    expect(v.result).toBe('fail');
    expect(v.baseline).toEqual(baseline);
    expect(v.reasons).toEqual([
      'p95 412 ms is 23 % worse than the baseline run aaaaaaaa (335 ms, margin 10 %)',
    ]);
  });

  it('passes a run as good as its baseline, naming the baseline', () => {
    const v = computeVerdict(input(340));
    expect(v.result).toBe('pass');
    expect(v.baseline?.runId).toBe(baseline.runId);
    expect(v.checks.filter(c => c.source === 'baseline')).toHaveLength(2);
  });

  it("keeps Locust's own rule when the scenario sets no thresholds", () => {
    const v = computeVerdict({ ...input(340), thresholds: {} });
    expect(v.checks.map(c => c.metric)).toEqual([
      'requests',
      'failureRatio',
      'baseline-p95',
      'baseline-failureRatio',
      'exceptions',
      'exitCode',
    ]);
  });

  it('says nothing of a baseline it could not compare with', () => {
    const v = computeVerdict({
      ...input(340),
      baseline: { runId: 'x', marginPercent: 10 },
    });
    expect(v.baseline).toBeUndefined();
    expect(v.checks.some(c => c.source === 'baseline')).toBe(false);
  });
});
