import { RunTotals } from '@internal/plugin-load-testing-common';
import { computeVerdict, describeException } from './verdict';

function totals(
  requests: number,
  failures = 0,
  extra: Partial<RunTotals['total']> = {},
): RunTotals {
  return {
    total: {
      method: '',
      name: 'Aggregated',
      requests,
      failures,
      failureRatio: requests ? failures / requests : 0,
      averageMs: requests ? 20 : 0,
      minMs: 0,
      maxMs: 0,
      averageContentLength: 0,
      rps: requests / 10,
      failuresPerSecond: 0,
      percentiles: {},
      ...extra,
    },
    endpoints: [],
    durationSeconds: 10,
    peakUsers: 1,
  };
}

const ZERO_DIVISION = {
  count: 5612,
  msg: 'division by zero',
  traceback:
    'Traceback (most recent call last):\n  File "/usr/lib/python3/site-packages/locust/user/task.py", line 347, in run\n    self.execute_next_task()\n  File "/tmp/runs/x/locustfile.py", line 9, in t\n    1 / 0\nZeroDivisionError: division by zero\n',
  nodes: ['worker-1'],
};

describe('computeVerdict', () => {
  it('passes only when every threshold held with data behind it', () => {
    const v = computeVerdict({
      thresholds: { percentiles: { p95: 200 }, maxFailureRatio: 0.05 },
      totals: totals(100, 1),
      histogram: { '10': 90, '100': 10 },
      exceptions: [],
      exitCode: 0,
    });
    expect(v.result).toBe('pass');
    expect(v.reasons).toEqual([]);
    expect(v.checks.map(c => [c.metric, c.actual, c.passed])).toEqual([
      ['requests', 100, true],
      ['p95', 100, true],
      ['failureRatio', 0.01, true],
      ['exceptions', 0, true],
      ['exitCode', 0, true],
    ]);
  });

  it('fails a threshold that did not hold, naming it', () => {
    const v = computeVerdict({
      thresholds: {
        percentiles: { p95: 50 },
        maxFailureRatio: 0.01,
        minRps: 50,
      },
      totals: totals(100, 2),
      histogram: { '10': 90, '100': 10 },
      exceptions: [],
    });
    expect(v.result).toBe('fail');
    expect(v.checks.filter(c => !c.passed).map(c => c.metric)).toEqual([
      'p95',
      'failureRatio',
      'rps',
    ]);
    expect(v.reasons).toEqual([
      'p95 100 ms > 50 ms',
      'failures 2 % > 1 %',
      'rps 10 RPS < 50 RPS',
    ]);
  });

  it('is inconclusive when no requests were made: a threshold with no data never passes', () => {
    const v = computeVerdict({
      thresholds: { percentiles: { p95: 300 } },
      totals: totals(0),
      histogram: {},
      exceptions: [],
      exitCode: 0,
    });
    expect(v.result).toBe('inconclusive');
    expect(v.reasons).toEqual(['no requests were made']);
    const p95 = v.checks.find(c => c.metric === 'p95')!;
    expect(p95).toMatchObject({
      actual: null,
      passed: false,
      outcome: 'inconclusive',
    });
  });

  it('names the exit code when no task ran and nothing raised', () => {
    const v = computeVerdict({
      thresholds: {},
      totals: totals(0),
      histogram: {},
      exceptions: [],
      exitCode: 2,
    });
    expect(v.result).toBe('inconclusive');
    expect(v.reasons?.[0]).toBe(
      "no requests were made; Locust exited 2: an error outside the tasks (a user's start, an event handler), see the logs",
    );
  });

  it('names the exception when every task raised', () => {
    const v = computeVerdict({
      thresholds: { percentiles: { p95: 300 } },
      totals: totals(0),
      histogram: {},
      exceptions: [ZERO_DIVISION],
      exitCode: 0,
    });
    expect(v.result).toBe('inconclusive');
    expect(v.reasons?.[0]).toBe(
      'no requests were made; every task raised: ZeroDivisionError: division by zero at script line 9 (5,612 times)',
    );
  });

  it('fails a run whose script raised while it made requests', () => {
    const v = computeVerdict({
      thresholds: { percentiles: { p95: 300 } },
      totals: totals(100),
      histogram: { '10': 100 },
      exceptions: [{ ...ZERO_DIVISION, count: 3 }],
      exitCode: 0,
    });
    expect(v.result).toBe('fail');
    expect(v.reasons).toEqual([
      'the script raised 3 exceptions: ZeroDivisionError: division by zero at script line 9',
    ]);
  });

  it('is inconclusive when Locust exited with an error', () => {
    const v = computeVerdict({
      thresholds: { percentiles: { p95: 300 } },
      totals: totals(100),
      histogram: { '10': 100 },
      exceptions: [],
      exitCode: 1,
    });
    expect(v.result).toBe('inconclusive');
    expect(v.reasons?.[0]).toMatch(/^Locust exited 1/);
  });

  it("applies Locust's own rule without thresholds: any failure fails", () => {
    const base = { thresholds: {}, histogram: { '10': 10 }, exceptions: [] };
    expect(computeVerdict({ ...base, totals: totals(10) }).result).toBe('pass');
    const v = computeVerdict({ ...base, totals: totals(10, 1) });
    expect(v.result).toBe('fail');
    expect(v.reasons?.[0]).toBe(
      '1 of 10 requests failed; with no thresholds set, any failure fails the run',
    );
  });
});

describe('describeException', () => {
  it('reads the message and the innermost script line', () => {
    expect(describeException(ZERO_DIVISION)).toBe(
      'ZeroDivisionError: division by zero at script line 9',
    );
    expect(
      describeException({
        count: 1,
        msg: 'KeyError()',
        traceback: '',
        nodes: [],
      }),
    ).toBe('KeyError');
  });
});
