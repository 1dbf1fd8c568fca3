import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { WebhookSigner } from '../services/signatures';
import {
  api,
  sleepingLocust,
  startLoadTestingBackend,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

const SIGNING_KEY = 'router-test-key';
const ENTITY = 'component:default/shop-api';
const signer = new WebhookSigner(SIGNING_KEY);

// a stand-in for the locust executable: a process that just stays up, so runs stay
// `running` and the webhook can be exercised without load
const locust = sleepingLocust('lt-router-', 2);

const config = {
  loadTesting: {
    executors: { local: locust.local },
    webhook: { signingKey: SIGNING_KEY },
    targets: { allow: ['http://127.0.0.1:*'] },
    limits: {
      maxUsers: 100,
      maxWorkers: 2,
      maxDurationSeconds: 600,
      maxConcurrentRunsPerEntity: 5,
    },
  },
};

function entry(
  name: string,
  cumulative: number,
  delta: Record<string, number>,
) {
  const requests = Object.values(delta).reduce((a, b) => a + b, 0);
  return {
    method: 'GET',
    name,
    numRequests: cumulative,
    numFailures: 0,
    numNoneRequests: 0,
    totalResponseTime: cumulative * 10,
    minResponseTime: 10,
    maxResponseTime: 100,
    totalContentLength: 0,
    totalRps: 1,
    totalFailPerSec: 0,
    delta: {
      requests,
      failures: 0,
      totalResponseTime: requests * 10,
      histogram: delta,
    },
  };
}

/** Deliveries a run makes right after it started: epoch seconds. */
const T0 = Math.floor(Date.now() / 1000) + 1;

function snapshot(
  seq: number,
  cumulative: number,
  delta: Record<string, number>,
  seconds: Array<[number, number, number]>,
) {
  return {
    seq,
    ts: T0 + seq * 5,
    final: false,
    state: 'running',
    userCount: 3,
    entries: [entry('/a', cumulative, delta)],
    total: { ...entry('Aggregated', cumulative, delta), method: '' },
    perSecond: { '': seconds, 'GET /a': seconds },
    errors: [],
    exceptions: [],
    workers: [],
    master: { cpuPercent: 1, memoryBytes: 1 },
  };
}

describe('router', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const user = mockCredentials.user.header('user:default/ann');
  const viewer = mockCredentials.user.header('user:default/viewer');

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      ...config,
      anonymousByDefault: true,
      // the viewer may read but not change anything
      denied: userRef => userRef === 'user:default/viewer',
    });
    server = backend.server;
  });

  afterAll(async () => {
    await backend.stop();
    locust.remove();
  });

  async function createScenario(name: string) {
    const res = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: ENTITY,
        name,
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 1 },
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('serves /health without credentials', async () => {
    const res = await request(server).get(api('/health'));
    expect(res.status).toBe(200);
  });

  it('refuses requests without credentials with 401', async () => {
    expect(
      (await request(server).get(api(`/scenarios?entityRef=${ENTITY}`))).status,
    ).toBe(401);
    expect((await request(server).post(api('/runs')).send({})).status).toBe(
      401,
    );
  });

  it('answers 400 with a message per bad field', async () => {
    const res = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: ENTITY,
        name: '',
        script: '',
      });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: any) => f.field).sort()).toEqual([
      'name',
      'script',
    ]);
    // what the API's schema refuses is named the same way
    const typed = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: ENTITY,
        name: 'x',
        script: 'x',
        parameters: { users: -1, workers: 'two', extra: true },
      });
    expect(typed.status).toBe(400);
    expect(typed.body.error.fields.map((f: any) => f.field).sort()).toEqual([
      'parameters.extra',
      'parameters.users',
      'parameters.workers',
    ]);
  });

  it('answers 4xx, never 500, to bodies that are missing, not JSON or not an object', async () => {
    for (const [method, route] of [
      ['post', '/runs'],
      ['post', '/scenarios'],
      ['put', '/scenarios/00000000-0000-4000-8000-000000000001'],
    ] as const) {
      const none = await request(server)
        [method](api(route))
        .set('authorization', user);
      const text = await request(server)
        [method](api(route))
        .set('authorization', user)
        .set('content-type', 'application/json')
        .send('{not json');
      const array = await request(server)
        [method](api(route))
        .set('authorization', user)
        .send([1, 2]);
      for (const res of [none, text, array]) {
        expect([method, route, res.status >= 400 && res.status < 500]).toEqual([
          method,
          route,
          true,
        ]);
      }
    }
  });

  it('takes query values with reserved characters as they are commonly written', async () => {
    const res = await request(server)
      .get(api(`/runs?entityRef=${ENTITY}&limit=5`))
      .set('authorization', user);
    expect(res.status).toBe(200);
  });

  it('answers 400, never 500, to malformed queries and paths', async () => {
    const base = `/runs?entityRef=${encodeURIComponent(ENTITY)}`;
    for (const route of [
      `/scenarios?entityRef=a&entityRef=b`,
      `/runs?entityRef=${'c'.repeat(300)}`,
      `${base}&limit=x`,
      `${base}&offset=-1`,
      `${base}&unknown=1`,
      `/scenarios?entityRef=component:default/a%00b`,
      `/runs/${'0'.repeat(70)}`,
      `/runs/x%00y/series`,
    ]) {
      const res = await request(server)
        .get(api(route))
        .set('authorization', user);
      expect([route, res.status]).toEqual([route, 400]);
    }
  });

  it('refuses changes without permission with 403 and allows reads', async () => {
    const id = await createScenario('perm');
    const denied = await request(server)
      .post(api('/runs'))
      .set('authorization', viewer)
      .send({ scenarioId: id });
    expect(denied.status).toBe(403);
    expect(
      (
        await request(server)
          .delete(api(`/scenarios/${id}`))
          .set('authorization', viewer)
      ).status,
    ).toBe(403);
  });

  it('saves only scenarios a run could start: the same limits, allowlist and script check', async () => {
    const save = (parameters: object, script = TEST_SCRIPT) =>
      request(server)
        .post(api('/scenarios'))
        .set('authorization', user)
        .send({
          entityRef: ENTITY,
          name: `s${Math.random()}`,
          script,
          parameters,
        });
    const over = await save({
      users: 1_000_000_000,
      workers: 100,
      duration: 100_000,
    });
    expect(over.status).toBe(400);
    expect(over.body.error.fields.map((f: any) => f.field).sort()).toEqual([
      'parameters.duration',
      'parameters.users',
      'parameters.workers',
    ]);
    const outside = await save({ host: 'http://10.1.2.3:80' });
    expect(outside.status).toBe(403);
    expect(outside.body.error.fields[0].field).toBe('parameters.host');
    const ambiguous = await save({
      host: 'http://127.0.0.1:7270\\@127.0.0.2:7271',
    });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.fields[0].field).toBe('parameters.host');
    const injected = await save({ tags: ['--master-bind-host', '127.0.0.3'] });
    expect(injected.status).toBe(400);
    expect(injected.body.error.fields[0].field).toBe('parameters.tags');
    const broken = await save(
      {},
      'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self)\n        pass\n',
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.fields).toEqual([
      {
        field: 'script',
        message: "is not valid Python: expected ':' (line 5, column 16)",
        line: 5,
      },
    ]);
  });

  it('keeps one key per entity and refuses entities the catalog does not have', async () => {
    const spellings = [
      'Component:default/shop-api',
      'component:Default/shop-api',
      'component:default/SHOP-API',
    ];
    const ids: string[] = [];
    for (const [i, entityRef] of spellings.entries()) {
      const res = await request(server)
        .post(api('/scenarios'))
        .set('authorization', user)
        .send({ entityRef, name: `spelling ${i}`, script: TEST_SCRIPT });
      expect(res.status).toBe(201);
      expect(res.body.entityRef).toBe(ENTITY);
      ids.push(res.body.id);
    }
    for (const entityRef of spellings) {
      const list = await request(server)
        .get(api(`/scenarios?entityRef=${encodeURIComponent(entityRef)}`))
        .set('authorization', user);
      const names = list.body.items.map((s: any) => s.name);
      expect(names).toEqual(
        expect.arrayContaining(['spelling 0', 'spelling 1', 'spelling 2']),
      );
      // the list carries no scripts
      expect(list.body.items.every((s: any) => s.script === undefined)).toBe(
        true,
      );
    }
    const unknown = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: 'component:default/nowhere',
        name: 'x',
        script: TEST_SCRIPT,
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([
      {
        field: 'entityRef',
        message: 'component:default/nowhere is not in the catalog',
      },
    ]);
    for (const id of ids)
      await request(server)
        .delete(api(`/scenarios/${id}`))
        .set('authorization', user);
  });

  it('refuses runs over the limits (400) or outside the allowlist (403)', async () => {
    const id = await createScenario('limits');
    const over = await request(server)
      .post(api('/runs'))
      .set('authorization', user)
      .send({ scenarioId: id, parameters: { users: 1000, workers: 9 } });
    expect(over.status).toBe(400);
    expect(over.body.error.fields.map((f: any) => f.field).sort()).toEqual([
      'parameters.users',
      'parameters.workers',
    ]);
    expect(over.body.error.fields[0].message).toMatch(/loadTesting\.limits/);
    const outside = await request(server)
      .post(api('/runs'))
      .set('authorization', user)
      .send({ scenarioId: id, parameters: { host: 'http://10.1.2.3:80' } });
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toMatch(/not in the allowlist/);
    expect(outside.body.error.fields[0].field).toBe('parameters.host');
  });

  describe('webhook', () => {
    let runId: string;

    beforeAll(async () => {
      const scenarioId = await createScenario('webhook');
      const res = await request(server)
        .post(api('/runs'))
        .set('authorization', user)
        .send({ scenarioId });
      if (res.status !== 201)
        throw new Error(`Could not start the run: ${res.text}`);
      runId = res.body.id;
    });

    const deliver = (
      body: object,
      sign = (b: string) => signer.sign(runId, b),
    ) => {
      const raw = JSON.stringify(body);
      return request(server)
        .post(api(`/webhooks/runs/${runId}`))
        .set('content-type', 'application/json')
        .set('x-load-testing-signature', sign(raw))
        .send(raw);
    };

    it('refuses bad signatures with 401 and unknown runs with 404', async () => {
      const body = snapshot(1, 0, {}, []);
      expect((await deliver(body, () => 't=1,v1=00')).status).toBe(401);
      expect(
        (await deliver(body, b => new WebhookSigner('other').sign(runId, b)))
          .status,
      ).toBe(401);
      expect(
        (await deliver(body, b => signer.sign(runId, b, Date.now() - 3600_000)))
          .status,
      ).toBe(401);
      const raw = JSON.stringify(body);
      const unknown = '00000000-0000-4000-8000-0000000000ff';
      const res = await request(server)
        .post(api(`/webhooks/runs/${unknown}`))
        .set('x-load-testing-signature', signer.sign(unknown, raw))
        .send(raw);
      expect(res.status).toBe(404);
    });

    it('counts duplicate and out-of-order deliveries exactly once', async () => {
      const s1 = snapshot(1, 10, { '10': 10 }, [[T0 + 4, 10, 0]]);
      const s2 = snapshot(2, 16, { '100': 6 }, [
        [T0 + 4, 10, 0],
        [T0 + 9, 6, 0],
      ]);
      const s3 = snapshot(3, 17, { '100': 1 }, [[T0 + 9, 7, 0]]);
      expect((await deliver(s2)).status).toBe(201);
      expect((await deliver(s1)).status).toBe(201);
      expect((await deliver(s2)).body).toEqual({
        stored: false,
        duplicate: true,
      });
      expect((await deliver(s3)).status).toBe(201);
      expect((await deliver(s1)).status).toBe(200);

      const totals = (
        await request(server)
          .get(api(`/runs/${runId}/endpoints`))
          .set('authorization', user)
      ).body.totals;
      // 10 × 10 ms and 7 × 100 ms: a double-counted delivery would move p50 to 100 ms
      expect(totals.total.requests).toBe(17);
      expect(totals.total.percentiles.p50).toBe(10);
      expect(totals.total.percentiles.p66).toBe(100);
      const series = (
        await request(server)
          .get(api(`/runs/${runId}/series?points=50&percentiles=p50`))
          .set('authorization', user)
      ).body;
      expect(
        series.points.reduce((n: number, p: any) => n + p.requests, 0),
      ).toBe(17);
      expect(series.endpoints).toEqual(['GET /a']);
      // an endpoint a caller names is looked up as data, never as a property
      for (const endpoint of ['__proto__', 'constructor', 'toString']) {
        const other = await request(server)
          .get(api(`/runs/${runId}/series?endpoint=${endpoint}`))
          .set('authorization', user);
        expect([endpoint, other.status]).toEqual([endpoint, 200]);
        expect(other.body.points.every((p: any) => p.requests === 0)).toBe(
          true,
        );
      }
      // a window: only its points, and the endpoint table of that window
      const from = (T0 + 5) * 1000;
      const to = (T0 + 10) * 1000;
      const windowed = (
        await request(server)
          .get(api(`/runs/${runId}/series?from=${from}&to=${to}`))
          .set('authorization', user)
      ).body;
      expect(windowed).toMatchObject({ from, to, resolutionSeconds: 1 });
      expect(windowed.points.length).toBeGreaterThan(0);
      expect(windowed.points.every((p: any) => p.t > from && p.t <= to)).toBe(
        true,
      );
      expect(
        windowed.points.reduce((n: number, p: any) => n + p.requests, 0),
      ).toBe(7); // second T0 + 9 only
      const table = (
        await request(server)
          .get(api(`/runs/${runId}/endpoints?from=${from}&to=${to}`))
          .set('authorization', user)
      ).body.totals;
      expect(table.total.requests).toBe(7);
      expect(table.endpoints.map((e: any) => e.name)).toEqual(['/a']);
      for (const [query, field] of [
        ['from=soon&to=1', 'from'],
        [`from=${to}&to=${from}`, 'to'],
        ['from=1.5', 'from'],
        ['to=-5', 'to'],
      ]) {
        for (const read of ['series', 'endpoints']) {
          const bad = await request(server)
            .get(api(`/runs/${runId}/${read}?${query}`))
            .set('authorization', user);
          expect([read, query, bad.status]).toEqual([read, query, 400]);
          expect(bad.body.error.fields.map((f: any) => f.field)).toContain(
            field,
          );
        }
      }
    });

    it('takes the late final snapshot of a stopped run, then refuses deliveries with 409', async () => {
      const res = await request(server)
        .post(api(`/runs/${runId}/cancel`))
        .set('authorization', user);
      expect(res.status).toBe(200);
      for (let i = 0; i < 100; i++) {
        const run = (
          await request(server)
            .get(api(`/runs/${runId}`))
            .set('authorization', user)
        ).body;
        if (run.status === 'cancelled') break;
        await new Promise(r => setTimeout(r, 100));
      }
      const run = (
        await request(server)
          .get(api(`/runs/${runId}`))
          .set('authorization', user)
      ).body;
      expect(run.status).toBe('cancelled');
      expect(run.statusReason).toBe('Stopped by user:default/ann');
      // the final statistics of a run that ended first still count, once
      const final = { ...snapshot(4, 20, { '100': 3 }, []), final: true };
      expect((await deliver(final)).status).toBe(201);
      for (let i = 0; i < 50; i++) {
        const r = await request(server)
          .get(api(`/runs/${runId}`))
          .set('authorization', user);
        if (r.body.requests === 20) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const after = (
        await request(server)
          .get(api(`/runs/${runId}`))
          .set('authorization', user)
      ).body;
      expect(after).toMatchObject({ status: 'cancelled', requests: 20 });
      // 10 × 10 ms and 10 × 100 ms now: the final's histogram moved p50
      expect(after.totals.total.percentiles.p50).toBe(100);
      expect((await deliver(snapshot(5, 20, {}, []))).status).toBe(409);
      expect(
        (
          await request(server)
            .post(api(`/runs/${runId}/cancel`))
            .set('authorization', user)
        ).status,
      ).toBe(409);
    });
  });

  it('lists runs newest first, paged', async () => {
    const res = await request(server)
      .get(api(`/runs?entityRef=${encodeURIComponent(ENTITY)}&limit=1`))
      .set('authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalCount: 1, offset: 0, limit: 1 });
    expect(
      (
        await request(server)
          .get(api('/runs?limit=999'))
          .set('authorization', user)
      ).status,
    ).toBe(400);
  });
});

describe('a backend with the local executor switched off', () => {
  it('refuses scenarios for it with a message naming the setting', async () => {
    const backend = await startLoadTestingBackend({
      loadTesting: { targets: { allow: ['http://127.0.0.1:*'] } },
    });
    try {
      // a scenario no run could start is not saved either
      const scenario = await request(backend.server)
        .post('/api/load-testing/scenarios')
        .send({ entityRef: ENTITY, name: 'off', script: TEST_SCRIPT });
      expect(scenario.status).toBe(400);
      expect(scenario.body.error.fields).toEqual([
        {
          field: 'parameters.executor',
          message:
            'the local executor is disabled on this backend (loadTesting.executors.local.enabled)',
        },
      ]);
      const settings = await request(backend.server).get(
        '/api/load-testing/settings',
      );
      expect(settings.body.executors).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
