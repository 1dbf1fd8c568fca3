import {
  RunTotals,
  VerdictBaseline,
  VerdictCheck,
} from '@internal/plugin-load-testing-common';

/** The baseline a finishing run is judged against. */
export interface BaselineReference extends VerdictBaseline {
  /** When the baseline run was created: only later runs are compared with it. */
  createdAt: string;
}

/**
 * A failure ratio may grow by the margin, and by at least this much (a fraction): a
 * baseline with no failures would otherwise fail a run for a single one.
 */
export const FAILURE_RATIO_SLACK = 0.01;

const ms = (v: number) => `${Number(v.toFixed(1))} ms`;
const pct = (v: number) => `${Number((v * 100).toFixed(2))} %`;
const short = (runId: string) => runId.slice(0, 8);

/** The p95 a run may reach: the baseline's plus the margin. */
export function baselineP95Limit(p95Ms: number, marginPercent: number) {
  return p95Ms * (1 + marginPercent / 100);
}

/** The failure ratio a run may reach against a baseline's. */
export function baselineFailureLimit(ratio: number, marginPercent: number) {
  return Math.max(
    ratio * (1 + marginPercent / 100),
    ratio + FAILURE_RATIO_SLACK,
  );
}

/**
 * The checks of a run against its scenario's baseline: p95 not worse by more than the
 * margin, and the failure ratio not worse by more than the margin (at least one point).
 * A baseline without figures gives no check: no comparison, no green. A run without
 * requests gets checks with no data (its requests check already judges it).
 */
export function baselineChecks(
  baseline: VerdictBaseline,
  totals: RunTotals,
): VerdictCheck[] {
  const checks: VerdictCheck[] = [];
  const requests = totals.total.requests;
  const of = `the baseline run ${short(baseline.runId)}`;
  const margin = baseline.marginPercent;
  if (baseline.p95Ms !== undefined && baseline.p95Ms > 0) {
    const p95Ms = baseline.p95Ms;
    checks.push(
      baselineCheck(
        'baseline-p95',
        baselineP95Limit(p95Ms, margin),
        requests ? (totals.total.percentiles.p95 ?? null) : null,
        actual => {
          const change = ((actual - p95Ms) / p95Ms) * 100;
          const how =
            change >= 0
              ? `${Number(change.toFixed(1))} % worse than`
              : `${Number((-change).toFixed(1))} % better than`;
          return `p95 ${ms(actual)} is ${how} ${of} (${ms(p95Ms)}, margin ${margin} %)`;
        },
      ),
    );
  }
  if (baseline.failureRatio !== undefined) {
    const ratio = baseline.failureRatio;
    checks.push(
      baselineCheck(
        'baseline-failureRatio',
        baselineFailureLimit(ratio, margin),
        requests ? totals.total.failureRatio : null,
        (actual, threshold) =>
          `failures ${pct(actual)} against ${pct(ratio)} in ${of} (at most ${pct(threshold)} allowed)`,
      ),
    );
  }
  return checks;
}

/**
 * One check against the baseline: passed when `actual` is at most `threshold`,
 * inconclusive without data (`actual` null).
 */
function baselineCheck(
  metric: string,
  threshold: number,
  actual: number | null,
  describe: (actual: number, threshold: number) => string,
): VerdictCheck {
  const base = {
    metric,
    comparator: '<=' as const,
    threshold,
    actual,
    source: 'baseline' as const,
  };
  if (actual === null) {
    return {
      ...base,
      passed: false,
      outcome: 'inconclusive',
      message: 'no data: no requests',
    };
  }
  const passed = actual <= threshold;
  return {
    ...base,
    passed,
    ...(passed ? {} : { outcome: 'fail' as const }),
    message: describe(actual, threshold),
  };
}
