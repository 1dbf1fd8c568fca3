import {
  Histogram,
  RunException,
  RunTotals,
  Thresholds,
  Verdict,
  VerdictCheck,
  histogramCount,
  parsePercentileKey,
  percentileFromHistogram,
  scriptLineOf,
} from '@internal/plugin-load-testing-common';

/** What a finished run gives its verdict. */
export interface VerdictInput {
  thresholds: Thresholds;
  totals: RunTotals;
  /** The merged response-time histogram of every request of the run. */
  histogram: Histogram;
  exceptions: RunException[];
  /** Locust's exit code, when the master reported or the executor saw it. */
  exitCode?: number;
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

function thresholdChecks(input: VerdictInput): VerdictCheck[] {
  const { thresholds: t, totals, histogram } = input;
  const checks: VerdictCheck[] = [];
  const requests = totals.total.requests;
  const timed = histogramCount(histogram);
  const limit = (
    metric: string,
    threshold: number,
    actual: number | null,
    comparator: '<=' | '>=' = '<=',
  ) => {
    const passed =
      actual !== null &&
      (comparator === '<=' ? actual <= threshold : actual >= threshold);
    checks.push({
      metric,
      comparator,
      threshold,
      actual,
      passed,
      source: 'threshold',
      ...(passed
        ? {}
        : actual === null
          ? { outcome: 'inconclusive', message: 'no data: no requests' }
          : { outcome: 'fail' }),
    });
  };
  for (const [key, ms] of Object.entries(t.percentiles ?? {})) {
    const p = parsePercentileKey(key);
    if (p === undefined) continue;
    limit(key, ms, timed ? percentileFromHistogram(histogram, p, timed) : null);
  }
  if (t.maxAverageMs !== undefined)
    limit('average', t.maxAverageMs, timed ? totals.total.averageMs : null);
  if (t.maxFailureRatio !== undefined)
    limit(
      'failureRatio',
      t.maxFailureRatio,
      requests ? totals.total.failureRatio : null,
    );
  if (t.minRps !== undefined)
    limit('rps', t.minRps, requests ? totals.total.rps : null, '>=');
  return checks;
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
  const checks: VerdictCheck[] = [];

  const noRequests = top
    ? `no requests were made; every task raised: ${describeException(top)} (${count(raised)} times)`
    : 'no requests were made';
  checks.push({
    metric: 'requests',
    comparator: '>=',
    threshold: 1,
    actual: requests,
    passed: requests >= 1,
    source: 'run',
    ...(requests >= 1 ? {} : { outcome: 'inconclusive', message: noRequests }),
  });

  const thresholds = thresholdChecks(input);
  checks.push(...thresholds);
  if (thresholds.length === 0) {
    const ratio = requests ? totals.total.failureRatio : null;
    checks.push({
      metric: 'failureRatio',
      comparator: '<=',
      threshold: 0,
      actual: ratio,
      passed: ratio === 0,
      source: 'run',
      ...(ratio === 0
        ? {}
        : ratio === null
          ? { outcome: 'inconclusive', message: 'no data: no requests' }
          : {
              outcome: 'fail',
              message: `${count(totals.total.failures)} of ${count(requests)} requests failed; with no thresholds set, any failure fails the run`,
            }),
    });
  }

  checks.push({
    metric: 'exceptions',
    comparator: '<=',
    threshold: 0,
    actual: raised,
    passed: raised === 0,
    source: 'run',
    ...(raised === 0 || !top
      ? {}
      : {
          outcome: 'fail',
          message: `the script raised ${count(raised)} exception${raised === 1 ? '' : 's'}: ${describeException(top)}${
            exceptions.length > 1
              ? ` and ${exceptions.length - 1} other kind(s)`
              : ''
          }`,
        }),
  });

  if (exitCode !== undefined) {
    checks.push({
      metric: 'exitCode',
      comparator: '<=',
      threshold: 0,
      actual: exitCode,
      passed: exitCode === 0,
      source: 'run',
      ...(exitCode === 0
        ? {}
        : {
            outcome: 'inconclusive',
            message: `Locust exited ${exitCode}: the script or Locust reported an error (see the master log)`,
          }),
    });
  }

  const failed = checks.filter(c => !c.passed);
  const inconclusive = failed.filter(c => c.outcome === 'inconclusive');
  const result = inconclusive.length
    ? 'inconclusive'
    : failed.length
      ? 'fail'
      : 'pass';
  const reasons = [
    ...inconclusive,
    ...failed.filter(c => c.outcome !== 'inconclusive'),
  ]
    .map(c => c.message ?? describeCheck(c))
    .filter((r, i, all) => all.indexOf(r) === i);
  return { result, checks, reasons };
}

/** `p95 420 ms > 300 ms` for a threshold that did not hold. */
function describeCheck(c: VerdictCheck): string {
  const op = c.comparator === '<=' ? '>' : '<';
  const unit = ['failureRatio'].includes(c.metric)
    ? ''
    : c.metric === 'rps'
      ? ' RPS'
      : ' ms';
  const value = (v: number | null) =>
    v === null
      ? 'no data'
      : c.metric === 'failureRatio'
        ? `${Number((v * 100).toFixed(2))} %`
        : `${Number(v.toFixed(1))}${unit}`;
  return `${c.metric === 'failureRatio' ? 'failures' : c.metric} ${value(c.actual)} ${op} ${value(c.threshold)}`;
}
