import {
  TestDatabaseId,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { NotAllowedError } from '@backstage/errors';
import {
  Approval,
  PlanRun,
  RunStatus,
  VerdictResult,
} from '@internal/plugin-load-testing-common';
import { Knex } from 'knex';
import { KnexStore } from '../../database/KnexStore';
import { PlanRow, PlanStore } from '../../database/PlanStore';
import { ScenarioRow } from '../../database/Store';
import { AccessControl } from '../access';
import { LoadTestingEvents } from '../events';
import { toRun } from '../RunService';
import { PlanApprovals, PlanRunner, PlanRunsPort } from './PlanRunner';
import { storeTestDatabases } from '../../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases('plan store tests');

const ENTITY = 'component:default/shop-api';
const logger = mockServices.logger.mock();

const scenario = (id: string, name: string): ScenarioRow => ({
  id,
  entityRef: ENTITY,
  name,
  script: 'x',
  parameters: {
    users: 1,
    spawnRate: 1,
    duration: 3,
    workers: 1,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
});

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

describe.each(ids)('plan runs on %p', (id: TestDatabaseId) => {
  let knex: Knex;
  let store: KnexStore;
  let plans: PlanStore;
  let created: Array<{
    id: string;
    scenarioId: string;
    createdBy: string;
    planApprovalId?: string;
  }>;
  let refuse: Set<string>;
  let approvals: {
    state: Awaited<ReturnType<PlanApprovals['checkPlan']>>['state'];
  };
  let events: LoadTestingEvents;
  let finished: PlanRun[];
  let n = 0;

  // a stand-in for RunService: records a run row with its plan run, or refuses
  const runs: PlanRunsPort = {
    async create(body, _credentials, userRef, options) {
      if (refuse.has(body.scenarioId))
        throw new NotAllowedError('limit reached (loadTesting.limits)');
      const s = (await store.getScenario(body.scenarioId))!;
      n++;
      const row = {
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        scenarioId: s.id,
        scenarioName: s.name,
        entityRef: s.entityRef,
        status: 'pending' as RunStatus,
        executor: 'local',
        script: 'x',
        parameters: s.parameters,
        thresholds: {},
        createdBy: userRef,
        createdAt: new Date(Date.now() + n).toISOString(),
        finalReceived: false,
        planRunId: options?.planRunId,
      };
      await store.createRun(row);
      created.push({
        id: row.id,
        scenarioId: s.id,
        createdBy: userRef,
        planApprovalId: options?.planApprovalId,
      });
      return toRun(row);
    },
    async cancel(runId) {
      await store.updateRun(runId, { status: 'cancelled' });
      return toRun((await store.getRun(runId))!);
    },
  };

  const runner = (instance = 'replica-a') =>
    new PlanRunner({
      store,
      plans,
      runs,
      access: new AccessControl(
        mockServices.permissions.mock({
          authorize: async reqs =>
            reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
      ),
      serviceCredentials: async () =>
        mockCredentials.service('plugin:load-testing'),
      events,
      planApprovals: {
        checkPlan: async plan => ({
          state: approvals.state,
          approval: { id: `appr-${plan.version}` } as Approval,
        }),
      },
      logger,
      instance,
    });

  const plan = (over: Partial<PlanRow> = {}): PlanRow => ({
    id: `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    entityRef: ENTITY,
    name: `plan-${n}`,
    groups: [
      { steps: [{ scenarioId: A }, { scenarioId: B }] },
      { steps: [{ scenarioId: C }] },
    ],
    stopOnFailure: true,
    overlap: 'skip',
    enabled: true,
    version: 1,
    createdBy: 'user:default/ann',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...over,
  });

  /** Ends a plan step's run as the executor would. */
  async function end(
    runId: string,
    status: RunStatus,
    verdict?: VerdictResult,
  ) {
    await store.updateRun(runId, {
      status,
      verdict,
      verdictReason: verdict ? `verdict ${verdict}` : undefined,
      finishedAt: new Date().toISOString(),
    });
  }

  beforeAll(async () => {
    knex = await databases.init(id);
    await KnexStore.migrate(knex);
    store = new KnexStore(knex);
    plans = new PlanStore(knex);
    await store.createScenario(scenario(A, 'a'));
    await store.createScenario(scenario(B, 'b'));
    await store.createScenario(scenario(C, 'c'));
  });

  beforeEach(() => {
    created = [];
    refuse = new Set();
    approvals = { state: 'not-needed' };
    events = new LoadTestingEvents(logger);
    finished = [];
    events.on('planRunFinished', r => {
      finished.push(r);
    });
  });

  it('runs groups one after another, steps side by side, and passes when every step passed', async () => {
    const p = plan();
    await plans.createPlan(p);
    const r = runner();
    const fired = (await r.fire(p.id, 'manual', 'user:default/ann'))!;
    expect(fired.status).toBe('running');
    // the first group's two steps started together, as the plan
    expect(created.map(c => [c.scenarioId, c.createdBy])).toEqual([
      [A, `plan:${p.name}`],
      [B, `plan:${p.name}`],
    ]);
    expect(await plans.planRunIdOfRun(created[0].id)).toBe(fired.id);
    await end(created[0].id, 'succeeded', 'pass');
    await r.advance(fired.id);
    expect(created).toHaveLength(2);
    await end(created[1].id, 'succeeded', 'pass');
    await r.onRunFinished(created[1].id);
    expect(created.map(c => c.scenarioId)).toEqual([A, B, C]);
    await end(created[2].id, 'succeeded', 'pass');
    await r.advance(fired.id);
    await r.advance(fired.id); // idempotent
    const done = (await plans.getPlanRun(fired.id))!;
    expect(done).toMatchObject({
      status: 'succeeded',
      verdict: 'pass',
      verdictReason: 'All 3 step(s) passed',
    });
    expect(
      done.steps.map(s => [s.group, s.index, s.status, s.verdict]),
    ).toEqual([
      [0, 0, 'succeeded', 'pass'],
      [0, 1, 'succeeded', 'pass'],
      [1, 0, 'succeeded', 'pass'],
    ]);
    expect(finished.map(f => f.id)).toEqual([fired.id]);
  });

  it('stops at a failed step when set to; goes on otherwise, inconclusive counts as not failed', async () => {
    const stop = plan();
    await plans.createPlan(stop);
    const r = runner();
    const a = (await r.fire(stop.id, 'manual', 'u'))!;
    await end(created[0].id, 'succeeded', 'fail');
    await end(created[1].id, 'succeeded', 'pass');
    await r.advance(a.id);
    const stopped = (await plans.getPlanRun(a.id))!;
    expect(stopped.status).toBe('failed');
    expect(stopped.verdict).toBe('fail');
    expect(stopped.steps[2]).toMatchObject({ status: 'not-started' });
    expect(stopped.steps[2].runId).toBeUndefined();
    expect(stopped.verdictReason).toBe(
      '1 of 3 step(s) failed; step 1.1 (a): verdict fail; 1 step(s) not started (stop on failure)',
    );

    created = [];
    const go = plan({ stopOnFailure: false });
    await plans.createPlan(go);
    refuse.add(A); // its run cannot be created: the step fails with the refusal
    const b = (await r.fire(go.id, 'manual', 'u'))!;
    expect(b.steps[0]).toMatchObject({
      status: 'failed',
      error: 'limit reached (loadTesting.limits)',
    });
    await end(created[0].id, 'succeeded', 'inconclusive');
    await r.advance(b.id);
    await end(created[1].id, 'succeeded', 'pass');
    await r.advance(b.id);
    expect((await plans.getPlanRun(b.id))!).toMatchObject({
      status: 'failed',
      verdict: 'fail',
    });

    created = [];
    refuse.clear();
    const inc = plan({
      groups: [{ steps: [{ scenarioId: A }, { scenarioId: B }] }],
    });
    await plans.createPlan(inc);
    const c = (await r.fire(inc.id, 'manual', 'u'))!;
    await end(created[0].id, 'succeeded', 'inconclusive');
    await end(created[1].id, 'succeeded', 'pass');
    await r.advance(c.id);
    expect((await plans.getPlanRun(c.id))!).toMatchObject({
      status: 'succeeded',
      verdict: 'inconclusive',
      verdictReason: '1 of 2 step(s) inconclusive, none failed',
    });

    // a cancelled or lost run is a failed step
    created = [];
    const lost = plan({ groups: [{ steps: [{ scenarioId: A }] }] });
    await plans.createPlan(lost);
    const d = (await r.fire(lost.id, 'manual', 'u'))!;
    await end(created[0].id, 'lost');
    await r.advance(d.id);
    expect((await plans.getPlanRun(d.id))!.status).toBe('failed');
  });

  it('skips a fire while a run is active, or queues one that starts when it ends', async () => {
    const r = runner();
    const skip = plan({
      groups: [{ steps: [{ scenarioId: A }] }],
      schedule: { cron: '*/10 * * * * *', timezone: 'UTC' },
    });
    await plans.createPlan(skip);
    const first = (await r.fire(
      skip.id,
      'schedule',
      'scheduler',
      new Date('2026-12-01T10:00:00Z'),
    ))!;
    const second = (await r.fire(
      skip.id,
      'schedule',
      'scheduler',
      new Date('2026-12-01T10:00:10Z'),
    ))!;
    expect(second.status).toBe('skipped');
    expect(second.verdictReason).toContain(first.id);
    // the same slot again (another replica's wake-up) records nothing
    expect(
      await r.fire(
        skip.id,
        'schedule',
        'scheduler',
        new Date('2026-12-01T10:00:10Z'),
      ),
    ).toBeUndefined();
    expect(
      (await plans.listPlanRuns(skip.id, { offset: 0, limit: 10 })).totalCount,
    ).toBe(2);
    expect(finished).toEqual([]);

    created = [];
    const queue = plan({
      overlap: 'queue',
      groups: [{ steps: [{ scenarioId: B }] }],
    });
    await plans.createPlan(queue);
    const q1 = (await r.fire(queue.id, 'manual', 'u'))!;
    const q2 = (await r.fire(queue.id, 'manual', 'u'))!;
    const q3 = (await r.fire(queue.id, 'manual', 'u'))!;
    expect([q1.status, q2.status, q3.status]).toEqual([
      'running',
      'queued',
      'skipped',
    ]);
    await end(created[0].id, 'succeeded', 'pass');
    await r.advance(q1.id);
    expect((await plans.getPlanRun(q2.id))!.status).toBe('running');
    expect(created).toHaveLength(2);
  });

  it('waits for the approval of its version, and goes on or ends when it is decided', async () => {
    const r = runner();
    r.listen(events);
    approvals.state = 'pending';
    const p = plan({
      groups: [{ steps: [{ scenarioId: A }] }],
      version: 4,
      schedule: { cron: '0 * * * *', timezone: 'UTC' },
    });
    await plans.createPlan(p);
    const waiting = (await r.fire(
      p.id,
      'schedule',
      'scheduler',
      new Date('2026-12-01T11:00:00Z'),
    ))!;
    expect(waiting.status).toBe('awaiting-approval');
    expect(waiting.verdictReason).toBe(
      'Waits for the approval of version 4 (approval appr-4)',
    );
    expect(created).toEqual([]);
    approvals.state = 'approved';
    await r.onApprovalDecided({
      subject: { kind: 'plan', planId: p.id, planVersion: 4 },
      state: 'approved',
    } as Approval);
    expect((await plans.getPlanRun(waiting.id))!.status).toBe('running');
    expect(created).toHaveLength(1);
    // its runs start under the plan version's approval, without their own
    expect(created[0].planApprovalId).toBe('appr-4');

    const denied = plan({ groups: [{ steps: [{ scenarioId: B }] }] });
    await plans.createPlan(denied);
    approvals.state = 'denied';
    const refused = (await r.fire(denied.id, 'manual', 'u'))!;
    expect(refused).toMatchObject({ status: 'cancelled' });
    expect(refused.verdictReason).toMatch(/^Version 1 was denied/);
  });

  it('cancels a plan run: active runs stop, later steps never start', async () => {
    const r = runner();
    const p = plan();
    await plans.createPlan(p);
    const fired = (await r.fire(p.id, 'manual', 'u'))!;
    const run = (await plans.getPlanRun(fired.id))!;
    const cancelled = await r.cancel(
      run,
      mockCredentials.user(),
      'user:default/ann',
    );
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.verdictReason).toBe('Cancelled by user:default/ann');
    expect(cancelled.steps[2].status).toBe('not-started');
    expect((await store.getRun(created[0].id))!.status).toBe('cancelled');
    await r.advance(fired.id);
    expect((await plans.getPlanRun(fired.id))!.steps[0].status).toBe(
      'cancelled',
    );
    await expect(
      r.cancel(cancelled as any, mockCredentials.user(), 'u'),
    ).rejects.toThrow(/already ended/);
  });

  it('lets another replica carry on a plan run once the lease of a dead one is stale', async () => {
    const p = plan({
      groups: [{ steps: [{ scenarioId: A }] }, { steps: [{ scenarioId: B }] }],
    });
    await plans.createPlan(p);
    const a = runner('replica-a');
    const fired = (await a.fire(p.id, 'manual', 'u'))!;
    // replica A died holding the lease
    expect(await plans.claimPlanRun(fired.id, 'replica-a', 60_000)).toBe(true);
    await end(created[0].id, 'succeeded', 'pass');
    const b = runner('replica-b');
    await b.advance(fired.id);
    expect(created).toHaveLength(1);
    await knex('lt_plan_runs')
      .where({ id: fired.id })
      .update({ claimed_at: new Date(Date.now() - 61_000).toISOString() });
    await b.tick();
    expect(created.map(c => c.scenarioId)).toEqual([A, B]);
    const row = (await plans.getPlanRun(fired.id))!;
    expect(row.claimedBy).toBe('replica-b');
    expect(row.claimedAt).toBeUndefined();
  });

  it('lists plans, newest plan runs and runs per status', async () => {
    const p = plan({ groups: [{ steps: [{ scenarioId: A }] }] });
    await plans.createPlan(p);
    expect(await plans.getPlanByName(ENTITY, p.name)).toMatchObject({
      id: p.id,
      schedule: undefined,
    });
    await plans.updatePlan(p.id, {
      schedule: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
      version: 2,
    });
    expect((await plans.listScheduledPlans()).map(x => x.id)).toContain(p.id);
    await plans.updatePlan(p.id, { enabled: false });
    expect((await plans.listScheduledPlans()).map(x => x.id)).not.toContain(
      p.id,
    );
    const r = runner();
    const one = (await r.fire(p.id, 'manual', 'u'))!;
    const latest = await plans.latestPlanRuns([p.id, 'none']);
    expect(latest.get(p.id)?.id).toBe(one.id);
    expect(latest.has('none')).toBe(false);
    await plans.deletePlan(p.id);
    expect(await plans.getPlan(p.id)).toBeUndefined();
    // a plan deleted under its run: the run ends cancelled
    await r.advance(one.id);
    expect((await plans.getPlanRun(one.id))!).toMatchObject({
      status: 'cancelled',
      verdictReason: 'The plan was deleted',
    });
  });
});
