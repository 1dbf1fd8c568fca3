import { Knex } from 'knex';
import {
  PlanGroup,
  PlanOverlap,
  PlanRun,
  PlanRunStatus,
  PlanRunStep,
  VerdictResult,
} from '@internal/plugin-load-testing-common';

/** A stored plan: the API's plan without what is computed on reads. */
export interface PlanRow {
  id: string;
  entityRef: string;
  name: string;
  description?: string;
  groups: PlanGroup[];
  stopOnFailure: boolean;
  schedule?: { cron: string; timezone: string };
  overlap: PlanOverlap;
  enabled: boolean;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy?: string;
  updatedAt: string;
}

/** A stored plan run, with the slot a scheduled fire was for and who drives it. */
export interface PlanRunRow extends PlanRun {
  scheduledFor?: string;
  /** The approval of its plan version that lets its runs start. */
  approvalId?: string;
  claimedBy?: string;
  claimedAt?: string;
}

export type PlanRunPatch = Partial<
  Pick<
    PlanRunRow,
    | 'status'
    | 'verdict'
    | 'verdictReason'
    | 'steps'
    | 'startedAt'
    | 'finishedAt'
    | 'approvalId'
  >
>;

/** Plan runs that are not over: they hold the plan's overlap rule. */
export const ACTIVE_PLAN_RUN_STATUSES: PlanRunStatus[] = [
  'queued',
  'awaiting-approval',
  'running',
];

const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);

function toPlan(r: any): PlanRow {
  return {
    id: r.id,
    entityRef: r.entity_ref,
    name: r.name,
    description: str(r.description),
    groups: JSON.parse(r.groups),
    stopOnFailure: Boolean(r.stop_on_failure),
    schedule: r.schedule_cron
      ? { cron: r.schedule_cron, timezone: r.schedule_timezone ?? 'UTC' }
      : undefined,
    overlap: r.overlap,
    enabled: Boolean(r.enabled),
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: str(r.updated_by),
    updatedAt: r.updated_at,
  };
}

function planColumns(p: Partial<PlanRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.entityRef !== undefined) out.entity_ref = p.entityRef;
  if (p.name !== undefined) out.name = p.name;
  if ('description' in p) out.description = p.description ?? null;
  if (p.groups !== undefined) out.groups = JSON.stringify(p.groups);
  if (p.stopOnFailure !== undefined) out.stop_on_failure = p.stopOnFailure;
  if ('schedule' in p) {
    out.schedule_cron = p.schedule?.cron ?? null;
    out.schedule_timezone = p.schedule?.timezone ?? null;
  }
  if (p.overlap !== undefined) out.overlap = p.overlap;
  if (p.enabled !== undefined) out.enabled = p.enabled;
  if (p.version !== undefined) out.version = p.version;
  if (p.updatedBy !== undefined) out.updated_by = p.updatedBy;
  if (p.updatedAt !== undefined) out.updated_at = p.updatedAt;
  return out;
}

function toPlanRun(r: any): PlanRunRow {
  return {
    id: r.id,
    planId: r.plan_id,
    planName: r.plan_name,
    planVersion: Number(r.plan_version),
    entityRef: r.entity_ref,
    trigger: r.trigger,
    triggeredBy: r.triggered_by,
    status: r.status,
    verdict: str(r.verdict) as VerdictResult | undefined,
    verdictReason: str(r.verdict_reason),
    steps: JSON.parse(r.steps) as PlanRunStep[],
    createdAt: r.created_at,
    startedAt: str(r.started_at),
    finishedAt: str(r.finished_at),
    scheduledFor: str(r.scheduled_for),
    approvalId: str(r.approval_id),
    claimedBy: str(r.claimed_by),
    claimedAt: str(r.claimed_at),
  };
}

function planRunColumns(p: PlanRunPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (p.status !== undefined) out.status = p.status;
  if ('verdict' in p) out.verdict = p.verdict ?? null;
  if ('verdictReason' in p) out.verdict_reason = p.verdictReason ?? null;
  if (p.steps !== undefined) out.steps = JSON.stringify(p.steps);
  if (p.startedAt !== undefined) out.started_at = p.startedAt;
  if (p.finishedAt !== undefined) out.finished_at = p.finishedAt;
  if (p.approvalId !== undefined) out.approval_id = p.approvalId;
  return out;
}

/** Whether an insert failed on a unique index (SQLite and PostgreSQL say it differently). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/i.test(err?.message ?? '')
  );
}

/** Plans and plan runs: the only code that speaks their SQL. */
export class PlanStore {
  constructor(private readonly db: Knex) {}

  async createPlan(row: PlanRow): Promise<void> {
    await this.db('lt_plans').insert({
      id: row.id,
      ...planColumns(row),
      created_by: row.createdBy,
      created_at: row.createdAt,
    });
  }

  async getPlan(id: string): Promise<PlanRow | undefined> {
    const r = await this.db('lt_plans').where({ id }).first();
    return r ? toPlan(r) : undefined;
  }

  async getPlanByName(
    entityRef: string,
    name: string,
  ): Promise<PlanRow | undefined> {
    const r = await this.db('lt_plans')
      .where({ entity_ref: entityRef, name })
      .first();
    return r ? toPlan(r) : undefined;
  }

  async listPlans(entityRef: string): Promise<PlanRow[]> {
    const rows = await this.db('lt_plans')
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'name', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toPlan);
  }

  /** Enabled plans with a schedule: what the scheduler holds tasks for. */
  async listScheduledPlans(): Promise<PlanRow[]> {
    const rows = await this.db('lt_plans')
      .where({ enabled: true })
      .whereNotNull('schedule_cron');
    return rows.map(toPlan);
  }

  async updatePlan(id: string, patch: Partial<PlanRow>): Promise<void> {
    await this.db('lt_plans').where({ id }).update(planColumns(patch));
  }

  async deletePlan(id: string): Promise<void> {
    await this.db('lt_plans').where({ id }).delete();
  }

  /**
   * Records a plan run. A scheduled fire carries its slot: returns false, recording
   * nothing, when a run of the plan for that slot exists already.
   */
  async createPlanRun(row: PlanRunRow): Promise<boolean> {
    try {
      await this.db('lt_plan_runs').insert({
        id: row.id,
        plan_id: row.planId,
        plan_version: row.planVersion,
        plan_name: row.planName,
        entity_ref: row.entityRef,
        trigger: row.trigger,
        triggered_by: row.triggeredBy,
        scheduled_for: row.scheduledFor ?? null,
        created_at: row.createdAt,
        ...planRunColumns(row),
      });
      return true;
    } catch (e) {
      if (row.scheduledFor && isUniqueViolation(e)) return false;
      throw e;
    }
  }

  async getPlanRun(id: string): Promise<PlanRunRow | undefined> {
    const r = await this.db('lt_plan_runs').where({ id }).first();
    return r ? toPlanRun(r) : undefined;
  }

  /** A plan's runs, newest first. */
  async listPlanRuns(
    planId: string,
    page: { offset: number; limit: number },
  ): Promise<{ items: PlanRunRow[]; totalCount: number }> {
    const q = this.db('lt_plan_runs').where({ plan_id: planId });
    const [{ count }] = await q.clone().count({ count: '*' });
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(page.offset)
      .limit(page.limit);
    return { items: rows.map(toPlanRun), totalCount: Number(count) };
  }

  /** Plan runs with one of the statuses, oldest first; of one plan when given. */
  async listPlanRunsByStatus(
    statuses: PlanRunStatus[],
    options: { planId?: string; planVersion?: number; limit?: number } = {},
  ): Promise<PlanRunRow[]> {
    const q = this.db('lt_plan_runs').whereIn('status', statuses);
    if (options.planId) q.where('plan_id', options.planId);
    if (options.planVersion !== undefined)
      q.where('plan_version', options.planVersion);
    const rows = await q
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(options.limit ?? 1000);
    return rows.map(toPlanRun);
  }

  /** The newest run of each plan. */
  async latestPlanRuns(planIds: string[]): Promise<Map<string, PlanRunRow>> {
    const out = new Map<string, PlanRunRow>();
    if (planIds.length === 0) return out;
    const latest = this.db('lt_plan_runs')
      .select('plan_id')
      .max({ created_at: 'created_at' })
      .whereIn('plan_id', planIds)
      .groupBy('plan_id')
      .as('latest');
    const rows = await this.db('lt_plan_runs')
      .join(latest, function join() {
        this.on('lt_plan_runs.plan_id', '=', 'latest.plan_id').andOn(
          'lt_plan_runs.created_at',
          '=',
          'latest.created_at',
        );
      })
      .select('lt_plan_runs.*')
      .orderBy('lt_plan_runs.id', 'asc');
    for (const r of rows) out.set(r.plan_id, toPlanRun(r));
    return out;
  }

  /**
   * Updates a plan run; when `onlyFrom` is given, only if its status is one of them.
   * Returns whether a row changed.
   */
  async updatePlanRun(
    id: string,
    patch: PlanRunPatch,
    onlyFrom?: PlanRunStatus[],
  ): Promise<boolean> {
    const q = this.db('lt_plan_runs').where({ id });
    if (onlyFrom) q.whereIn('status', onlyFrom);
    return (await q.update(planRunColumns(patch))) > 0;
  }

  /**
   * Takes the lease on a plan run for `instance`: when nobody holds it, this instance
   * does, or the holder's lease is older than `staleMs` (its replica died mid-step).
   */
  async claimPlanRun(
    id: string,
    instance: string,
    staleMs: number,
    now = new Date(),
  ): Promise<boolean> {
    const staleBefore = new Date(now.getTime() - staleMs).toISOString();
    const changed = await this.db('lt_plan_runs')
      .where({ id })
      .andWhere(q =>
        q
          .whereNull('claimed_at')
          .orWhere('claimed_by', instance)
          .orWhere('claimed_at', '<', staleBefore),
      )
      .update({ claimed_by: instance, claimed_at: now.toISOString() });
    return changed > 0;
  }

  /** Gives the lease back; the plan run remembers who drove it last. */
  async releasePlanRun(id: string, instance: string): Promise<void> {
    await this.db('lt_plan_runs')
      .where({ id, claimed_by: instance })
      .update({ claimed_at: null });
  }

  /** The plan run a run was started for, if any. */
  async planRunIdOfRun(runId: string): Promise<string | undefined> {
    const r = await this.db('lt_runs')
      .where({ id: runId })
      .first('plan_run_id');
    return str(r?.plan_run_id);
  }

  /** Runs started for a plan run, with what a step needs of them. */
  async runsOfPlanRun(planRunId: string): Promise<
    Array<{
      id: string;
      scenarioId: string;
      status: PlanRunStep['status'];
      verdict?: VerdictResult;
      verdictReason?: string;
      statusReason?: string;
      createdAt: string;
    }>
  > {
    const rows = await this.db('lt_runs')
      .where({ plan_run_id: planRunId })
      .select(
        'id',
        'scenario_id',
        'status',
        'verdict',
        'verdict_reason',
        'status_reason',
        'created_at',
      )
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(r => ({
      id: r.id,
      scenarioId: r.scenario_id,
      status: r.status,
      verdict: str(r.verdict) as VerdictResult | undefined,
      verdictReason: str(r.verdict_reason),
      statusReason: str(r.status_reason),
      createdAt: str(r.created_at)!,
    }));
  }
}
