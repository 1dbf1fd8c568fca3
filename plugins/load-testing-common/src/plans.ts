import type { RunParameters, RunStatus, VerdictResult } from './types';

/**
 * One step of a plan: a scenario with overrides of its run parameters (stages too).
 * @public
 */
export interface PlanStep {
  scenarioId: string;
  /** Overrides of the scenario's parameters, as in POST /runs. */
  parameters?: Partial<RunParameters>;
}

/** Steps that run side by side; a plan's groups run one after another. @public */
export interface PlanGroup {
  steps: PlanStep[];
}

/** When a plan fires by itself. @public */
export interface PlanSchedule {
  /** Five-field cron, e.g. `0 2 * * 1-5`. */
  cron: string;
  /** IANA time zone the cron is read in, e.g. `Europe/Paris`. */
  timezone: string;
}

/**
 * What a fire does while the plan's previous run is still active: `skip` it (recorded
 * as a skipped plan run), or `queue` one run that starts when the active one ends.
 * @public
 */
export type PlanOverlap = 'skip' | 'queue';

/** Body of POST /plans and PUT /plans/:id. @public */
export interface PlanInput {
  entityRef: string;
  name: string;
  description?: string;
  groups: PlanGroup[];
  /** Stop at the first step that does not pass; else run every group. */
  stopOnFailure: boolean;
  /** None: the plan fires only by hand. */
  schedule?: PlanSchedule | null;
  overlap: PlanOverlap;
  enabled: boolean;
}

/** @public */
export interface Plan extends PlanInput {
  id: string;
  /** Grows when the steps or the schedule change: what an approval is given for. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy?: string;
  updatedAt: string;
  /** When the schedule fires next, for an enabled plan with a schedule. */
  nextRunAt?: string;
  /** The newest plan run. */
  lastRun?: PlanRunSummary;
  /** The approval of this version, when the approval rules ask for one. */
  approval?: ApprovalSummary;
}

/**
 * `queued`: waits for the plan's active run (overlap `queue`); `awaiting-approval`: the
 * plan version needs an approval; `skipped`: fired while the previous run was active.
 * @public
 */
export type PlanRunStatus =
  | 'queued'
  | 'awaiting-approval'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'skipped';

/** @public */
export const TERMINAL_PLAN_RUN_STATUSES: ReadonlyArray<PlanRunStatus> = [
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
];

/** One step of a plan run. @public */
export interface PlanRunStep {
  /** Index of its group, and of the step in the group. */
  group: number;
  index: number;
  scenarioId: string;
  scenarioName: string;
  /** Set once its run was created. */
  runId?: string;
  /** `not-started`: an earlier step stopped the plan, or the plan run ended before it. */
  status: RunStatus | 'not-started';
  verdict?: VerdictResult;
  verdictReason?: string;
  /** Why the step could not start (a refusal by admission, a deleted scenario). */
  error?: string;
}

/** @public */
export interface PlanRunSummary {
  id: string;
  planId: string;
  planName: string;
  planVersion: number;
  entityRef: string;
  trigger: 'schedule' | 'manual';
  triggeredBy: string;
  status: PlanRunStatus;
  /** Pass only if every step passed; an inconclusive step makes it inconclusive. */
  verdict?: VerdictResult;
  verdictReason?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/** @public */
export interface PlanRun extends PlanRunSummary {
  steps: PlanRunStep[];
}

/** @public */
export type ApprovalState = 'pending' | 'approved' | 'denied' | 'expired';

/** What an approval lets start: one run, or a version of a plan. @public */
export type ApprovalSubject =
  | { kind: 'run'; runId: string }
  | { kind: 'plan'; planId: string; planVersion: number };

/** The size of what waits for approval, as the rules measure it. @public */
export interface LoadEstimate {
  users: number;
  workers: number;
  durationSeconds: number;
  /** workers × CPU request × duration, in CPU-core-hours. */
  coreHours: number;
}

/** @public */
export interface ApprovalSummary {
  id: string;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  expiresAt: string;
}

/** @public */
export interface Approval extends ApprovalSummary {
  subject: ApprovalSubject;
  entityRef: string;
  /** The scenario or plan name, for lists. */
  title: string;
  requestedBy: string;
  requestedAt: string;
  /** The rules that asked for it, e.g. `200 users is above 100 (loadTesting.approvals.rules)`. */
  reasons: string[];
  estimate: LoadEstimate;
}

/** Body of POST /approvals/:id/decision. @public */
export interface ApprovalDecision {
  decision: 'approve' | 'deny';
  comment?: string;
}

/** One budget and how much of it is used. @public */
export interface QuotaUsage {
  scope: 'entity' | 'group';
  /** The entity, or the owning group. */
  ref: string;
  period: 'day' | 'week';
  usedCoreHours: number;
  limitCoreHours: number;
  /** When the oldest counted run leaves the period, freeing some of the budget. */
  resetsAt?: string;
}
