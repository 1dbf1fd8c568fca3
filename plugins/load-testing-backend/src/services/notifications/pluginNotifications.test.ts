import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import { Notification } from '@backstage/plugin-notifications-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '../..';

jest.setTimeout(60_000);

// The Load Tests plugin as an app installs it, next to the notifications backend: a run
// above the approval rule tells the entity's owners; its denial tells the requester.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-notifications-'));
const idle = path.join(dir, 'idle.sh');
fs.writeFileSync(idle, '#!/bin/sh\nsleep 120\n', { mode: 0o755 });
const api = (p: string) => `/api/load-testing${p}`;
const REQUESTER = 'user:default/mock';
const OWNER = 'user:default/owner';
const APPROVER = 'user:default/approver';

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop-api', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: OWNER },
      { type: 'hasMember', targetRef: REQUESTER },
    ],
  },
];

let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      loadTestingBackend,
      notificationsPlugin,
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({ entities: ENTITIES }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          loadTesting: {
            executors: {
              local: { enabled: true, locustCommand: idle, workDir: dir },
            },
            webhook: { signingKey: 'k' },
            targets: { allow: ['http://127.0.0.1:*'] },
            approvals: { rules: { aboveUsers: 100 } },
          },
        } as JsonObject,
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function inbox(user: string, n: number): Promise<Notification[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    const res = await request(backend.server)
      .get('/api/notifications/notifications')
      .set('authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    if (res.body.notifications.length >= n || Date.now() > until)
      return res.body.notifications;
    await new Promise(r => setTimeout(r, 100));
  }
}

it('tells the owners of a waiting run, then its requester of the denial', async () => {
  const scenario = await request(backend.server)
    .post(api('/scenarios'))
    .set('authorization', mockCredentials.user.header(REQUESTER))
    .send({
      entityRef: 'component:default/shop-api',
      name: 'smoke',
      script: 'from locust import HttpUser\nclass U(HttpUser): pass\n',
      parameters: { host: 'http://127.0.0.1:7070', workers: 1 },
    });
  expect(scenario.status).toBe(201);
  const run = await request(backend.server)
    .post(api('/runs'))
    .set('authorization', mockCredentials.user.header(REQUESTER))
    .send({ scenarioId: scenario.body.id, parameters: { users: 200 } });
  expect(run.status).toBe(201);
  expect(run.body.status).toBe('awaiting-approval');

  const [waiting] = await inbox(OWNER, 1);
  expect(waiting.payload).toMatchObject({
    title: 'A load test run of smoke on shop-api waits for approval',
    link: '/catalog/default/component/shop-api/load-tests/approvals',
    topic: 'load-testing',
  });
  expect(waiting.payload.description).toContain('200 users');

  const approvals = await request(backend.server)
    .get(api('/approvals'))
    .set('authorization', mockCredentials.user.header(APPROVER));
  const approval = approvals.body.items.find(
    (a: { subject: { runId?: string } }) => a.subject.runId === run.body.id,
  );
  const decided = await request(backend.server)
    .post(api(`/approvals/${approval.id}/decision`))
    .set('authorization', mockCredentials.user.header(APPROVER))
    .send({ decision: 'deny', comment: 'too big for today' });
  expect(decided.status).toBe(200);

  // the requester, a member of the owners, was told of the decision only
  const requester = await inbox(REQUESTER, 1);
  expect(requester.map(n => n.payload)).toEqual([
    expect.objectContaining({
      title: 'Your run of smoke was denied by approver: too big for today',
      link: `/catalog/default/component/shop-api/load-tests/runs/${run.body.id}`,
      severity: 'high',
    }),
  ]);
});
