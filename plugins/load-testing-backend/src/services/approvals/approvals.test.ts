import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { loadTestingRunApprovePermission } from '@internal/plugin-load-testing-common';
import { JsonObject } from '@backstage/types';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '../..';
import { findProcesses } from '../../executors/local/processes';
import { TEST_ENTITIES } from '../../__testUtils__/startBackend';

jest.setTimeout(60_000);

// the load generator is a process that just stays up: what starts is visible without load
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-approvals-'));
const idle = path.join(dir, 'idle.sh');
fs.writeFileSync(idle, '#!/bin/sh\nsleep 120\n', { mode: 0o755 });
const api = (p: string) => `/api/load-testing${p}`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const SHOP = 'component:default/shop-api';
const CHECKOUT = 'component:default/checkout';
const REQUESTER = mockCredentials.user.header(); // user:default/mock
const APPROVER = mockCredentials.user.header('user:default/approver');
const VIEWER = mockCredentials.user.header('user:default/viewer');

let backend: Awaited<ReturnType<typeof startTestBackend>>;
let db: Knex;

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      loadTestingBackend,
      databaseServiceFactory,
      // everyone may do everything but the viewer, who may not approve
      mockServices.permissions.mock({
        authorize: async (requests, options) => {
          const user = (options.credentials.principal as any).userEntityRef;
          return requests.map(r => ({
            result:
              user === 'user:default/viewer' &&
              isPermission(r.permission, loadTestingRunApprovePermission)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })) as any;
        },
      }).factory,
      catalogServiceMock.factory({ entities: TEST_ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: path.join(dir, 'db') },
            },
          },
          loadTesting: {
            executors: {
              local: { enabled: true, locustCommand: idle, workDir: dir },
            },
            webhook: { signingKey: 'k' },
            targets: { allow: ['http://127.0.0.1:*'] },
            limits: { maxConcurrentRunsPerEntity: 50 },
            approvals: { rules: { aboveUsers: 100 } },
            quotas: { perEntity: { day: 2 }, perGroup: { week: 1000 } },
          },
        } as JsonObject,
      }),
    ],
  });
  db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'db', 'load-testing.sqlite') },
    useNullAsDefault: true,
  });
});

afterAll(async () => {
  await backend?.stop();
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const scenarios = new Map<string, string>();
async function scenarioOf(entityRef: string): Promise<string> {
  if (!scenarios.has(entityRef)) {
    const res = await request(backend.server)
      .post(api('/scenarios'))
      .set('authorization', REQUESTER)
      .send({
        entityRef,
        name: 'smoke',
        script: 'from locust import HttpUser\nclass U(HttpUser): pass\n',
        parameters: { host: 'http://127.0.0.1:7070', workers: 1 },
      });
    expect(res.status).toBe(201);
    scenarios.set(entityRef, res.body.id);
  }
  return scenarios.get(entityRef)!;
}

async function startRun(parameters: object, entityRef = SHOP) {
  return request(backend.server)
    .post(api('/runs'))
    .set('authorization', REQUESTER)
    .send({ scenarioId: await scenarioOf(entityRef), parameters });
}

const getRun = async (id: string) =>
  (await request(backend.server).get(api(`/runs/${id}`))).body;

async function waitForStatus(id: string, status: string) {
  for (let i = 0; i < 100; i++) {
    const run = await getRun(id);
    if (run.status === status) return run;
    await sleep(100);
  }
  throw new Error(
    `run ${id} never became ${status}: ${(await getRun(id)).status}`,
  );
}

async function approvalOf(runId: string) {
  const list = await request(backend.server)
    .get(api('/approvals?state=pending'))
    .set('authorization', APPROVER);
  return list.body.items.find((a: any) => a.subject.runId === runId);
}

function decide(id: string, body: object, auth = APPROVER) {
  return request(backend.server)
    .post(api(`/approvals/${id}/decision`))
    .set('authorization', auth)
    .send(body);
}

describe('a run above an approval rule', () => {
  it('waits, starts nothing, and starts once another user approves it', async () => {
    const res = await startRun({ users: 200, duration: 60 });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('awaiting-approval');
    const runId = res.body.id;
    await sleep(500);
    expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(0);
    expect((await getRun(runId)).status).toBe('awaiting-approval');

    const approval = await approvalOf(runId);
    expect(approval).toMatchObject({
      state: 'pending',
      entityRef: SHOP,
      title: 'smoke',
      requestedBy: 'user:default/mock',
      reasons: [
        '200 users is above 100 (loadTesting.approvals.rules.aboveUsers)',
      ],
      // (1 worker + the master) × 1 core × 60 s
      estimate: { users: 200, workers: 1, durationSeconds: 60 },
    });
    expect(approval.estimate.coreHours).toBeCloseTo(2 / 60, 3);
    const wait =
      Date.parse(approval.expiresAt) - Date.parse(approval.requestedAt);
    expect(wait).toBe(24 * 3600 * 1000);
    const waiting = await getRun(runId);
    expect(waiting.approval).toMatchObject({
      id: approval.id,
      state: 'pending',
    });

    // the requester may not approve their own run, a viewer may not approve at all
    const self = await decide(approval.id, { decision: 'approve' }, REQUESTER);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toMatch(/allowSelfApproval/);
    expect(
      (await decide(approval.id, { decision: 'approve' }, VIEWER)).status,
    ).toBe(403);
    // the viewer is offered nothing to decide
    const viewerList = await request(backend.server)
      .get(api('/approvals?state=pending'))
      .set('authorization', VIEWER);
    expect(viewerList.status).toBe(200);
    expect(viewerList.body.items).toEqual([]);

    const ok = await decide(approval.id, {
      decision: 'approve',
      comment: 'go ahead, the target is scaled',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      state: 'approved',
      decidedBy: 'user:default/approver',
      comment: 'go ahead, the target is scaled',
    });
    const running = await waitForStatus(runId, 'running');
    expect(running.approval).toMatchObject({
      state: 'approved',
      decidedBy: 'user:default/approver',
      comment: 'go ahead, the target is scaled',
    });
    expect(await findProcesses(`/runs/${runId}/`)).not.toHaveLength(0);

    // decided once
    const again = await decide(approval.id, { decision: 'deny' });
    expect(again.status).toBe(409);
    await request(backend.server)
      .post(api(`/runs/${runId}/cancel`))
      .set('authorization', REQUESTER);
    await waitForStatus(runId, 'cancelled');
  });

  it('is cancelled when denied, with who denied it and why', async () => {
    const runId = (await startRun({ users: 150, duration: 30 })).body.id;
    const approval = await approvalOf(runId);
    const res = await decide(approval.id, {
      decision: 'deny',
      comment: 'not during the release',
    });
    expect(res.status).toBe(200);
    const run = await getRun(runId);
    expect(run).toMatchObject({
      status: 'cancelled',
      statusReason: 'denied by user:default/approver: not during the release',
    });
    expect(run.startedAt).toBeUndefined();
    expect(run.approval).toMatchObject({ state: 'denied' });
    expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(0);
  });

  it('is cancelled when its approval expires', async () => {
    const runId = (await startRun({ users: 101, duration: 30 })).body.id;
    const approval = await approvalOf(runId);
    await db('lt_approvals')
      .where({ id: approval.id })
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    const read = await request(backend.server)
      .get(api(`/approvals/${approval.id}`))
      .set('authorization', APPROVER);
    expect(read.body.state).toBe('expired');
    expect(await getRun(runId)).toMatchObject({
      status: 'cancelled',
      statusReason: 'the approval expired after 24 h',
    });
    expect((await decide(approval.id, { decision: 'approve' })).status).toBe(
      409,
    );
  });

  it('below the rules, starts at once', async () => {
    const res = await startRun({ users: 10, duration: 30 });
    expect(res.body.status).toBe('pending');
    const runId = res.body.id;
    await waitForStatus(runId, 'running');
    expect((await getRun(runId)).approval).toBeUndefined();
    await request(backend.server)
      .post(api(`/runs/${runId}/cancel`))
      .set('authorization', REQUESTER);
    await waitForStatus(runId, 'cancelled');
  });
});

describe('the approvals API', () => {
  it('refuses bad input with the field, unknown approvals with 404', async () => {
    const unknown = await decide('no-such-approval', { decision: 'approve' });
    expect(unknown.status).toBe(404);
    const runId = (await startRun({ users: 300, duration: 30 })).body.id;
    const approval = await approvalOf(runId);
    const bad = await decide(approval.id, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('decision');
    const extra = await decide(approval.id, { decision: 'approve', by: 'x' });
    expect(extra.status).toBe(400);
    const long = await decide(approval.id, {
      decision: 'approve',
      comment: 'x'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.fields[0].field).toBe('comment');
    const state = await request(backend.server)
      .get(api('/approvals?state=maybe'))
      .set('authorization', APPROVER);
    expect(state.status).toBe(400);
    const ref = await request(backend.server)
      .get(api('/approvals?entityRef=nope'))
      .set('authorization', APPROVER);
    expect(ref.status).toBe(400);
    const ofEntity = await request(backend.server)
      .get(api(`/approvals?entityRef=${SHOP}`))
      .set('authorization', VIEWER);
    expect(ofEntity.body.items.map((a: any) => a.id)).toContain(approval.id);
    await decide(approval.id, { decision: 'deny' });
  });
});

describe('quotas', () => {
  it('refuse a run over a budget, naming it and what is left; the budget frees as time passes', async () => {
    // checkout: 2 core-hours a day; (2 workers + the master) × 30 min = 1.5
    const first = await startRun(
      { users: 10, workers: 2, duration: 1800 },
      CHECKOUT,
    );
    expect(first.status).toBe(201);
    const refused = await startRun(
      { users: 10, workers: 2, duration: 1800 },
      CHECKOUT,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'component:default/checkout has used 1.5 of 2 CPU-core-hours in the last 24 hours (loadTesting.quotas.perEntity.day); this run needs 1.5',
    );
    const quotas = await request(backend.server)
      .get(api(`/quotas?entityRef=${CHECKOUT}`))
      .set('authorization', VIEWER);
    expect(quotas.status).toBe(200);
    expect(quotas.body.items).toEqual([
      expect.objectContaining({
        scope: 'entity',
        ref: CHECKOUT,
        period: 'day',
        usedCoreHours: 1.5,
        limitCoreHours: 2,
      }),
      expect.objectContaining({
        scope: 'group',
        ref: 'group:default/team-a',
        period: 'week',
        limitCoreHours: 1000,
      }),
    ]);
    const resetsAt = Date.parse(quotas.body.items[0].resetsAt);
    expect(resetsAt).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);

    // a day later the first run no longer counts
    await db('lt_runs')
      .where({ id: first.body.id })
      .update({
        created_at: new Date(Date.now() - 25 * 3600 * 1000).toISOString(),
      });
    const admitted = await startRun(
      { users: 10, workers: 2, duration: 1800 },
      CHECKOUT,
    );
    expect(admitted.status).toBe(201);
    const stamped = await db('lt_runs').where({ id: admitted.body.id }).first();
    expect(Number(stamped.core_hours)).toBe(1.5);
    expect(stamped.owner_group).toBe('group:default/team-a');
    for (const id of [first.body.id, admitted.body.id])
      await request(backend.server)
        .post(api(`/runs/${id}/cancel`))
        .set('authorization', REQUESTER);
  });

  it('GET /quotas needs a valid entity ref', async () => {
    const res = await request(backend.server)
      .get(api('/quotas?entityRef=nope'))
      .set('authorization', VIEWER);
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].field).toBe('entityRef');
  });
});
