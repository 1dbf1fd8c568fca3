import {
  Approval,
  ApprovalState,
  LoadEstimate,
  RunStatus,
} from '@internal/plugin-load-testing-common';
import { Knex } from 'knex';

/** A run as quotas count it. */
export interface QuotaRunRow {
  id: string;
  status: RunStatus;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The estimate stored at admission. */
  coreHours: number;
  /** The run's time limit, in seconds. */
  durationSeconds: number;
}

export interface ListApprovalsOptions {
  state?: ApprovalState;
  entityRef?: string;
  limit?: number;
}

function str(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

/** lt_runs keeps timestamps (Date on PostgreSQL, text on SQLite). */
function iso(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return (v instanceof Date ? v : new Date(String(v))).toISOString();
}

function parse<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string') return (v as T) ?? fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function toApproval(r: any): Approval {
  return {
    id: r.id,
    subject:
      r.subject_kind === 'plan'
        ? {
            kind: 'plan',
            planId: r.plan_id,
            planVersion: Number(r.plan_version),
          }
        : { kind: 'run', runId: r.run_id },
    entityRef: r.entity_ref,
    title: r.title,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    reasons: parse<string[]>(r.reasons, []),
    estimate: parse<LoadEstimate>(r.estimate, {
      users: 0,
      workers: 0,
      durationSeconds: 0,
      coreHours: 0,
    }),
    state: r.state,
    decidedBy: str(r.decided_by),
    decidedAt: str(r.decided_at),
    comment: str(r.comment),
    expiresAt: r.expires_at,
  };
}

/** Approvals, and what quotas read of runs. */
export class ApprovalStore {
  constructor(private readonly db: Knex) {}

  async create(a: Approval): Promise<void> {
    await this.db('lt_approvals').insert({
      id: a.id,
      subject_kind: a.subject.kind,
      run_id: a.subject.kind === 'run' ? a.subject.runId : null,
      plan_id: a.subject.kind === 'plan' ? a.subject.planId : null,
      plan_version: a.subject.kind === 'plan' ? a.subject.planVersion : null,
      entity_ref: a.entityRef,
      title: a.title,
      requested_by: a.requestedBy,
      requested_at: a.requestedAt,
      reasons: JSON.stringify(a.reasons),
      estimate: JSON.stringify(a.estimate),
      state: a.state,
      decided_by: a.decidedBy ?? null,
      decided_at: a.decidedAt ?? null,
      comment: a.comment ?? null,
      expires_at: a.expiresAt,
    });
  }

  async get(id: string): Promise<Approval | undefined> {
    const r = await this.db('lt_approvals').where({ id }).first();
    return r ? toApproval(r) : undefined;
  }

  /** The approval a run waited for, or the plan approval that covered it. */
  async forRun(runId: string): Promise<Approval | undefined> {
    const own = await this.db('lt_approvals')
      .where({ subject_kind: 'run', run_id: runId })
      .orderBy('requested_at', 'desc')
      .first();
    if (own) return toApproval(own);
    const run = await this.db('lt_runs')
      .where({ id: runId })
      .first('approval_id');
    return run?.approval_id ? this.get(run.approval_id) : undefined;
  }

  /** The approved approval of the plan version a plan run fired, if there is one. */
  async approvedForPlanRun(planRunId: string): Promise<Approval | undefined> {
    const run = await this.db('lt_plan_runs')
      .where({ id: planRunId })
      .first('plan_id', 'plan_version');
    if (!run) return undefined;
    const r = await this.db('lt_approvals')
      .where({
        subject_kind: 'plan',
        plan_id: run.plan_id,
        plan_version: run.plan_version,
        state: 'approved',
      })
      .orderBy('decided_at', 'desc')
      .first();
    return r ? toApproval(r) : undefined;
  }

  /** The newest approval of a plan version. */
  async forPlanVersion(
    planId: string,
    planVersion: number,
  ): Promise<Approval | undefined> {
    const r = await this.db('lt_approvals')
      .where({
        subject_kind: 'plan',
        plan_id: planId,
        plan_version: planVersion,
      })
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first();
    return r ? toApproval(r) : undefined;
  }

  async list(options: ListApprovalsOptions): Promise<Approval[]> {
    const q = this.db('lt_approvals');
    if (options.state) q.where('state', options.state);
    if (options.entityRef) q.where('entity_ref', options.entityRef);
    const rows = await q
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit ?? 500);
    return rows.map(toApproval);
  }

  /** Decides a pending approval; false when it was no longer pending. */
  async decide(
    id: string,
    patch: {
      state: Exclude<ApprovalState, 'pending'>;
      decidedBy?: string;
      decidedAt: string;
      comment?: string;
    },
  ): Promise<boolean> {
    const changed = await this.db('lt_approvals')
      .where({ id, state: 'pending' })
      .update({
        state: patch.state,
        decided_by: patch.decidedBy ?? null,
        decided_at: patch.decidedAt,
        comment: patch.comment ?? null,
      });
    return Number(changed) > 0;
  }

  /** Pending approvals whose time is up at `now`. */
  async listOverdue(now: string): Promise<Approval[]> {
    const rows = await this.db('lt_approvals')
      .where('state', 'pending')
      .where('expires_at', '<=', now)
      .limit(1000);
    return rows.map(toApproval);
  }

  /** What admission decided of a run: its estimate, its owner, its approval. */
  async stampRun(
    runId: string,
    stamp: { coreHours?: number; ownerGroup?: string; approvalId?: string },
  ): Promise<void> {
    const cols: Record<string, unknown> = {};
    if (stamp.coreHours !== undefined) cols.core_hours = stamp.coreHours;
    if (stamp.ownerGroup !== undefined) cols.owner_group = stamp.ownerGroup;
    if (stamp.approvalId !== undefined) cols.approval_id = stamp.approvalId;
    if (Object.keys(cols).length)
      await this.db('lt_runs').where({ id: runId }).update(cols);
  }

  /** Runs of an entity or an owning group created at or after `since`, oldest first. */
  async quotaRuns(
    scope: { entityRef: string } | { ownerGroup: string },
    since: string,
  ): Promise<QuotaRunRow[]> {
    const q = this.db('lt_runs')
      .where('created_at', '>=', since)
      .whereNotNull('core_hours');
    if ('entityRef' in scope) q.where('entity_ref', scope.entityRef);
    else q.where('owner_group', scope.ownerGroup);
    const rows = await q
      .orderBy('created_at', 'asc')
      .select(
        'id',
        'status',
        'created_at',
        'started_at',
        'finished_at',
        'core_hours',
        'parameters',
      );
    return rows.map((r: any) => ({
      id: r.id,
      status: r.status,
      createdAt: iso(r.created_at)!,
      startedAt: iso(r.started_at),
      finishedAt: iso(r.finished_at),
      coreHours: Number(r.core_hours),
      durationSeconds: Number(
        parse<{ duration?: number }>(r.parameters, {}).duration ?? 0,
      ),
    }));
  }

  /** The owner recorded at admission on an entity's newest run. */
  async ownerOf(entityRef: string): Promise<string | undefined> {
    const r = await this.db('lt_runs')
      .where('entity_ref', entityRef)
      .whereNotNull('owner_group')
      .orderBy('created_at', 'desc')
      .first('owner_group');
    return str(r?.owner_group);
  }
}
