/* eslint-disable jest/no-standalone-expect */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '..';
import { testComponent } from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

// a stand-in for the locust executable that stays up: runs stay `running` until stopped
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-exports-'));
const fakeLocust = path.join(workDir, 'fake-locust.sh');
fs.writeFileSync(fakeLocust, '#!/bin/sh\nexec sleep 120\n', { mode: 0o755 });

const SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';

describe('GET /runs/:runId/export', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const user = mockCredentials.user.header('user:default/ann');
  const stranger = mockCredentials.user.header('user:default/stranger');
  let finished: string;
  let running: string;
  const api = (p: string) => `/api/load-testing${p}`;
  const get = (p: string, auth = user) =>
    request(server).get(api(p)).set('authorization', auth);

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        loadTestingBackend,
        catalogServiceMock.factory({ entities: [testComponent('shop-api')] }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'https://portal.example.com' },
            loadTesting: {
              executors: {
                local: {
                  enabled: true,
                  locustCommand: fakeLocust,
                  workDir,
                  stopGraceSeconds: 1,
                },
              },
              webhook: { signingKey: 'exports-test-key' },
              targets: { allow: ['http://127.0.0.1:*'] },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        // the stranger may read nothing
        mockServices.permissions.mock({
          authorize: async (requests, opts) =>
            requests.map(() => ({
              result:
                (opts.credentials.principal as any).userEntityRef ===
                'user:default/stranger'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
    server = backend.server;
    const scenario = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: 'component:default/shop-api',
        name: 'Checkout flow',
        script: SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 1 },
      });
    expect(scenario.status).toBe(201);
    const start = async () => {
      const res = await request(server)
        .post(api('/runs'))
        .set('authorization', user)
        .send({ scenarioId: scenario.body.id });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    finished = await start();
    running = await start();
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await get(`/runs/${finished}`)).body.status;
      if (status === 'running' || status === 'provisioning')
        await request(server)
          .post(api(`/runs/${finished}/cancel`))
          .set('authorization', user);
      if (status === 'cancelled') break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(status).toBe('cancelled');
  });

  afterAll(async () => {
    await request(server)
      .post(api(`/runs/${running}/cancel`))
      .set('authorization', user);
    await backend.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('names the format when it is missing or unknown', async () => {
    for (const q of ['', '?format=pdf', '?format=csv&extra=1']) {
      const res = await get(`/runs/${finished}/export${q}`);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.error.fields.map((f: any) => f.field)).toEqual([
        q.includes('extra') ? 'extra' : 'format',
      ]);
    }
  });

  it('refuses a run that has not finished with 409', async () => {
    const res = await get(`/runs/${running}/export?format=html`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/once it has finished/);
  });

  it('needs read permission on the run, and the run', async () => {
    expect(
      (await get(`/runs/${finished}/export?format=json`, stranger)).status,
    ).toBe(403);
    expect(
      (
        await get(
          '/runs/00000000-0000-4000-8000-000000000999/export?format=json',
        )
      ).status,
    ).toBe(404);
  });

  it('sends each format as an attachment named after the scenario, run and time', async () => {
    const stem = `checkout-flow-${finished.slice(0, 8)}-\\d{8}-\\d{4}`;
    for (const [format, type, ext] of [
      ['html', 'text/html', 'html'],
      ['csv', 'text/csv', 'csv'],
      ['json', 'application/json', 'json'],
      ['junit', 'application/xml', 'xml'],
    ]) {
      const res = await get(`/runs/${finished}/export?format=${format}`)
        .buffer(true)
        .parse((r, cb) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => {
            text += c;
          });
          r.on('end', () => cb(null, text));
        });
      expect([format, res.status]).toEqual([format, 200]);
      expect(res.headers['content-type']).toBe(`${type}; charset=utf-8`);
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="${stem}\\.${ext}"$`),
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect((res.body as string).length).toBeGreaterThan(20);
    }
    // a cancelled run without a verdict: its JUnit is one error naming why
    const junit = await get(`/runs/${finished}/export?format=junit`).buffer(
      true,
    );
    expect(junit.text).toContain('tests="1" failures="0" errors="1"');
    const json = await get(`/runs/${finished}/export?format=json`);
    expect(JSON.parse(json.text)).toMatchObject({
      run: { id: finished, status: 'cancelled' },
      url: `https://portal.example.com/catalog/default/component/shop-api/load-tests/runs/${finished}`,
    });
  });
});
