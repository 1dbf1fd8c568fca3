import { mockCredentials } from '@backstage/backend-test-utils';
import http from 'http';
import { AddressInfo } from 'net';
import request from 'supertest';
import {
  api,
  sleepingLocust,
  startLoadTestingBackend,
  testComponent,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';
import { WebhookSigner } from '../services/signatures';

jest.setTimeout(60_000);

const SIGNING_KEY = 'resources-test-key';
const signer = new WebhookSigner(SIGNING_KEY);
const locust = sleepingLocust('lt-resources-', 2);

const annotated = testComponent('shop-api');
annotated.metadata.annotations = {
  'load-testing.dev/prometheus-query': 'sum(rate(http_requests_total[30s]))',
};
const ENTITIES = [annotated, testComponent('checkout')];

const T0 = Math.floor(Date.now() / 1000) + 1;

function snapshot(seq: number, workerCpu: number) {
  const entry = {
    method: '',
    name: 'Aggregated',
    numRequests: seq,
    numFailures: 0,
    numNoneRequests: 0,
    totalResponseTime: seq,
    minResponseTime: 1,
    maxResponseTime: 1,
    totalContentLength: 0,
    totalRps: 1,
    totalFailPerSec: 0,
    delta: {
      requests: 1,
      failures: 0,
      totalResponseTime: 1,
      histogram: { 1: 1 },
    },
  };
  return {
    seq,
    ts: T0 + seq * 5,
    final: false,
    state: 'running',
    userCount: 3,
    entries: [],
    total: entry,
    perSecond: { '': [[T0 + seq * 5, 1, 0]] },
    errors: [],
    exceptions: [],
    workers: [
      {
        id: 'abc',
        node: 'worker-1',
        state: 'running',
        cpuPercent: workerCpu,
        memoryBytes: 60e6,
        userCount: 3,
      },
      // a worker that lies about itself: bounded, not stored as given
      {
        id: 'def',
        node: 'worker-2',
        state: 'running',
        cpuPercent: 'lots',
        memoryBytes: 1e300,
        userCount: -5,
      },
    ],
    master: { cpuPercent: 2, memoryBytes: 40e6 },
  };
}

describe('resources routes', () => {
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  // a Prometheus behind a proxy that is down: the gateway error
  const prometheus = http.createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end('Service Unavailable');
  });
  const user = mockCredentials.user.header('user:default/ann');
  const viewer = mockCredentials.user.header('user:default/viewer');
  const get = (p: string, as = user) =>
    request(backend.server).get(api(p)).set('authorization', as);

  beforeAll(async () => {
    await new Promise<void>(r => prometheus.listen(0, '127.0.0.1', r));
    const port = (prometheus.address() as AddressInfo).port;
    backend = await startLoadTestingBackend({
      entities: ENTITIES,
      loadTesting: {
        executors: { local: locust.local },
        webhook: { signingKey: SIGNING_KEY },
        targets: { allow: ['http://127.0.0.1:*'] },
        prometheus: { baseUrl: `http://127.0.0.1:${port}` },
        limits: { maxConcurrentRunsPerEntity: 10 },
      },
      anonymousByDefault: true,
      denied: userRef => userRef === 'user:default/viewer',
    });
  });

  afterAll(async () => {
    await backend?.stop();
    prometheus.close();
    locust.remove();
  });

  async function startRun(entityRef: string, name: string) {
    const scenario = await request(backend.server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef,
        name,
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 2 },
      });
    expect(scenario.status).toBe(201);
    const run = await request(backend.server)
      .post(api('/runs'))
      .set('authorization', user)
      .send({ scenarioId: scenario.body.id });
    expect(run.status).toBe(201);
    return run.body.id as string;
  }

  const deliver = (runId: string, body: object) => {
    const raw = JSON.stringify(body);
    return request(backend.server)
      .post(api(`/webhooks/runs/${runId}`))
      .set('content-type', 'application/json')
      .set('x-load-testing-signature', signer.sign(runId, raw))
      .send(raw);
  };

  it("serves each node's resources from the monitor's snapshots, once per snapshot", async () => {
    const runId = await startRun('component:default/shop-api', 'a');
    expect((await get(`/runs/${runId}/resources`)).body).toEqual({ nodes: [] });
    for (const [seq, cpu] of [
      [1, 20],
      [2, 95],
      [3, 40],
    ])
      expect((await deliver(runId, snapshot(seq, cpu))).status).toBe(201);
    // a redelivery is stored once
    expect((await deliver(runId, snapshot(2, 95))).status).toBe(200);
    const res = await get(`/runs/${runId}/resources`);
    expect(res.status).toBe(200);
    expect(res.body.nodes.map((n: any) => [n.name, n.role])).toEqual([
      ['master', 'master'],
      ['worker-1', 'worker'],
      ['worker-2', 'worker'],
    ]);
    expect(res.body.nodes[1].points).toEqual(
      [20, 95, 40].map((cpu, i) => ({
        ts: (T0 + (i + 1) * 5) * 1000,
        cpuPercent: cpu,
        memoryBytes: 60e6,
      })),
    );
    expect(res.body.nodes[2].points[0]).toMatchObject({
      cpuPercent: 0,
      memoryBytes: 2 ** 52,
    });
    // one bucket: the highest CPU of the window
    const one = await get(`/runs/${runId}/resources?points=1`);
    expect(one.body.nodes[1].points).toEqual([
      { ts: (T0 + 15) * 1000, cpuPercent: 95, memoryBytes: 60e6 },
    ]);
    const window = await get(
      `/runs/${runId}/resources?from=${(T0 + 9) * 1000}&to=${(T0 + 11) * 1000}`,
    );
    expect(window.body.nodes[1].points.map((p: any) => p.cpuPercent)).toEqual([
      95,
    ]);
  });

  it('refuses bad windows and point counts with 400 naming the field, and unknown runs with 404', async () => {
    const runId = await startRun('component:default/shop-api', 'b');
    for (const [query, field] of [
      ['points=0', 'points'],
      ['points=2001', 'points'],
      ['points=many', 'points'],
      ['from=-1', 'from'],
      ['from=20&to=10', 'to'],
      ['colour=red', 'colour'],
    ]) {
      const res = await get(`/runs/${runId}/resources?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.message).toContain(field);
    }
    expect(
      (await get(`/runs/${runId}/prometheus?from=20&to=10`)).body.error.message,
    ).toContain('to');
    expect(
      (await get('/runs/00000000-0000-4000-8000-00000000dead/resources'))
        .status,
    ).toBe(404);
  });

  it("needs read permission on the run's entity", async () => {
    const runId = await startRun('component:default/shop-api', 'c');
    expect((await get(`/runs/${runId}/resources`, viewer)).status).toBe(403);
    expect((await get(`/runs/${runId}/prometheus`, viewer)).status).toBe(403);
  });

  it("answers the target's metrics as not configured without a query, and 502 when Prometheus fails", async () => {
    const plain = await startRun('component:default/checkout', 'd');
    expect((await get(`/runs/${plain}/prometheus`)).body).toEqual({
      configured: false,
      reason:
        'component:default/checkout has no load-testing.dev/prometheus-query annotation',
    });
    const runId = await startRun('component:default/shop-api', 'e');
    // no samples yet: nothing to ask Prometheus about
    expect((await get(`/runs/${runId}/prometheus`)).body).toEqual({
      configured: true,
      query: 'sum(rate(http_requests_total[30s]))',
      series: [],
    });
    expect((await deliver(runId, snapshot(1, 10))).status).toBe(201);
    const failed = await get(`/runs/${runId}/prometheus`);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toBe(
      "Prometheus answered HTTP 503 that is not its API's JSON: Service Unavailable",
    );
  });
});
