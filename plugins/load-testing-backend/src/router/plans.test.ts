import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  api,
  sleepingLocust,
  startLoadTestingBackend,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

const ENTITY = 'component:default/shop-api';
const OTHER = 'component:default/checkout';

// a stand-in for the locust executable that stays up: steps stay `running`
const locust = sleepingLocust('lt-plans-');

const config = {
  loadTesting: {
    executors: { local: locust.local },
    webhook: { signingKey: 'plans-test-key' },
    targets: { allow: ['http://127.0.0.1:*'] },
    limits: {
      maxUsers: 100,
      maxWorkers: 2,
      maxDurationSeconds: 600,
      maxConcurrentRunsPerEntity: 5,
    },
  },
};

describe('plans router', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const user = mockCredentials.user.header('user:default/ann');
  const viewer = mockCredentials.user.header('user:default/viewer');
  let scenarioId: string;
  let otherScenarioId: string;

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      ...config,
      // the viewer may read, nothing else
      denied: (userRef, permission) =>
        userRef === 'user:default/viewer' &&
        permission !== 'load-testing.run.read',
    });
    server = backend.server;
    scenarioId = await createScenario(ENTITY, 'browse');
    otherScenarioId = await createScenario(OTHER, 'pay');
  });

  afterAll(async () => {
    await backend.stop();
    locust.remove();
  });

  async function createScenario(entityRef: string, name: string) {
    const res = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef,
        name,
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 1, users: 1 },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const planBody = (over: object = {}) => ({
    entityRef: ENTITY,
    name: 'nightly',
    groups: [{ steps: [{ scenarioId, parameters: { users: 2 } }] }],
    stopOnFailure: true,
    schedule: { cron: '0 2 * * 1-5', timezone: 'Europe/Paris' },
    overlap: 'skip',
    enabled: true,
    ...over,
  });

  const post = (body: object, auth = user) =>
    request(server).post(api('/plans')).set('authorization', auth).send(body);

  it('creates, lists, changes and deletes plans; the version grows with steps or schedule', async () => {
    const created = await post(planBody());
    expect(created.status).toBe(201);
    const plan = created.body;
    expect(plan).toMatchObject({
      name: 'nightly',
      version: 1,
      createdBy: 'user:default/ann',
      schedule: { cron: '0 2 * * 1-5', timezone: 'Europe/Paris' },
    });
    // 02:00 in Paris is 01:00 UTC in winter
    expect(plan.nextRunAt).toMatch(/T01:00:00\.000Z$/);

    const list = await request(server)
      .get(api(`/plans?entityRef=${ENTITY}`))
      .set('authorization', viewer);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: any) => p.id)).toEqual([plan.id]);

    const clash = await post(planBody({ name: 'Nightly' }));
    expect(clash.status).toBe(409);

    const put = (body: object) =>
      request(server)
        .put(api(`/plans/${plan.id}`))
        .set('authorization', user)
        .send(body);
    const renamed = await put(planBody({ name: 'nightly-2' }));
    expect(renamed.status).toBe(200);
    expect(renamed.body.version).toBe(1);
    const paused = await put(planBody({ name: 'nightly-2', enabled: false }));
    expect(paused.body).toMatchObject({ version: 1, enabled: false });
    expect(paused.body.nextRunAt).toBeUndefined();
    const retimed = await put(
      planBody({
        name: 'nightly-2',
        schedule: { cron: '0 3 * * *', timezone: 'UTC' },
      }),
    );
    expect(retimed.body).toMatchObject({
      version: 2,
      updatedBy: 'user:default/ann',
    });
    const restepped = await put(
      planBody({
        name: 'nightly-2',
        schedule: { cron: '0 3 * * *', timezone: 'UTC' },
        groups: [{ steps: [{ scenarioId }, { scenarioId }] }],
      }),
    );
    expect(restepped.body.version).toBe(3);
    const moved = await put(planBody({ entityRef: OTHER }));
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields[0].field).toBe('entityRef');

    const get = await request(server)
      .get(api(`/plans/${plan.id}`))
      .set('authorization', user);
    expect(get.body).toMatchObject({ name: 'nightly-2', version: 3 });

    expect(
      (
        await request(server)
          .delete(api(`/plans/${plan.id}`))
          .set('authorization', viewer)
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .delete(api(`/plans/${plan.id}`))
          .set('authorization', user)
      ).status,
    ).toBe(204);
    expect(
      (
        await request(server)
          .get(api(`/plans/${plan.id}`))
          .set('authorization', user)
      ).status,
    ).toBe(404);
  });

  it('answers 400 naming each bad field', async () => {
    const fields = async (body: object) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      return res.body.error.fields.map((f: any) => f.field).sort();
    };
    expect(
      await fields(
        planBody({
          groups: [
            { steps: [{ scenarioId, parameters: { users: 1000 } }] },
            {
              steps: [
                { scenarioId: '00000000-0000-4000-8000-00000000dead' },
                { scenarioId: otherScenarioId },
              ],
            },
          ],
          schedule: { cron: '0 25 * * *', timezone: 'Mars/Olympus_Mons' },
        }),
      ),
    ).toEqual([
      'groups[0].steps[0].parameters.users',
      'groups[1].steps[0].scenarioId',
      'groups[1].steps[1].scenarioId',
      'schedule.cron',
      'schedule.timezone',
    ]);
    // what the API's schema refuses is named the same way
    expect(
      await fields(
        planBody({
          groups: Array.from({ length: 21 }, () => ({
            steps: [{ scenarioId }],
          })),
          overlap: 'sometimes',
          extra: 1,
        }),
      ),
    ).toEqual(['extra', 'groups', 'overlap']);
    expect(
      await fields(
        planBody({
          groups: [
            { steps: Array.from({ length: 11 }, () => ({ scenarioId })) },
          ],
        }),
      ),
    ).toEqual(['groups.0.steps']);
    // stages are checked as POST /runs checks them
    const staged = await post(
      planBody({
        groups: [
          {
            steps: [
              {
                scenarioId,
                parameters: {
                  stages: [{ duration: 5, users: 500, spawnRate: 1 }],
                },
              },
            ],
          },
        ],
      }),
    );
    expect(staged.status).toBe(400);
    expect(staged.body.error.fields[0].field).toMatch(
      /^groups\[0\]\.steps\[0\]\.parameters\.(stages|users)/,
    );
    // a cron that says what is wrong with it
    const cron = await post(
      planBody({ schedule: { cron: '* * *', timezone: 'UTC' } }),
    );
    expect(cron.body.error.fields[0]).toEqual({
      field: 'schedule.cron',
      message: expect.stringContaining('has 3 field(s); expected 5'),
    });
    const tooOften = await post(
      planBody({ schedule: { cron: '* * * * * *', timezone: 'UTC' } }),
    );
    expect(tooOften.body.error.fields[0].message).toContain(
      'at most every 5 s',
    );
  });

  it('refuses writes without the plan permissions (403) and unknown ids (404)', async () => {
    expect((await post(planBody({ name: 'v' }), viewer)).status).toBe(403);
    for (const [method, p] of [
      ['get', '/plans/00000000-0000-4000-8000-00000000beef'],
      ['post', '/plans/00000000-0000-4000-8000-00000000beef/run'],
      ['get', '/plan-runs/00000000-0000-4000-8000-00000000beef'],
      ['post', '/plan-runs/00000000-0000-4000-8000-00000000beef/cancel'],
    ] as const) {
      const res = await (request(server) as any)
        [method](api(p))
        .set('authorization', user);
      expect(res.status).toBe(404);
    }
    expect(
      (
        await request(server)
          .get(api('/plans/not_an_id!'))
          .set('authorization', user)
      ).status,
    ).toBe(400);
  });

  it('runs a plan now, skips an overlapping fire, and cancels the plan run', async () => {
    const plan = (await post(planBody({ name: 'by-hand', schedule: null })))
      .body;
    expect(plan.nextRunAt).toBeUndefined();
    expect(
      (
        await request(server)
          .post(api(`/plans/${plan.id}/run`))
          .set('authorization', viewer)
      ).status,
    ).toBe(403);
    const fired = await request(server)
      .post(api(`/plans/${plan.id}/run`))
      .set('authorization', user);
    expect(fired.status).toBe(202);
    expect(fired.body).toMatchObject({
      planId: plan.id,
      trigger: 'manual',
      triggeredBy: 'user:default/ann',
      status: 'running',
    });
    const step = fired.body.steps[0];
    expect(step).toMatchObject({ group: 0, index: 0, scenarioName: 'browse' });
    expect(step.runId).toBeDefined();
    const run = await request(server)
      .get(api(`/runs/${step.runId}`))
      .set('authorization', user);
    expect(run.body.createdBy).toBe('plan:by-hand');
    expect(run.body.parameters.users).toBe(2);

    const skipped = await request(server)
      .post(api(`/plans/${plan.id}/run`))
      .set('authorization', user);
    expect(skipped.body).toMatchObject({ status: 'skipped' });
    expect(skipped.body.verdictReason).toContain(fired.body.id);

    const history = await request(server)
      .get(api(`/plans/${plan.id}/runs?limit=10`))
      .set('authorization', viewer);
    expect(history.body.items.map((r: any) => r.id)).toEqual([
      skipped.body.id,
      fired.body.id,
    ]);
    expect(history.body.totalCount).toBe(2);

    expect(
      (
        await request(server)
          .post(api(`/plan-runs/${fired.body.id}/cancel`))
          .set('authorization', viewer)
      ).status,
    ).toBe(403);
    const cancelled = await request(server)
      .post(api(`/plan-runs/${fired.body.id}/cancel`))
      .set('authorization', user);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      verdictReason: 'Cancelled by user:default/ann',
    });
    // its run is stopped, and ends cancelled
    for (let i = 0; i < 50; i++) {
      const r = await request(server)
        .get(api(`/runs/${step.runId}`))
        .set('authorization', user);
      if (r.body.status === 'cancelled') break;
      await new Promise(res => setTimeout(res, 200));
    }
    const after = await request(server)
      .get(api(`/plan-runs/${fired.body.id}`))
      .set('authorization', viewer);
    expect(after.body.status).toBe('cancelled');
    expect(
      (
        await request(server)
          .post(api(`/plan-runs/${fired.body.id}/cancel`))
          .set('authorization', user)
      ).status,
    ).toBe(409);
  });
});
