import { mockServices } from '@backstage/backend-test-utils';
import {
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import { PlanRow, PlanStore } from '../../database/PlanStore';
import { PlanScheduler } from './PlanScheduler';

type Task = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

const plan = (over: Partial<PlanRow> = {}): PlanRow => ({
  id: 'p1',
  entityRef: 'component:default/shop-api',
  name: 'nightly',
  groups: [{ steps: [{ scenarioId: 's' }] }],
  stopOnFailure: true,
  schedule: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
  overlap: 'skip',
  enabled: true,
  version: 1,
  createdBy: 'user:default/ann',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  ...over,
});

describe('PlanScheduler', () => {
  let tasks: Task[];
  let stored: Map<string, PlanRow>;
  let fired: Array<[string, string]>;
  let scheduler: PlanScheduler;

  beforeEach(() => {
    tasks = [];
    stored = new Map();
    fired = [];
    scheduler = new PlanScheduler({
      scheduler: {
        scheduleTask: async (t: Task) => {
          tasks.push(t);
        },
      } as unknown as SchedulerService,
      plans: {
        getPlan: async (id: string) => stored.get(id),
        listScheduledPlans: async () =>
          [...stored.values()].filter(p => p.enabled && p.schedule),
      } as unknown as PlanStore,
      fire: async (planId, slot) => {
        fired.push([planId, slot.toISOString()]);
      },
      logger: mockServices.logger.mock(),
    });
  });

  it('registers a global task per scheduled plan and drops it when paused or deleted', async () => {
    const p = plan();
    stored.set(p.id, p);
    await scheduler.planChanged(p);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      id: 'load-testing-plan:p1',
      scope: 'global',
      frequency: {
        cron: expect.stringMatching(/^0 0 \* \* \* \*$|^0 0 2 \* \* \*$/),
      },
    });
    expect(scheduler.has('p1')).toBe(true);

    // re-timed: the old worker stops, a new one is registered
    const retimed = plan({
      schedule: { cron: '*/10 * * * * *', timezone: 'UTC' },
    });
    stored.set(p.id, retimed);
    await scheduler.planChanged(retimed);
    expect(tasks[0].signal!.aborted).toBe(true);
    expect(tasks[1].frequency).toEqual({ cron: '*/10 * * * * *' });

    const paused = { ...retimed, enabled: false };
    stored.set(p.id, paused);
    await scheduler.planChanged(paused);
    expect(tasks[1].signal!.aborted).toBe(true);
    expect(scheduler.has('p1')).toBe(false);

    // a replica that did not see the change catches up at its sync
    stored.set(p.id, retimed);
    await scheduler.sync();
    expect(scheduler.has('p1')).toBe(true);
    await scheduler.sync();
    expect(tasks).toHaveLength(3);
    stored.delete(p.id);
    await scheduler.sync();
    expect(tasks[2].signal!.aborted).toBe(true);
    expect(scheduler.has('p1')).toBe(false);
  });

  it('fires a wake-up only for a due slot of a plan still enabled', async () => {
    const p = plan({
      schedule: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
    });
    stored.set(p.id, p);
    await scheduler.wake('p1', new Date('2026-12-02T01:00:02Z'));
    await scheduler.wake('p1', new Date('2026-12-02T02:00:02Z'));
    expect(fired).toEqual([['p1', '2026-12-02T01:00:00.000Z']]);
    stored.set(p.id, { ...p, enabled: false });
    await scheduler.wake('p1', new Date('2026-12-03T01:00:02Z'));
    stored.delete(p.id);
    await scheduler.wake('p1', new Date('2026-12-04T01:00:02Z'));
    expect(fired).toHaveLength(1);
  });
});
