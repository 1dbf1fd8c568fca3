import { QuotaUsage } from '@internal/plugin-load-testing-common';
import { QuotaRunRow } from '../../database/ApprovalStore';

export const PERIOD_MS = {
  day: 24 * 3600 * 1000,
  week: 7 * 24 * 3600 * 1000,
} as const;

/**
 * What a run counts for: its estimate while it is waiting or active; once it ended, the
 * share of the estimate it really ran (its real time over its time limit), nothing if it
 * never started (denied, expired, cancelled while waiting).
 */
export function countedCoreHours(run: QuotaRunRow): number {
  if (!['succeeded', 'failed', 'cancelled', 'lost'].includes(run.status))
    return run.coreHours;
  if (!run.startedAt || !run.finishedAt || !(run.durationSeconds > 0)) return 0;
  const seconds =
    (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  return Math.max(0, (run.coreHours * seconds) / run.durationSeconds);
}

/** Use of one budget over a rolling window that ends `now`. */
export function usageOf(
  runs: QuotaRunRow[],
  budget: Omit<QuotaUsage, 'usedCoreHours' | 'resetsAt'>,
  now: number,
): QuotaUsage {
  const since = now - PERIOD_MS[budget.period];
  let used = 0;
  let oldest: number | undefined;
  for (const run of runs) {
    const created = Date.parse(run.createdAt);
    if (created < since) continue;
    const counted = countedCoreHours(run);
    if (counted <= 0) continue;
    used += counted;
    if (oldest === undefined || created < oldest) oldest = created;
  }
  return {
    ...budget,
    usedCoreHours: Math.round(used * 1000) / 1000,
    resetsAt:
      oldest === undefined
        ? undefined
        : new Date(oldest + PERIOD_MS[budget.period]).toISOString(),
  };
}

/** `38.2`: core-hours as refusals show them. */
export function oneDecimal(n: number): string {
  return (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '.0');
}

/** The refusal of a run that does not fit a budget, or undefined when it fits. */
export function overBudget(
  usage: QuotaUsage,
  needs: number,
): string | undefined {
  if (usage.usedCoreHours + needs <= usage.limitCoreHours + 1e-9)
    return undefined;
  const key = `loadTesting.quotas.${usage.scope === 'entity' ? 'perEntity' : 'perGroup'}.${usage.period}`;
  const when = usage.period === 'day' ? 'in the last 24 hours' : 'this week';
  return `${usage.ref} has used ${oneDecimal(usage.usedCoreHours)} of ${usage.limitCoreHours} CPU-core-hours ${when} (${key}); this run needs ${oneDecimal(needs)}`;
}
