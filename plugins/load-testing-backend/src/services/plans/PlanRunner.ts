import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Approval,
  Plan,
  PlanRun,
  PlanRunStatus,
  PlanRunStep,
  PlanStep,
  Run,
  RunStatus,
  TERMINAL_PLAN_RUN_STATUSES,
  VerdictResult,
  isTerminalStatus,
  loadTestingPlanRunPermission,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { Store } from '../../database/Store';
import {
  ACTIVE_PLAN_RUN_STATUSES,
  PlanRow,
  PlanRunRow,
  PlanStore,
} from '../../database/PlanStore';
import { AccessControl } from '../access';
import { LoadTestingEvents } from '../events';
import { toPlan, toPlanRun } from './PlanService';

/** A lease on a plan run older than this was left by a replica that died. */
export const PLAN_RUN_LEASE_MS = 60_000;

/** What plans need of runs: the same create and cancel a click uses. */
export interface PlanRunsPort {
  create(
    body: { scenarioId: string; parameters?: PlanStep['parameters'] },
    credentials: BackstageCredentials,
    userRef: string,
    options?: { planRunId?: string; planApprovalId?: string },
  ): Promise<Run>;
  cancel(
    runId: string,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Run>;
}

/** Approvals of plan versions (services/approvals); without it none are needed. */
export interface PlanApprovals {
  checkPlan(
    plan: Plan,
    requestedBy: string,
  ): Promise<{
    state: 'not-needed' | 'approved' | 'pending' | 'denied' | 'expired';
    approval?: Approval;
  }>;
}

type Outcome = 'pass' | 'fail' | 'inconclusive' | 'active' | 'waiting';

/** How a step stands: a step whose run cannot start, or does not pass, failed. */
function outcomeOf(step: PlanRunStep): Outcome {
  if (step.error) return 'fail';
  if (step.status === 'not-started') return 'waiting';
  if (!isTerminalStatus(step.status as RunStatus)) return 'active';
  if (step.status !== 'succeeded') return 'fail';
  if (step.verdict === 'pass') return 'pass';
  if (step.verdict === 'fail') return 'fail';
  return 'inconclusive';
}

const stepName = (s: PlanRunStep) =>
  `step ${s.group + 1}.${s.index + 1} (${s.scenarioName})`;

/**
 * One firing of a plan and its steps: groups one after another, the steps of a group side
 * by side, each a run created by the same RunService a click uses. Progress lives in the
 * database: `advance` reads a plan run and its runs and does the next thing, so any
 * replica can carry on a plan run another one started.
 */
export class PlanRunner {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: {
      store: Store;
      plans: PlanStore;
      runs: PlanRunsPort;
      access: AccessControl;
      /** The plugin's own credentials: plan steps run as the plugin. */
      serviceCredentials: () => Promise<BackstageCredentials>;
      events?: LoadTestingEvents;
      planApprovals?: PlanApprovals;
      logger: LoggerService;
      /** This backend replica, for leases on plan runs. */
      instance: string;
    },
  ) {}

  /** Wires the events plan runs follow: finished runs and decided approvals. */
  listen(events: LoadTestingEvents) {
    events.on('runFinished', run => this.onRunFinished(run.id));
    events.on('approvalDecided', approval => this.onApprovalDecided(approval));
  }

  /** Serializes work on one plan run in this process; the lease covers the others. */
  private exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(id) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    this.locks.set(id, next);
    next
      .finally(() => {
        if (this.locks.get(id) === next) this.locks.delete(id);
      })
      .catch(() => {});
    return next;
  }

  /** "Run now": the same fire as the schedule's, by the user. */
  async runNow(
    plan: PlanRow,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<PlanRun> {
    await this.deps.access.require(
      credentials,
      loadTestingPlanRunPermission,
      plan.entityRef,
    );
    const run = await this.fire(plan.id, 'manual', userRef);
    return toPlanRun(run!);
  }

  /**
   * Fires a plan: records a plan run and starts it, or queues or skips it while the
   * previous one is active. A scheduled fire carries its slot and happens once per slot,
   * whichever replica fires it; it does nothing for a paused or deleted plan.
   */
  async fire(
    planId: string,
    trigger: 'schedule' | 'manual',
    triggeredBy: string,
    slot?: Date,
  ): Promise<PlanRunRow | undefined> {
    const { plans, store } = this.deps;
    const plan = await plans.getPlan(planId);
    if (!plan) return undefined;
    if (trigger === 'schedule' && (!plan.enabled || !plan.schedule))
      return undefined;
    const steps: PlanRunStep[] = [];
    for (const [g, group] of plan.groups.entries()) {
      for (const [i, step] of group.steps.entries()) {
        const scenario = await store.getScenario(step.scenarioId);
        steps.push({
          group: g,
          index: i,
          scenarioId: step.scenarioId,
          scenarioName: scenario?.name ?? step.scenarioId,
          status: 'not-started',
        });
      }
    }
    const active = await plans.listPlanRunsByStatus(ACTIVE_PLAN_RUN_STATUSES, {
      planId,
    });
    const now = new Date().toISOString();
    let status: PlanRunStatus = 'queued';
    let reason: string | undefined;
    if (active.length) {
      const busy = active.find(r => r.status !== 'queued') ?? active[0];
      if (
        plan.overlap === 'queue' &&
        !active.some(r => r.status === 'queued')
      ) {
        reason = `Waits for plan run ${busy.id} (${busy.status})`;
      } else {
        status = 'skipped';
        reason = `Skipped: plan run ${busy.id} was still ${busy.status}${
          plan.overlap === 'queue' ? ' and another one was queued' : ''
        }`;
      }
    }
    const row: PlanRunRow = {
      id: crypto.randomUUID(),
      planId,
      planName: plan.name,
      planVersion: plan.version,
      entityRef: plan.entityRef,
      trigger,
      triggeredBy,
      status,
      verdictReason: reason,
      steps,
      createdAt: now,
      finishedAt: status === 'skipped' ? now : undefined,
      scheduledFor: slot?.toISOString(),
    };
    if (!(await plans.createPlanRun(row))) return undefined;
    this.deps.logger.info(
      `Plan ${plan.name} (${plan.entityRef}) fired by ${triggeredBy}${
        slot ? ` for ${row.scheduledFor}` : ''
      }: plan run ${row.id} ${status}`,
    );
    if (!active.length) await this.start(row.id);
    return plans.getPlanRun(row.id);
  }

  /** Begins a queued or waiting plan run and starts its first group. */
  private async start(planRunId: string): Promise<void> {
    if (await this.exclusive(planRunId, () => this.begin(planRunId)))
      await this.advance(planRunId);
  }

  /**
   * A queued plan run starts once its plan version is approved, if it must be. Returns
   * whether it is now running.
   */
  private async begin(planRunId: string): Promise<boolean> {
    const { plans } = this.deps;
    const run = await plans.getPlanRun(planRunId);
    if (!run || !['queued', 'awaiting-approval'].includes(run.status))
      return false;
    const plan = await plans.getPlan(run.planId);
    if (!plan) {
      await this.end(run, 'cancelled', undefined, 'The plan was deleted');
      return false;
    }
    // a scheduled fire is asked for by whoever last saved the plan
    const requestedBy =
      run.trigger === 'schedule'
        ? (plan.updatedBy ?? plan.createdBy)
        : run.triggeredBy;
    const check = this.deps.planApprovals
      ? await this.deps.planApprovals.checkPlan(toPlan(plan), requestedBy)
      : { state: 'not-needed' as const, approval: undefined };
    if (check.state === 'pending') {
      await plans.updatePlanRun(
        run.id,
        {
          status: 'awaiting-approval',
          verdictReason: `Waits for the approval of version ${plan.version}${
            check.approval ? ` (approval ${check.approval.id})` : ''
          }`,
        },
        ['queued', 'awaiting-approval'],
      );
      return false;
    }
    if (check.state === 'denied' || check.state === 'expired') {
      const a = check.approval;
      await this.end(
        run,
        'cancelled',
        undefined,
        check.state === 'denied'
          ? `Version ${plan.version} was denied${a?.decidedBy ? ` by ${a.decidedBy}` : ''}${a?.comment ? `: ${a.comment}` : ''}`
          : `The approval of version ${plan.version} expired`,
      );
      return false;
    }
    const started = await plans.updatePlanRun(
      run.id,
      {
        status: 'running',
        startedAt: new Date().toISOString(),
        verdictReason: undefined,
        approvalId: check.state === 'approved' ? check.approval?.id : undefined,
      },
      ['queued', 'awaiting-approval'],
    );
    return started;
  }

  /**
   * Brings a plan run up to date with its runs and does what comes next: start the next
   * group, or end the plan run. Safe to call any number of times, on any replica.
   */
  advance(planRunId: string): Promise<void> {
    return this.exclusive(planRunId, async () => {
      const { plans, instance } = this.deps;
      if (!(await plans.claimPlanRun(planRunId, instance, PLAN_RUN_LEASE_MS)))
        return;
      try {
        await this.step(planRunId);
      } finally {
        await plans.releasePlanRun(planRunId, instance);
      }
    });
  }

  private async step(planRunId: string): Promise<void> {
    const { plans } = this.deps;
    const run = await plans.getPlanRun(planRunId);
    if (!run) return;
    const steps = await this.syncSteps(run);
    if (run.status !== 'running') {
      // a run that ended after its plan run did: only its step is brought up to date
      if (JSON.stringify(steps) !== JSON.stringify(run.steps))
        await plans.updatePlanRun(run.id, { steps });
      return;
    }
    const plan = await plans.getPlan(run.planId);
    if (!plan) {
      await this.end(
        { ...run, steps },
        'cancelled',
        undefined,
        'The plan was deleted',
      );
      await this.cancelActive(steps, 'the plan was deleted');
      return;
    }
    const groups = [...new Set(steps.map(s => s.group))].sort((a, b) => a - b);
    for (const g of groups) {
      const inGroup = steps.filter(s => s.group === g);
      if (inGroup.some(s => outcomeOf(s) === 'active')) {
        await plans.updatePlanRun(run.id, { steps }, ['running']);
        return;
      }
      if (!inGroup.some(s => outcomeOf(s) === 'waiting')) continue;
      if (plan.stopOnFailure && steps.some(s => outcomeOf(s) === 'fail')) break;
      await this.startGroup(run, steps, inGroup, plan);
      if (inGroup.some(s => outcomeOf(s) === 'active')) return;
      // every step of the group was refused: the next group, or the end
      if (plan.stopOnFailure) break;
    }
    await this.end({ ...run, steps }, undefined, plan);
  }

  /** The steps with their runs' status and verdict, adopting runs a crash left unnoted. */
  private async syncSteps(run: PlanRunRow): Promise<PlanRunStep[]> {
    const steps = run.steps.map(s => ({ ...s }));
    const runs = await this.deps.plans.runsOfPlanRun(run.id);
    for (const r of runs) {
      let step = steps.find(s => s.runId === r.id);
      if (!step) {
        step = steps.find(
          s => s.scenarioId === r.scenarioId && !s.runId && !s.error,
        );
        if (!step) continue;
        step.runId = r.id;
      }
      step.status = r.status;
      if (isTerminalStatus(r.status as RunStatus)) {
        step.verdict = r.verdict;
        step.verdictReason = r.verdictReason ?? r.statusReason;
      }
    }
    return steps;
  }

  private async startGroup(
    run: PlanRunRow,
    steps: PlanRunStep[],
    group: PlanRunStep[],
    plan: PlanRow,
  ) {
    const credentials = await this.deps.serviceCredentials();
    for (const step of group) {
      if (outcomeOf(step) !== 'waiting') continue;
      const def = plan.groups[step.group]?.steps[step.index];
      try {
        const created = await this.deps.runs.create(
          { scenarioId: step.scenarioId, parameters: def?.parameters },
          credentials,
          `plan:${plan.name}`,
          { planRunId: run.id, planApprovalId: run.approvalId },
        );
        step.runId = created.id;
        step.status = created.status;
      } catch (e) {
        step.status = 'failed';
        step.error = (e as Error).message;
        this.deps.logger.info(
          `Plan run ${run.id}: ${stepName(step)} could not start: ${step.error}`,
        );
      }
      // noted at once: a replica that dies here leaves no step started twice
      await this.deps.plans.updatePlanRun(run.id, { steps }, ['running']);
    }
  }

  /** Ends a plan run with its verdict; the next queued one of its plan starts. */
  private async end(
    run: PlanRunRow,
    forced?: 'cancelled',
    plan?: PlanRow,
    reason?: string,
  ) {
    const { plans } = this.deps;
    const stopped = forced !== undefined || plan?.stopOnFailure;
    const steps = run.steps.map(s =>
      outcomeOf(s) === 'waiting' ? { ...s, status: 'not-started' as const } : s,
    );
    const outcomes = steps.map(outcomeOf);
    const failed = steps.filter(s => outcomeOf(s) === 'fail');
    const notStarted = outcomes.filter(o => o === 'waiting').length;
    let verdict: VerdictResult | undefined;
    let status: PlanRunStatus;
    let verdictReason = reason;
    if (forced) {
      status = forced;
      verdict = undefined;
    } else if (failed.length) {
      status = 'failed';
      verdict = 'fail';
      const first = failed[0];
      verdictReason = `${failed.length} of ${steps.length} step(s) failed; ${stepName(first)}: ${
        first.error ?? first.verdictReason ?? first.status
      }${notStarted && stopped ? `; ${notStarted} step(s) not started (stop on failure)` : ''}`;
    } else {
      status = 'succeeded';
      const inconclusive = outcomes.filter(o => o === 'inconclusive').length;
      verdict = inconclusive ? 'inconclusive' : 'pass';
      verdictReason = inconclusive
        ? `${inconclusive} of ${steps.length} step(s) inconclusive, none failed`
        : `All ${steps.length} step(s) passed`;
    }
    const changed = await plans.updatePlanRun(
      run.id,
      {
        status,
        verdict,
        verdictReason,
        steps,
        finishedAt: new Date().toISOString(),
      },
      ACTIVE_PLAN_RUN_STATUSES,
    );
    if (!changed) return;
    const ended = await plans.getPlanRun(run.id);
    this.deps.logger.info(
      `Plan run ${run.id} of ${run.planName}: ${status}${verdict ? ` (${verdict})` : ''}`,
    );
    if (ended) this.deps.events?.emit('planRunFinished', toPlanRun(ended));
    await this.startQueued(run.planId);
  }

  /** Starts the plan's oldest queued run once none of its runs is active. */
  private async startQueued(planId: string) {
    const active = await this.deps.plans.listPlanRunsByStatus(
      ACTIVE_PLAN_RUN_STATUSES,
      { planId },
    );
    if (active.some(r => r.status !== 'queued')) return;
    const next = active.find(r => r.status === 'queued');
    if (next) await this.start(next.id);
  }

  private async cancelActive(steps: PlanRunStep[], by: string) {
    const credentials = await this.deps.serviceCredentials();
    for (const s of steps) {
      if (!s.runId || outcomeOf(s) !== 'active') continue;
      await this.deps.runs.cancel(s.runId, credentials, by).catch(e => {
        if (!(e instanceof ConflictError))
          this.deps.logger.warn(
            `Plan run: could not stop run ${s.runId}: ${e}`,
          );
      });
    }
  }

  /** Cancels a plan run: its active runs are stopped, its later steps never start. */
  async cancel(
    run: PlanRunRow,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<PlanRun> {
    await this.deps.access.require(
      credentials,
      loadTestingPlanRunPermission,
      run.entityRef,
    );
    if (TERMINAL_PLAN_RUN_STATUSES.includes(run.status))
      throw new ConflictError(
        `Plan run ${run.id} already ended (${run.status})`,
      );
    await this.exclusive(run.id, async () => {
      const fresh = (await this.deps.plans.getPlanRun(run.id))!;
      const steps = await this.syncSteps(fresh);
      await this.end(
        { ...fresh, steps },
        'cancelled',
        undefined,
        `Cancelled by ${userRef}`,
      );
      await this.cancelActive(steps, userRef);
    });
    return toPlanRun((await this.deps.plans.getPlanRun(run.id))!);
  }

  /** A run ended: its plan run, if any, moves on. */
  async onRunFinished(runId: string): Promise<void> {
    const planRunId = await this.deps.plans.planRunIdOfRun(runId);
    if (planRunId) await this.advance(planRunId);
  }

  /** A plan version was approved, denied or expired: its waiting plan runs go on or end. */
  async onApprovalDecided(approval: Approval): Promise<void> {
    if (approval.subject.kind !== 'plan') return;
    const waiting = await this.deps.plans.listPlanRunsByStatus(
      ['awaiting-approval'],
      {
        planId: approval.subject.planId,
        planVersion: approval.subject.planVersion,
      },
    );
    for (const run of waiting) await this.start(run.id);
  }

  /**
   * What a periodic task does on one replica: carries on plan runs whose runs ended while
   * no replica listened, starts queued ones, asks again about waiting approvals.
   */
  async tick(): Promise<void> {
    const { plans, logger } = this.deps;
    const active = await plans.listPlanRunsByStatus(ACTIVE_PLAN_RUN_STATUSES);
    const plansWithQueue = new Set<string>();
    for (const run of active) {
      try {
        if (run.status === 'running') await this.advance(run.id);
        else if (run.status === 'awaiting-approval') await this.start(run.id);
        else plansWithQueue.add(run.planId);
      } catch (e) {
        logger.warn(`Plan run ${run.id} could not advance: ${e}`);
      }
    }
    for (const planId of plansWithQueue) {
      await this.startQueued(planId).catch(e =>
        logger.warn(`Queued runs of plan ${planId} could not start: ${e}`),
      );
    }
  }
}
