import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { PlanRun } from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import fs from 'fs';
import { Knex, knex as createKnex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '../..';
import { TEST_ENTITIES } from '../../__testUtils__/startBackend';
import { PausableProxy } from '../../executors/local/testing';
import { PlanStore } from '../../database/PlanStore';
import { startTarget } from '../../__testUtils__/target';

// real Locust, Backstage's real scheduler, on PostgreSQL: plans fired by their cron

jest.setTimeout(240_000);

const LOCUST = process.env.LOCUST_BIN;
const PG = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const ENTITY = 'component:default/shop-api';
const api = (p: string) => `/api/load-testing${p}`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const SCRIPT = `
from locust import FastHttpUser, task, constant

class Shopper(FastHttpUser):
    wait_time = constant(0.05)

    @task
    def items(self):
        self.client.get("/api/items")
`;

const describeIfReal = LOCUST && PG ? describe : describe.skip;
if ((!LOCUST || !PG) && process.env.CI)
  throw new Error('LOCUST_BIN and a PostgreSQL must be set in CI');

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

/** One backend replica with the real scheduler on the shared PostgreSQL. */
async function startReplica(
  prefix: string,
  workDir: string,
  loadTesting: object,
): Promise<{ backend: Backend; proxy: PausableProxy }> {
  const started: { backend?: Backend } = {};
  const proxy = new PausableProxy(() => started.backend!.server.port());
  const port = await proxy.start();
  const backend = await startTestBackend({
    features: [
      loadTestingBackend,
      databaseServiceFactory,
      schedulerServiceFactory,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: TEST_ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: { client: 'pg', connection: PG, prefix },
          },
          loadTesting: {
            executors: {
              local: {
                enabled: true,
                locustCommand: LOCUST,
                workDir,
                stopGraceSeconds: 5,
              },
            },
            webhook: {
              baseUrl: `http://127.0.0.1:${port}/api/load-testing`,
              signingKey: 'k',
            },
            targets: { allow: ['http://127.0.0.1:*'] },
            ...loadTesting,
          },
        } as JsonObject,
      }),
    ],
  });
  started.backend = backend;
  return { backend, proxy };
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await sleep(300);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The plugin's database of a prefix, to read plan runs directly and drop it after. */
function pluginDb(prefix: string): Knex {
  return createKnex({
    client: 'pg',
    connection: `${PG}/${prefix}load-testing`,
  });
}

async function dropDb(prefix: string) {
  const admin = createKnex({ client: 'pg', connection: PG });
  await admin
    .raw(`DROP DATABASE IF EXISTS "${prefix}load-testing" WITH (FORCE)`)
    .catch(() => {});
  await admin.destroy();
}

describeIfReal('plans on the real scheduler with real Locust', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-plans-real-'));
  let target: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
  });

  afterAll(async () => {
    await target?.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  describe('one backend', () => {
    const prefix = `lt_plans_${crypto.randomBytes(4).toString('hex')}_`;
    let replica: { backend: Backend; proxy: PausableProxy };
    let server: any;

    beforeAll(async () => {
      replica = await startReplica(prefix, workDir, {
        limits: { maxConcurrentRunsPerEntity: 2 },
      });
      server = replica.backend.server;
    });

    afterAll(async () => {
      await replica?.backend.stop();
      await replica?.proxy.stop();
      await dropDb(prefix);
    });

    const scenario = async (name: string, thresholds: object) => {
      const res = await request(server)
        .post(api('/scenarios'))
        .send({
          entityRef: ENTITY,
          name,
          script: SCRIPT,
          parameters: {
            users: 2,
            spawnRate: 2,
            duration: 3,
            workers: 1,
            host: target.url,
          },
          thresholds,
        });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    const planRuns = async (planId: string): Promise<PlanRun[]> =>
      (await request(server).get(api(`/plans/${planId}/runs?limit=100`))).body
        .items;
    const planRun = async (id: string): Promise<PlanRun> =>
      (await request(server).get(api(`/plan-runs/${id}`))).body;

    it('fires real runs from a cron every few seconds, group after group, and stops firing once paused', async () => {
      const ok = await scenario('ok', { maxFailureRatio: 0.5 });
      const body = {
        entityRef: ENTITY,
        name: 'every-10s',
        groups: [
          { steps: [{ scenarioId: ok }] },
          { steps: [{ scenarioId: ok }] },
        ],
        stopOnFailure: true,
        // another zone than the backend's: the wake-up cron and the slot check apply
        schedule: { cron: '*/10 * * * * *', timezone: 'America/New_York' },
        overlap: 'skip',
        enabled: true,
      };
      const created = await request(server).post(api('/plans')).send(body);
      expect(created.status).toBe(201);
      const plan = created.body;
      expect(Date.parse(plan.nextRunAt) % 10_000).toBe(0);

      const done = await until(
        'a scheduled plan run to end',
        async () => {
          const ended = (await planRuns(plan.id)).find(
            r => r.trigger === 'schedule' && r.status === 'succeeded',
          );
          return ended && planRun(ended.id);
        },
        90_000,
      );
      expect(done).toMatchObject({
        triggeredBy: 'scheduler',
        verdict: 'pass',
        verdictReason: 'All 2 step(s) passed',
      });
      expect(done.steps.map(s => [s.group, s.status, s.verdict])).toEqual([
        [0, 'succeeded', 'pass'],
        [1, 'succeeded', 'pass'],
      ]);
      // the groups ran one after another, each a real run made by the plan
      const [a, b] = await Promise.all(
        done.steps.map(
          async s => (await request(server).get(api(`/runs/${s.runId}`))).body,
        ),
      );
      expect(a.createdBy).toBe('plan:every-10s');
      expect(a.requests).toBeGreaterThan(0);
      expect(Date.parse(b.createdAt)).toBeGreaterThanOrEqual(
        Date.parse(a.finishedAt),
      );
      // a slot fired while the previous plan run was active is recorded as skipped
      const all = await planRuns(plan.id);
      expect(
        all.every(r => ['succeeded', 'running', 'skipped'].includes(r.status)),
      ).toBe(true);

      // paused: its task fires no more
      const paused = await request(server)
        .put(api(`/plans/${plan.id}`))
        .send({ ...body, enabled: false });
      expect(paused.status).toBe(200);
      const before = (await planRuns(plan.id)).length;
      await sleep(15_000);
      expect((await planRuns(plan.id)).length).toBe(before);
    });

    it('stops at a failing step when set to: the next group is not started', async () => {
      const ok = await scenario('ok-2', { maxFailureRatio: 0.5 });
      const impossible = await scenario('impossible', { minRps: 1_000_000 });
      const plan = (
        await request(server)
          .post(api('/plans'))
          .send({
            entityRef: ENTITY,
            name: 'stops',
            groups: [
              { steps: [{ scenarioId: impossible }] },
              { steps: [{ scenarioId: ok }] },
            ],
            stopOnFailure: true,
            schedule: null,
            overlap: 'skip',
            enabled: true,
          })
      ).body;
      const fired = await request(server).post(api(`/plans/${plan.id}/run`));
      expect(fired.status).toBe(202);
      const ended = await until('the plan run to end', async () => {
        const r = await planRun(fired.body.id);
        return ['failed', 'succeeded'].includes(r.status) ? r : undefined;
      });
      expect(ended).toMatchObject({ status: 'failed', verdict: 'fail' });
      expect(ended.verdictReason).toMatch(
        /^1 of 2 step\(s\) failed; step 1\.1 \(impossible\): .*; 1 step\(s\) not started \(stop on failure\)$/,
      );
      expect(ended.steps.map(s => [s.status, s.verdict])).toEqual([
        ['succeeded', 'fail'],
        ['not-started', undefined],
      ]);
      expect(ended.steps[1].runId).toBeUndefined();
    });
  });

  it('two backends on one PostgreSQL fire each tick exactly once', async () => {
    const prefix = `lt_plans_${crypto.randomBytes(4).toString('hex')}_`;
    // every step is refused (no run may start): each fire is one cheap plan run
    const config = { limits: { maxConcurrentRunsPerEntity: 0 } };
    const attempts: Array<{ slot?: string }> = [];
    const create = PlanStore.prototype.createPlanRun;
    const spy = jest
      .spyOn(PlanStore.prototype, 'createPlanRun')
      .mockImplementation(function record(this: PlanStore, row) {
        attempts.push({ slot: row.scheduledFor });
        return create.call(this, row);
      });
    const a = await startReplica(prefix, workDir, config);
    const b = await startReplica(prefix, workDir, config);
    const db = pluginDb(prefix);
    try {
      const scenario = await request(a.backend.server)
        .post(api('/scenarios'))
        .send({
          entityRef: ENTITY,
          name: 'refused',
          script: SCRIPT,
          parameters: { users: 1, duration: 2, workers: 1, host: target.url },
        });
      expect(scenario.status).toBe(201);
      const plan = (
        await request(a.backend.server)
          .post(api('/plans'))
          .send({
            entityRef: ENTITY,
            name: 'tick',
            groups: [{ steps: [{ scenarioId: scenario.body.id }] }],
            stopOnFailure: true,
            schedule: { cron: '*/10 * * * * *', timezone: 'UTC' },
            overlap: 'skip',
            enabled: true,
          })
      ).body;
      // replica B registers the plan's task at its next sync (every 15 s)
      const started = Date.now();
      await sleep(45_000);
      // replica A goes away: B carries on firing, still once per tick
      await a.backend.stop();
      const aStopped = new Date().toISOString();
      await sleep(30_000);
      // paused from replica B: neither fires again
      await request(b.backend.server)
        .put(api(`/plans/${plan.id}`))
        .send({
          entityRef: ENTITY,
          name: 'tick',
          groups: [{ steps: [{ scenarioId: scenario.body.id }] }],
          stopOnFailure: true,
          schedule: { cron: '*/10 * * * * *', timezone: 'UTC' },
          overlap: 'skip',
          enabled: false,
        });
      const rows = await db('lt_plan_runs')
        .where({ plan_id: plan.id })
        .orderBy('scheduled_for');
      const slots = rows.map(r => Date.parse(r.scheduled_for));
      // one plan run per slot, every 10 s with none missed, over the whole window
      expect(new Set(slots).size).toBe(rows.length);
      for (let i = 1; i < slots.length; i++)
        expect(slots[i] - slots[i - 1]).toBe(10_000);
      expect(rows.length).toBeGreaterThanOrEqual(
        Math.floor((Date.now() - started) / 10_000) - 1,
      );
      // and each slot was fired by one wake-up only, on one replica or the other
      const fired = attempts.filter(x => x.slot);
      expect(fired.length).toBe(rows.length);
      expect(rows.every(r => r.trigger === 'schedule')).toBe(true);
      expect(rows.every(r => r.status === 'failed')).toBe(true);
      expect(JSON.parse(rows[0].steps)[0].error).toContain(
        'maxConcurrentRunsPerEntity',
      );
      // which replica fired each (the firing replica drives its plan run)
      const drivers = new Map<string, number>();
      for (const r of rows)
        drivers.set(r.claimed_by, (drivers.get(r.claimed_by) ?? 0) + 1);
      // eslint-disable-next-line no-console
      console.log(`plan runs per replica: ${JSON.stringify([...drivers])}`);
      expect(drivers.size).toBe(2);
      const afterA = rows.filter(r => r.created_at > aStopped);
      expect(afterA.length).toBeGreaterThanOrEqual(2);
      expect(new Set(afterA.map(r => r.claimed_by)).size).toBe(1);
    } finally {
      spy.mockRestore();
      await db.destroy();
      await a.backend.stop().catch(() => {});
      await b.backend.stop();
      await a.proxy.stop();
      await b.proxy.stop();
      await dropDb(prefix);
    }
  });
});
