import { readDurationFromConfig } from '@backstage/config';
import { Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** Figures above which a run (or a plan version) waits for an approval. */
export interface ApprovalRules {
  aboveUsers?: number;
  aboveWorkers?: number;
  aboveMinutes?: number;
  aboveCoreHours?: number;
}

/** CPU-core-hour budgets over rolling windows. */
export interface QuotaBudgets {
  day?: number;
  week?: number;
}

export interface ApprovalsConfig {
  rules: ApprovalRules;
  /** How long an approval may wait before it expires. */
  expiresAfterMs: number;
  /** Whether the user who started a run may approve it. */
  allowSelfApproval: boolean;
  quotas: {
    perEntity: QuotaBudgets;
    perGroup: QuotaBudgets;
    /** CPU cores a local worker (and the local master) is counted for. */
    localCoresPerWorker: number;
  };
}

const DAY_MS = 24 * 3600 * 1000;

function positive(c: Config | undefined, key: string): number | undefined {
  const v = c?.getOptionalNumber(key);
  if (v === undefined) return undefined;
  if (!Number.isFinite(v) || v < 0)
    throw new Error(`loadTesting.${key} must be a number ≥ 0, got ${v}`);
  return v;
}

function budgets(c: Config | undefined, key: string): QuotaBudgets {
  return {
    day: positive(c, `${key}.day`),
    week: positive(c, `${key}.week`),
  };
}

/** `loadTesting.approvals` and `loadTesting.quotas`, with defaults. */
export function readApprovalsConfig(root: Config): ApprovalsConfig {
  const c = root.getOptionalConfig('loadTesting');
  const expiresAfterMs = c?.has('approvals.expiresAfter')
    ? durationToMilliseconds(
        readDurationFromConfig(c, { key: 'approvals.expiresAfter' }),
      )
    : DAY_MS;
  if (!(expiresAfterMs > 0))
    throw new Error('loadTesting.approvals.expiresAfter must be positive');
  return {
    rules: {
      aboveUsers: positive(c, 'approvals.rules.aboveUsers'),
      aboveWorkers: positive(c, 'approvals.rules.aboveWorkers'),
      aboveMinutes: positive(c, 'approvals.rules.aboveMinutes'),
      aboveCoreHours: positive(c, 'approvals.rules.aboveCoreHours'),
    },
    expiresAfterMs,
    allowSelfApproval:
      c?.getOptionalBoolean('approvals.allowSelfApproval') ?? false,
    quotas: {
      perEntity: budgets(c, 'quotas.perEntity'),
      perGroup: budgets(c, 'quotas.perGroup'),
      localCoresPerWorker: positive(c, 'quotas.localCoresPerWorker') ?? 1,
    },
  };
}

/** `24 h`, `90 min`, `45 s`: how long an approval waits, in words. */
export function formatWait(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}
