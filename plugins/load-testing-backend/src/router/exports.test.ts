/* eslint-disable jest/no-standalone-expect */
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  api,
  cancelRun,
  sleepingLocust,
  startLoadTestingBackend,
  startRun,
  testComponent,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

// a stand-in for the locust executable that stays up: runs stay `running` until stopped
const locust = sleepingLocust('lt-exports-');

describe('GET /runs/:runId/export', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const user = mockCredentials.user.header('user:default/ann');
  const stranger = mockCredentials.user.header('user:default/stranger');
  let finished: string;
  let running: string;
  const get = (p: string, auth = user) =>
    request(server).get(api(p)).set('authorization', auth);

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      entities: [testComponent('shop-api')],
      app: { baseUrl: 'https://portal.example.com' },
      loadTesting: {
        executors: { local: locust.local },
        webhook: { signingKey: 'exports-test-key' },
        targets: { allow: ['http://127.0.0.1:*'] },
      },
      anonymousByDefault: true,
      // the stranger may read nothing
      denied: userRef => userRef === 'user:default/stranger',
    });
    server = backend.server;
    const scenario = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: 'component:default/shop-api',
        name: 'Checkout flow',
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 1 },
      });
    expect(scenario.status).toBe(201);
    finished = await startRun(server, scenario.body.id, user);
    running = await startRun(server, scenario.body.id, user);
    await cancelRun(server, finished, user);
  });

  afterAll(async () => {
    await request(server)
      .post(api(`/runs/${running}/cancel`))
      .set('authorization', user);
    await backend.stop();
    locust.remove();
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
