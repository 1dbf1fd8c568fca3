import request from 'supertest';
import {
  ENTITY,
  LOCUST,
  LocustHarness,
  sleep,
  waitFor,
} from './__testUtils__/harness';
import { startTarget } from '../../__testUtils__/target';

// real Locust master and workers against a real HTTP service on 127.0.0.1
// eslint-disable-next-line @typescript-eslint/no-var-requires

jest.setTimeout(240_000);

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

describeIfLocust('runs on real Locust (local executor)', () => {
  const harness = new LocustHarness();
  let target: { url: string; close(): Promise<void> };
  let scenarioId: string;
  const api = (p: string) => `/api/load-testing${p}`;
  const backend = {
    get server() {
      return harness.server;
    },
  };

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
    scenarioId = await harness.createScenario({
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
  });

  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  const startRun = (parameters: object = {}) =>
    harness.startRun(scenarioId, parameters);
  const getRun = (id: string) => harness.getRun(id);
  const waitForEnd = (id: string) => harness.waitForEnd(id);
  const nodePid = (id: string, name: string) => harness.nodePid(id, name);
  const expectTotalsEqualLocust = (run: any) =>
    harness.expectTotalsEqualLocust(run);
  const expectNoLocustLeft = (id: string, ms: number) =>
    harness.expectNoLocustLeft(id, ms);
  const proxy = {
    pause: () => harness.proxy.pause(),
    resume: () => harness.proxy.resume(),
  };

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

  it("refuses to save a script that does not compile, naming Python's message and line", async () => {
    const res = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: ENTITY,
        name: 'broken',
        script:
          'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self)\n        pass\n',
        parameters: { host: target.url, workers: 1 },
      });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      {
        field: 'script',
        message: "is not valid Python: expected ':' (line 5, column 16)",
        line: 5,
      },
    ]);
  });

  it('fails a run whose script raises at import, naming the error and its line, the master red', async () => {
    const broken = await harness.createScenario({
      name: 'import-error',
      script:
        'from locust import HttpUser, task\nimport no_such_module\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        pass\n',
      parameters: { host: target.url, workers: 1 },
    });
    const run = await waitForEnd(await harness.startRun(broken));
    expect(run.status).toBe('failed');
    expect(run.statusReason).toMatch(
      /ModuleNotFoundError: No module named 'no_such_module' \(script line 2\)/,
    );
    const nodes = (await harness.get(`/runs/${run.id}/nodes`)).items;
    expect(nodes.find((n: any) => n.name === 'master')).toMatchObject({
      state: 'failed',
      exitCode: 1,
    });
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
