import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { PlanRow, PlanStore } from '../../database/PlanStore';
import { PlanScheduleListener } from './PlanService';
import { dueSlot, wakeUpCron } from './schedule';

/** A wake-up this late after its slot still fires it (a slow poll, a busy database). */
export const FIRE_TOLERANCE_MS = 60_000;

export const planTaskId = (planId: string) => `load-testing-plan:${planId}`;

/**
 * Each enabled plan with a schedule is a task on Backstage's scheduler with
 * `scope: 'global'`: every replica registers it, the scheduler's database lease lets one
 * of them run each wake-up, and the slot a fire is for is unique per plan in the
 * database, so a fire happens once whatever the replicas do.
 *
 * The scheduler has no time zone per task (it reads a cron in the backend's zone) and no
 * way to remove a task: a wake-up reads the plan and fires only for a slot of its own
 * cron in its own zone, and does nothing for a paused, deleted or re-timed plan. A
 * replica drops its worker for such a plan at once (the one that changed it) or at its
 * next sync (the others).
 */
export class PlanScheduler implements PlanScheduleListener {
  private readonly workers = new Map<
    string,
    { cadence: string; abort: AbortController }
  >();

  constructor(
    private readonly deps: {
      scheduler: SchedulerService;
      plans: PlanStore;
      fire: (planId: string, slot: Date) => Promise<unknown>;
      logger: LoggerService;
      toleranceMs?: number;
    },
  ) {}

  /** Registers every enabled plan's task and drops those of plans no longer scheduled. */
  async sync(): Promise<void> {
    const scheduled = await this.deps.plans.listScheduledPlans();
    const ids = new Set(scheduled.map(p => p.id));
    for (const planId of [...this.workers.keys()]) {
      if (!ids.has(planId)) this.drop(planId);
    }
    for (const plan of scheduled) {
      if (this.workers.get(plan.id)?.cadence !== wakeUpCron(plan.schedule!))
        await this.register(plan);
    }
  }

  async planChanged(plan: PlanRow): Promise<void> {
    if (plan.enabled && plan.schedule) await this.register(plan);
    else this.drop(plan.id);
  }

  async planDeleted(planId: string): Promise<void> {
    this.drop(planId);
  }

  /** Whether this replica holds a task for the plan (tests). */
  has(planId: string): boolean {
    return this.workers.has(planId);
  }

  private drop(planId: string) {
    this.workers.get(planId)?.abort.abort();
    this.workers.delete(planId);
  }

  private async register(plan: PlanRow) {
    const cadence = wakeUpCron(plan.schedule!);
    this.drop(plan.id);
    const abort = new AbortController();
    this.workers.set(plan.id, { cadence, abort });
    await this.deps.scheduler.scheduleTask({
      id: planTaskId(plan.id),
      frequency: { cron: cadence },
      timeout: { minutes: 5 },
      scope: 'global',
      signal: abort.signal,
      fn: () => this.wake(plan.id),
    });
  }

  /** One wake-up of a plan's task: fires the plan if one of its slots is due. */
  async wake(planId: string, now = new Date()): Promise<void> {
    const plan = await this.deps.plans.getPlan(planId);
    if (!plan?.enabled || !plan.schedule) return;
    const slot = dueSlot(
      plan.schedule,
      now,
      this.deps.toleranceMs ?? FIRE_TOLERANCE_MS,
    );
    if (!slot) return;
    await this.deps.fire(planId, slot);
  }

  /** Stops this replica's workers (shutdown). */
  stop() {
    for (const planId of [...this.workers.keys()]) this.drop(planId);
  }
}
