import { mockServices } from '@backstage/backend-test-utils';
import { Approval, Plan } from '@internal/plugin-load-testing-common';
import { Executor } from '../executors/types';
import { AccessControl } from '../services/access';
import { ApprovalService } from '../services/approvals/ApprovalService';
import { readApprovalsConfig } from '../services/approvals/approvalsConfig';
import { NodeTracker } from '../services/NodeTracker';
import { RollupService } from '../services/RollupService';
import { RunService } from '../services/RunService';
import { WebhookSigner } from '../services/signatures';
import { ConfigReader } from '@backstage/config';
import { ApprovalStore } from './ApprovalStore';
import { KnexStore } from './KnexStore';
import { RunRow, ScenarioRow } from './Store';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const ENTITY = 'component:default/shop-api';
const HOUR = 3600_000;
const T0 = Date.parse('2026-11-02T12:00:00.000Z');

const scenario: ScenarioRow = {
  id: '00000000-0000-4000-8000-0000000000a1',
  entityRef: ENTITY,
  name: 'smoke',
  script: 'class U(HttpUser): pass',
  parameters: {
    users: 50,
    spawnRate: 5,
    duration: 600,
    workers: 2,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

const runRow = (id: string, over: Partial<RunRow> = {}): RunRow => ({
  id,
  scenarioId: scenario.id,
  scenarioName: 'smoke',
  entityRef: ENTITY,
  status: 'running',
  executor: 'local',
  script: 'x',
  parameters: { ...scenario.parameters, duration: 3600 },
  thresholds: {},
  createdBy: 'user:default/ann',
  createdAt: new Date(T0 - HOUR).toISOString(),
  finalReceived: false,
  ...over,
});

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: 'plan-1',
  entityRef: ENTITY,
  name: 'nightly',
  groups: [
    { steps: [{ scenarioId: scenario.id }] },
    {
      // two side by side: 2 × 150 users
      steps: [
        { scenarioId: scenario.id, parameters: { users: 150 } },
        { scenarioId: scenario.id, parameters: { users: 150 } },
      ],
    },
  ],
  stopOnFailure: true,
  overlap: 'skip',
  enabled: true,
  version: 1,
  createdBy: 'user:default/ann',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
  ...over,
});

describe.each(ids)('ApprovalStore on %p', databaseId => {
  let store: KnexStore;
  let approvals: ApprovalStore;
  let now = T0;

  const service = (config: object) =>
    new ApprovalService({
      config: readApprovalsConfig(new ConfigReader({ loadTesting: config })),
      approvals,
      store,
      access: new AccessControl(mockServices.permissions()),
      permissions: mockServices.permissions(),
      catalog: { getEntityByRef: async () => undefined } as any,
      logger: mockServices.logger.mock(),
      cpu: { localCoresPerWorker: 1 },
      defaults: () => ({ executor: 'local' }),
      now: () => now,
    });

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    await KnexStore.migrate(knex);
    store = new KnexStore(knex);
    approvals = new ApprovalStore(knex);
    await store.createScenario(scenario);
  });

  it('keeps approvals and decides a pending one once', async () => {
    const a: Approval = {
      id: 'a-1',
      subject: { kind: 'run', runId: 'r-1' },
      entityRef: ENTITY,
      title: 'smoke',
      requestedBy: 'user:default/ann',
      requestedAt: new Date(T0).toISOString(),
      reasons: [
        '200 users is above 100 (loadTesting.approvals.rules.aboveUsers)',
      ],
      estimate: {
        users: 200,
        workers: 2,
        durationSeconds: 60,
        coreHours: 0.05,
      },
      state: 'pending',
      expiresAt: new Date(T0 + 24 * HOUR).toISOString(),
    };
    await approvals.create(a);
    expect(await approvals.get('a-1')).toEqual(a);
    expect(await approvals.forRun('r-1')).toEqual(a);
    expect(
      (await approvals.list({ state: 'pending', entityRef: ENTITY })).map(
        x => x.id,
      ),
    ).toEqual(['a-1']);
    expect(await approvals.listOverdue(new Date(T0).toISOString())).toEqual([]);
    expect(
      (await approvals.listOverdue(new Date(T0 + 25 * HOUR).toISOString()))
        .length,
    ).toBe(1);
    const decision = {
      state: 'approved' as const,
      decidedBy: 'user:default/bob',
      decidedAt: new Date(T0 + HOUR).toISOString(),
      comment: 'ok',
    };
    expect(await approvals.decide('a-1', decision)).toBe(true);
    expect(
      await approvals.decide('a-1', { ...decision, state: 'denied' }),
    ).toBe(false);
    expect(await approvals.get('a-1')).toMatchObject({
      state: 'approved',
      decidedBy: 'user:default/bob',
      comment: 'ok',
    });
  });

  it('counts runs in rolling windows: estimates while active, what really ran once ended', async () => {
    await store.createRun(runRow('q-active'));
    // ran 30 of its 60 minutes: half of its estimate
    await store.createRun(
      runRow('q-half', {
        status: 'cancelled',
        startedAt: new Date(T0 - 2 * HOUR).toISOString(),
        finishedAt: new Date(T0 - 1.5 * HOUR).toISOString(),
        createdAt: new Date(T0 - 2 * HOUR).toISOString(),
      }),
    );
    // denied before it started: nothing
    await store.createRun(
      runRow('q-denied', {
        status: 'cancelled',
        createdAt: new Date(T0 - 3 * HOUR).toISOString(),
      }),
    );
    // three days old: in the week, not in the day
    await store.createRun(
      runRow('q-old', {
        status: 'succeeded',
        startedAt: new Date(T0 - 72 * HOUR).toISOString(),
        finishedAt: new Date(T0 - 71 * HOUR).toISOString(),
        createdAt: new Date(T0 - 72 * HOUR).toISOString(),
      }),
    );
    for (const id of ['q-active', 'q-half', 'q-denied', 'q-old'])
      await approvals.stampRun(id, {
        coreHours: 3,
        ownerGroup: 'group:default/a',
      });

    const svc = service({
      quotas: { perEntity: { day: 11, week: 12 }, perGroup: { day: 100 } },
    });
    const usage = await svc.usage(ENTITY, 'group:default/a');
    expect(usage.map(u => [u.scope, u.period, u.usedCoreHours])).toEqual([
      ['entity', 'day', 4.5],
      ['entity', 'week', 7.5],
      ['group', 'day', 4.5],
    ]);
    // the day frees when the oldest counted run (two hours old) leaves it
    expect(usage[0].resetsAt).toBe(new Date(T0 + 22 * HOUR).toISOString());

    // (2 workers + the master) × 1 h = 3 core-hours: fits the day (7.5 of 11) and the week (10.5 of 12)
    const params = { ...scenario.parameters, duration: 3600 };
    await expect(
      svc.admit({
        entityRef: ENTITY,
        parameters: params,
        credentials: {} as any,
      }),
    ).resolves.toMatchObject({ estimate: { coreHours: 3 } });
    // 5 workers: 6 core-hours fit the day (10.5 of 11), not the week (13.5 of 12)
    await expect(
      svc.admit({
        entityRef: ENTITY,
        parameters: { ...params, workers: 5 },
        credentials: {} as any,
      }),
    ).rejects.toThrow(
      'component:default/shop-api has used 7.5 of 12 CPU-core-hours this week (loadTesting.quotas.perEntity.week); this run needs 6.0',
    );
    // five days later the old run left the week
    now = T0 + 5 * 24 * HOUR;
    const later = await svc.usage(ENTITY, undefined);
    expect(later.map(u => u.usedCoreHours)).toEqual([0, 4.5]);
    now = T0;
  });

  it('asks for a plan approval once per version', async () => {
    const svc = service({ approvals: { rules: { aboveUsers: 250 } } });
    // the side-by-side group is 300 users, above 250
    const first = await svc.checkPlan(plan(), 'user:default/ann');
    expect(first.state).toBe('pending');
    expect(first.approval).toMatchObject({
      subject: { kind: 'plan', planId: 'plan-1', planVersion: 1 },
      reasons: [
        '300 users is above 250 (loadTesting.approvals.rules.aboveUsers)',
      ],
      estimate: { users: 300, workers: 4 },
    });
    // asked again: the same pending approval, not a second one
    const again = await svc.checkPlan(plan(), 'user:default/ann');
    expect(again.approval!.id).toBe(first.approval!.id);
    await approvals.decide(first.approval!.id, {
      state: 'approved',
      decidedBy: 'user:default/bob',
      decidedAt: new Date(T0).toISOString(),
    });
    expect((await svc.checkPlan(plan(), 'user:default/ann')).state).toBe(
      'approved',
    );
    // an approved version covers its runs: they do not wait
    const covered = await svc.admit({
      entityRef: ENTITY,
      parameters: { ...scenario.parameters, users: 300 },
      credentials: {} as any,
      planApprovalId: first.approval!.id,
    });
    expect(covered).toMatchObject({
      reasons: [],
      coveredBy: first.approval!.id,
    });
    // a step of a plan run of that version is covered too, without naming the approval
    await store.knex('lt_plan_runs').insert({
      id: 'pr-1',
      plan_id: 'plan-1',
      plan_version: 1,
      plan_name: 'nightly',
      entity_ref: ENTITY,
      trigger: 'schedule',
      triggered_by: 'scheduler',
      status: 'running',
      steps: '[]',
      created_at: new Date(T0).toISOString(),
    });
    await expect(
      svc.admit({
        entityRef: ENTITY,
        parameters: { ...scenario.parameters, users: 300 },
        credentials: {} as any,
        planRunId: 'pr-1',
      }),
    ).resolves.toMatchObject({ reasons: [], coveredBy: first.approval!.id });
    // a new version asks anew
    const v2 = await svc.checkPlan(plan({ version: 2 }), 'user:default/ann');
    expect(v2.state).toBe('pending');
    // a plan run of a version not approved: its steps wait as any run does
    await store.knex('lt_plan_runs').insert({
      id: 'pr-2',
      plan_id: 'plan-1',
      plan_version: 2,
      plan_name: 'nightly',
      entity_ref: ENTITY,
      trigger: 'manual',
      triggered_by: 'user:default/ann',
      status: 'running',
      steps: '[]',
      created_at: new Date(T0).toISOString(),
    });
    const uncovered = await svc.admit({
      entityRef: ENTITY,
      parameters: { ...scenario.parameters, users: 300 },
      credentials: {} as any,
      planRunId: 'pr-2',
    });
    expect(uncovered.coveredBy).toBeUndefined();
    expect(uncovered.reasons).toHaveLength(1);
    expect(v2.approval!.id).not.toBe(first.approval!.id);
    // an approval of another version covers nothing of another entity
    await expect(
      svc.admit({
        entityRef: 'component:default/other',
        parameters: scenario.parameters,
        credentials: {} as any,
        planApprovalId: first.approval!.id,
      }),
    ).rejects.toThrow(/does not cover/);
    // an expired one is asked again
    now = T0 + 25 * HOUR;
    const v2later = await svc.checkPlan(
      plan({ version: 2 }),
      'user:default/ann',
    );
    expect(v2later.state).toBe('pending');
    expect(v2later.approval!.id).not.toBe(v2.approval!.id);
    expect((await approvals.get(v2.approval!.id))!.state).toBe('expired');
    now = T0;
    // small plans need none
    const small = plan({
      id: 'plan-2',
      groups: [{ steps: [{ scenarioId: scenario.id }] }],
    });
    expect((await svc.checkPlan(small, 'user:default/ann')).state).toBe(
      'not-needed',
    );
  });

  it('never hands a run that waits for its approval to the executor', async () => {
    const started: string[] = [];
    const executor = {
      name: 'local',
      start: async (spec: any) => {
        started.push(spec.run.id);
      },
      stop: async () => {},
      limitGraceSeconds: () => 10,
    } as unknown as Executor;
    const logger = mockServices.logger.mock();
    const runs = new RunService({
      store,
      rollups: new RollupService({ store, logger }),
      executors: new Map([['local', executor]]),
      access: new AccessControl(mockServices.permissions()),
      admission: {} as any,
      config: {
        settings: {
          sampleIntervalSeconds: 5,
          limits: { maxUsers: 1000 },
          targets: { allow: [] },
        },
      } as any,
      signer: new WebhookSigner('k'),
      nodes: new NodeTracker(store),
      logger,
      webhookBaseUrl: async () => 'http://127.0.0.1:1/api/load-testing',
    });
    const waiting = runRow('g-1', { status: 'awaiting-approval' });
    await store.createRun(waiting);
    // the start path itself, called directly
    await (runs as any).launch(waiting, executor);
    expect(started).toEqual([]);
    expect(await store.getRunStatus('g-1')).toBe('awaiting-approval');
    // once approved it starts, exactly once
    expect(await runs.startApproved('g-1')).toBe(true);
    expect(await runs.startApproved('g-1')).toBe(false);
    await runs.settled();
    expect(started).toEqual(['g-1']);
    expect(await store.getRunStatus('g-1')).toBe('provisioning');
  });
});
