import {
  REPORTED_PERCENTILES,
  Run,
} from '@internal/plugin-load-testing-common';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { startLoadTestingBackend } from '../../__testUtils__/startBackend';
import { findProcesses } from './processes';
import { PausableProxy, parseLocustSummary } from './testing';

// real Locust master and workers against a real HTTP service on 127.0.0.1
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startTarget } = require('dev-target/server.js');

jest.setTimeout(240_000);

const LOCUST = process.env.LOCUST_BIN;
const ENTITY = 'component:default/shop-api';
const SCRIPT = `
from locust import FastHttpUser, task, between

class Shopper(FastHttpUser):
    wait_time = between(0.01, 0.03)

    @task(5)
    def items(self):
        self.client.get("/api/items")

    @task(3)
    def item(self):
        self.client.get("/api/items/7", name="/api/items/[id]")

    @task(1)
    def missing(self):
        self.client.get("/api/items/5000", name="/api/items/[missing]")

    @task(1)
    def order(self):
        self.client.post("/api/orders", json={"item": 7, "quantity": 1})
`;

const describeIfLocust = LOCUST ? describe : describe.skip;
if (!LOCUST && process.env.CI)
  throw new Error('LOCUST_BIN must point at Locust from PyPI in CI');

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describeIfLocust('runs on real Locust (local executor)', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-real-'));
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  let target: { url: string; close(): Promise<void> };
  let proxy: PausableProxy;
  let scenarioId: string;
  const api = (p: string) => `/api/load-testing${p}`;

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    let backendPort = 0;
    proxy = new PausableProxy(() => backendPort);
    const proxyPort = await proxy.start();
    backend = await startLoadTestingBackend({
      loadTesting: {
        executors: {
          local: {
            enabled: true,
            locustCommand: LOCUST,
            workDir,
            stopGraceSeconds: 10,
          },
        },
        webhook: {
          baseUrl: `http://127.0.0.1:${proxyPort}/api/load-testing`,
          signingKey: 'k',
        },
        targets: { allow: ['http://127.0.0.1:*'] },
        limits: { maxConcurrentRunsPerEntity: 1 },
      },
    });
    backendPort = backend.server.port();
    const res = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: ENTITY,
        name: 'shop',
        script: SCRIPT,
        parameters: {
          users: 10,
          spawnRate: 10,
          duration: 15,
          workers: 2,
          host: target.url,
        },
        thresholds: { percentiles: { p95: 2000 }, maxFailureRatio: 0.5 },
      });
    if (res.status !== 201)
      throw new Error(`Could not create the scenario: ${res.text}`);
    scenarioId = res.body.id;
  });

  afterAll(async () => {
    await backend?.stop();
    await proxy?.stop();
    await target?.close();
  });

  async function startRun(parameters: object = {}): Promise<string> {
    const res = await request(backend.server)
      .post(api('/runs'))
      .send({ scenarioId, parameters });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const getRun = async (id: string): Promise<Run> =>
    (await request(backend.server).get(api(`/runs/${id}`))).body;

  async function waitFor<T>(
    what: string,
    fn: () => Promise<T | undefined>,
    ms = 90_000,
  ): Promise<T> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const v = await fn();
      if (v) return v;
      await sleep(250);
    }
    throw new Error(`Timed out waiting for ${what}`);
  }

  const waitForEnd = (id: string) =>
    waitFor('the run to end', async () => {
      const run = await getRun(id);
      return ['succeeded', 'failed', 'cancelled', 'lost'].includes(run.status)
        ? run
        : undefined;
    });

  const nodePid = async (id: string, name: string) =>
    waitFor(`${name} to have a pid`, async () => {
      const nodes = (
        await request(backend.server).get(api(`/runs/${id}/nodes`))
      ).body.items;
      return nodes.find((n: any) => n.name === name)?.pid as number | undefined;
    });

  /** Our totals must be Locust's own final statistics for the same run. */
  function expectTotalsEqualLocust(run: Run) {
    const log = fs.readFileSync(
      path.join(workDir, 'runs', run.id, 'logs', 'master.log'),
      'utf8',
    );
    const locust = parseLocustSummary(log);
    const ours = [run.totals!.total, ...run.totals!.endpoints];
    expect(ours.length).toBe(locust.rows.size);
    for (const e of ours) {
      const key =
        e.name === 'Aggregated' ? 'Aggregated' : `${e.method} ${e.name}`;
      const theirs = locust.rows.get(key);
      expect([key, e.requests, e.failures]).toEqual([
        key,
        theirs?.requests,
        theirs?.failures,
      ]);
      expect([key, REPORTED_PERCENTILES.map(p => e.percentiles[p])]).toEqual([
        key,
        theirs?.percentiles,
      ]);
    }
  }

  async function expectNoLocustLeft(id: string, withinMs: number) {
    await waitFor(
      'every Locust process of the run to exit',
      async () =>
        (await findProcesses(`/runs/${id}/`)).length === 0 ? true : undefined,
      withinMs,
    );
  }

  it("runs 1 master + 2 workers, delivers samples during the run, and ends with Locust's own totals", async () => {
    const id = await startRun();
    const live = await waitFor('chart points while running', async () => {
      const series = (
        await request(backend.server).get(api(`/runs/${id}/series?points=60`))
      ).body;
      const run = await getRun(id);
      const requests =
        series.points?.reduce((n: number, p: any) => n + p.requests, 0) ?? 0;
      return requests > 0 ? { status: run.status, requests } : undefined;
    });
    expect(live.status).toBe('running');

    const run = await waitForEnd(id);
    expect(run.status).toBe('succeeded');
    expect(run.verdict).toBe('pass');
    expect(run.totals!.total.requests).toBeGreaterThan(100);
    expect(run.totals!.total.failures).toBeGreaterThan(0);
    expectTotalsEqualLocust(run);
    const nodes = (await request(backend.server).get(api(`/runs/${id}/nodes`)))
      .body.items;
    expect(nodes.map((n: any) => [n.name, n.state])).toEqual([
      ['master', 'exited'],
      ['worker-1', 'exited'],
      ['worker-2', 'exited'],
    ]);
    const errors = (
      await request(backend.server).get(api(`/runs/${id}/errors`))
    ).body.errors;
    expect(errors[0]).toMatchObject({ name: '/api/items/[missing]' });
    const log = (
      await request(backend.server).get(
        api(`/runs/${id}/logs/master?tail=4000`),
      )
    ).body;
    expect(log.text).toContain('Shutting down');
    await expectNoLocustLeft(id, 5_000);
  });

  it('keeps going when a worker is killed, showing that node missing', async () => {
    const id = await startRun({ duration: 14 });
    const pid = await nodePid(id, 'worker-2');
    await waitFor(
      'the run to be sampled',
      async () => (await getRun(id)).lastSampleAt,
    );
    process.kill(pid, 'SIGKILL');
    const run = await waitForEnd(id);
    expect(run.status).toBe('succeeded');
    const nodes = (await request(backend.server).get(api(`/runs/${id}/nodes`)))
      .body.items;
    expect(nodes.find((n: any) => n.name === 'worker-2')).toMatchObject({
      state: 'missing',
    });
    expectTotalsEqualLocust(run);
    await expectNoLocustLeft(id, 5_000);
  });

  it('fails the run with a clear reason when the master is killed, and stops the workers within 10 s', async () => {
    const id = await startRun({ duration: 60 });
    const pid = await nodePid(id, 'master');
    await waitFor(
      'the run to be sampled',
      async () => (await getRun(id)).lastSampleAt,
    );
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await expectNoLocustLeft(id, 10_000);
    const stoppedWithin = Date.now() - killedAt;
    const run = await waitForEnd(id);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(/master was killed by SIGKILL/);
    expect(stoppedWithin).toBeLessThan(10_000);
  });

  it('stops on Stop: Locust shuts down, its totals are kept, the run is cancelled', async () => {
    const id = await startRun({ duration: 60 });
    await waitFor(
      'requests to be counted',
      async () => (await getRun(id)).requests,
    );
    const clickedAt = Date.now();
    const res = await request(backend.server).post(api(`/runs/${id}/cancel`));
    expect(res.body.status).toBe('stopping');
    const run = await waitForEnd(id);
    const endedAfter = Date.now() - clickedAt;
    expect(run.status).toBe('cancelled');
    expect(endedAfter).toBeLessThan(10_000);
    // the final statistics came before the exit: they are Locust's own
    expectTotalsEqualLocust(run);
    await expectNoLocustLeft(id, 5_000);
  });

  it("fails a run whose script does not compile with Python's message and line", async () => {
    const broken = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: ENTITY,
        name: 'broken',
        script:
          'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self)\n        pass\n',
        parameters: { host: target.url, workers: 1 },
      });
    const res = await request(backend.server)
      .post(api('/runs'))
      .send({ scenarioId: broken.body.id });
    const run = await waitForEnd(res.body.id);
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(
      /SyntaxError: expected ':' \(script line 5\)/,
    );
    await expectNoLocustLeft(run.id, 5_000);
  });

  it('loses no sample when the backend is unreachable for 20 s mid-run', async () => {
    const id = await startRun({ duration: 32 });
    await waitFor(
      'the first sample',
      async () => (await getRun(id)).lastSampleAt,
    );
    await proxy.pause();
    await sleep(20_000);
    await proxy.resume();
    const run = await waitForEnd(id);
    expect(run.status).toBe('succeeded');
    expectTotalsEqualLocust(run);
    const series = (
      await request(backend.server).get(api(`/runs/${id}/series?points=2000`))
    ).body;
    const perSecondTotal = series.points.reduce(
      (n: number, p: any) => n + p.requests,
      0,
    );
    expect(perSecondTotal).toBe(run.totals!.total.requests);
    await expectNoLocustLeft(id, 5_000);
  });
});
