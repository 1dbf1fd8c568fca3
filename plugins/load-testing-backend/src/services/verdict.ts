import {
  Histogram,
  RunException,
  RunTotals,
  Thresholds,
  Verdict,
  VerdictBaseline,
  VerdictCheck,
  histogramCount,
  parsePercentileKey,
  percentileFromHistogram,
  scriptLineOf,
} from '@internal/plugin-load-testing-common';
import { baselineChecks } from './reports/baseline';

/** What a finished run gives its verdict. */
export interface VerdictInput {
  thresholds: Thresholds;
  totals: RunTotals;
  /** The merged response-time histogram of every request of the run. */
  histogram: Histogram;
  exceptions: RunException[];
  /** Locust's exit code, when the master reported or the executor saw it. */
  exitCode?: number;
  /** The scenario's baseline run, when it has one to compare with. */
  baseline?: VerdictBaseline;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `ZeroDivisionError('division by zero')` → `ZeroDivisionError: division by zero`. */
function describeMessage(msg: string): string {
  const m = /^([A-Za-z_][\w.]*)\(['"]?([\s\S]*?)['"]?,?\)$/.exec(msg.trim());
  if (!m) return msg.trim().slice(0, 200);
  return m[2] ? `${m[1]}: ${m[2].slice(0, 200)}` : m[1];
}

/** The exception's own last line in a traceback: `ZeroDivisionError: division by zero`. */
function lastLineOf(traceback: string): string | undefined {
  const lines = traceback
    .split('\n')
    .map(l => l.trimEnd())
    .filter(Boolean);
  const last = lines[lines.length - 1];
  return last && /^[A-Za-z_][\w.]*(:|$)/.test(last) ? last : undefined;
}

/** The most frequent exception, e.g. `ZeroDivisionError: division by zero at script line 9`. */
export function describeException(e: RunException): string {
  const line = scriptLineOf(e.traceback ?? '');
  const what = e.type
    ? `${e.type}${e.msg ? `: ${e.msg}` : ''}`
    : (lastLineOf(e.traceback ?? '') ?? describeMessage(e.msg));
  return `${what.slice(0, 300)}${line ? ` at script line ${line}` : ''}`;
}

/**
 * One check. A check with no data behind it never passes and leaves the verdict
 * inconclusive; one that did not hold gives `outcome`, with `message` when set.
 */
function check(
  metric: string,
  comparator: '<=' | '>=',
  threshold: number,
  actual: number | null,
  source: 'threshold' | 'run',
  failed: { outcome: 'fail' | 'inconclusive'; message?: string } = {
    outcome: 'fail',
  },
): VerdictCheck {
  const base = { metric, comparator, threshold, actual, source };
  if (actual === null)
    return {
      ...base,
      passed: false,
      outcome: 'inconclusive',
      message: 'no data: no requests',
    };
  const passed =
    comparator === '<=' ? actual <= threshold : actual >= threshold;
  return passed ? { ...base, passed } : { ...base, passed, ...failed };
}

function thresholdChecks(input: VerdictInput): VerdictCheck[] {
  const { thresholds: t, totals, histogram } = input;
  const requests = totals.total.requests;
  const timed = histogramCount(histogram);
  const checks: VerdictCheck[] = [];
  for (const [key, ms] of Object.entries(t.percentiles ?? {})) {
    const p = parsePercentileKey(key);
    if (p === undefined) continue;
    const actual = timed ? percentileFromHistogram(histogram, p, timed) : null;
    checks.push(check(key, '<=', ms, actual, 'threshold'));
  }
  if (t.maxAverageMs !== undefined) {
    const actual = timed ? totals.total.averageMs : null;
    checks.push(check('average', '<=', t.maxAverageMs, actual, 'threshold'));
  }
  if (t.maxFailureRatio !== undefined) {
    const actual = requests ? totals.total.failureRatio : null;
    checks.push(
      check('failureRatio', '<=', t.maxFailureRatio, actual, 'threshold'),
    );
  }
  if (t.minRps !== undefined) {
    const actual = requests ? totals.total.rps : null;
    checks.push(check('rps', '>=', t.minRps, actual, 'threshold'));
  }
  return checks;
}

/** Why a run made no requests, as far as it said. */
function noRequestsReason(
  top: RunException | undefined,
  raised: number,
  exitCode: number | undefined,
): string {
  if (top)
    return `no requests were made; every task raised: ${describeException(top)} (${count(raised)} times)`;
  if (exitCode)
    return `no requests were made; Locust exited ${exitCode}: an error outside the tasks (a user's start, an event handler), see the logs`;
  return 'no requests were made';
}

/**
 * The verdict of a completed run. Every run is checked for requests made, exceptions and
 * Locust's exit code besides its thresholds; without thresholds, any failed request fails
 * it (Locust's own rule). Inconclusive beats fail: a run that made no requests says
 * nothing about the service, whatever else it did.
 */
export function computeVerdict(input: VerdictInput): Verdict {
  const { totals, exceptions, exitCode } = input;
  const requests = totals.total.requests;
  const raised = exceptions.reduce((n, e) => n + (e.count ?? 0), 0);
  const top = [...exceptions].sort((a, b) => b.count - a.count)[0];

  const checks = [
    check('requests', '>=', 1, requests, 'run', {
      outcome: 'inconclusive',
      message: noRequestsReason(top, raised, exitCode),
    }),
    ...thresholdChecks(input),
  ];
  if (checks.length === 1) {
    const failures = totals.total.failures;
    checks.push(
      check(
        'failureRatio',
        '<=',
        0,
        requests ? totals.total.failureRatio : null,
        'run',
        {
          outcome: 'fail',
          message: `${count(failures)} of ${count(requests)} requests failed; with no thresholds set, any failure fails the run`,
        },
      ),
    );
  }
  const againstBaseline = input.baseline
    ? baselineChecks(input.baseline, totals)
    : [];
  checks.push(...againstBaseline);
  if (top) {
    const others =
      exceptions.length > 1
        ? ` and ${exceptions.length - 1} other kind(s)`
        : '';
    checks.push(
      check('exceptions', '<=', 0, raised, 'run', {
        outcome: 'fail',
        message: `the script raised ${count(raised)} exception${raised === 1 ? '' : 's'}: ${describeException(top)}${others}`,
      }),
    );
  } else {
    checks.push(check('exceptions', '<=', 0, 0, 'run'));
  }
  if (exitCode !== undefined) {
    checks.push(
      check('exitCode', '<=', 0, exitCode, 'run', {
        outcome: 'inconclusive',
        message: `Locust exited ${exitCode}: the script or Locust reported an error (see the master log)`,
      }),
    );
  }

  const failed = checks.filter(c => !c.passed);
  const inconclusive = failed.filter(c => c.outcome === 'inconclusive');
  let result: Verdict['result'] = 'pass';
  if (inconclusive.length) result = 'inconclusive';
  else if (failed.length) result = 'fail';
  // with no requests, that thresholds had no data says nothing more
  const reasons = [...inconclusive, ...failed.filter(c => c.outcome === 'fail')]
    .filter(c => requests > 0 || c.actual !== null)
    .map(c => c.message ?? describeCheck(c))
    .filter((r, i, all) => all.indexOf(r) === i);
  const baseline = againstBaseline.length
    ? {
        runId: input.baseline!.runId,
        marginPercent: input.baseline!.marginPercent,
        p95Ms: input.baseline!.p95Ms,
        failureRatio: input.baseline!.failureRatio,
      }
    : undefined;
  return { result, checks, reasons, ...(baseline ? { baseline } : {}) };
}

/** A value as a check states it: `420 ms`, `2 %`, `10 RPS`. */
function formatValue(metric: string, v: number): string {
  if (metric === 'failureRatio') return `${Number((v * 100).toFixed(2))} %`;
  const unit = metric === 'rps' ? ' RPS' : ' ms';
  return `${Number(v.toFixed(1))}${unit}`;
}

/** `p95 420 ms > 300 ms` for a threshold that did not hold. */
function describeCheck(c: VerdictCheck): string {
  const op = c.comparator === '<=' ? '>' : '<';
  const name = c.metric === 'failureRatio' ? 'failures' : c.metric;
  const actual =
    c.actual === null ? 'no data' : formatValue(c.metric, c.actual);
  return `${name} ${actual} ${op} ${formatValue(c.metric, c.threshold)}`;
}
