import { Run } from '@internal/plugin-load-testing-common';
import fs from 'fs';
import path from 'path';
import { LOCUST, LocustHarness, sleep, waitFor } from './__testUtils__/harness';
import { parseLocustCsv } from './testing';
import { startTarget } from '../../__testUtils__/target';

// verdicts, limits and results that must hold whatever the script does, on real Locust
// eslint-disable-next-line @typescript-eslint/no-var-requires

jest.setTimeout(240_000);

const describeIfLocust = LOCUST ? describe : describe.skip;

const IDLE = `
from locust import User, constant, task

class Idle(User):
    wait_time = constant(1)

    @task
    def nothing(self):
        pass
`;

const RAISING = `
from locust import HttpUser, constant, task

class Divider(HttpUser):
    wait_time = constant(0.05)

    @task
    def divide(self):
        1 / 0
`;

const EXIT_ONE = `
from locust import HttpUser, constant, events, task

class Shopper(HttpUser):
    wait_time = constant(0.1)

    @task
    def items(self):
        self.client.get("/api/items")

@events.quitting.add_listener
def judge(environment, **kwargs):
    environment.process_exit_code = 1
`;

// asks for more users than the platform allows, then ends by itself
const GREEDY_SHAPE = `
from locust import LoadTestShape, User, constant, task

class Sleeper(User):
    wait_time = constant(60)

    @task
    def nap(self):
        pass

class Greedy(LoadTestShape):
    def tick(self):
        t = self.get_run_time()
        if t < 4:
            return (100, 100)
        if t < 12:
            return (600, 200)
        return None
`;

// never ends by itself
const ENDLESS_SHAPE = `
from locust import HttpUser, LoadTestShape, constant, task

class Shopper(HttpUser):
    wait_time = constant(0.2)

    @task
    def items(self):
        self.client.get("/api/items")

class Forever(LoadTestShape):
    def tick(self):
        return (5, 5)
`;

const SHOP = `
from locust import FastHttpUser, between, task

class Shopper(FastHttpUser):
    wait_time = between(0.01, 0.03)

    @task(4)
    def items(self):
        self.client.get("/api/items")

    @task(1)
    def missing(self):
        self.client.get("/api/items/5000", name="/api/items/[missing]")
`;

describeIfLocust('results you can trust (real Locust, local executor)', () => {
  const harness = new LocustHarness({
    limits: { maxUsers: 500 },
    executors: { local: { stopGraceSeconds: 4 } },
  });
  let target: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
  });

  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  async function run(
    name: string,
    script: string,
    parameters: object,
    thresholds: object = { percentiles: { p95: 300 } },
  ): Promise<Run> {
    const scenario = await harness.createScenario({
      name,
      script,
      parameters: { workers: 2, host: target.url, ...parameters },
      thresholds,
    });
    const id = await harness.startRun(scenario);
    const ended = await harness.waitForEnd(id);
    await harness.expectNoLocustLeft(id, 10_000);
    return ended;
  }

  it('a run that made no requests is inconclusive, never a pass', async () => {
    const r = await run('idle', IDLE, { users: 4, spawnRate: 4, duration: 5 });
    expect(r.status).toBe('succeeded');
    expect(r.verdict).toBe('inconclusive');
    expect(r.verdictReason).toBe('no requests were made');
    const p95 = r.verdictDetails!.checks.find(c => c.metric === 'p95')!;
    expect(p95).toMatchObject({ actual: null, passed: false });
  });

  it('a run whose every task raised is inconclusive, naming the exception and its line', async () => {
    const r = await run('raising', RAISING, {
      users: 4,
      spawnRate: 4,
      duration: 5,
    });
    expect(r.verdict).toBe('inconclusive');
    expect(r.verdictReason).toMatch(
      /^no requests were made; every task raised: ZeroDivisionError: division by zero at script line 9 \([\d,]+ times\)$/,
    );
    const exceptions = r.verdictDetails!.checks.find(
      c => c.metric === 'exceptions',
    )!;
    expect(exceptions.passed).toBe(false);
    expect(exceptions.actual).toBeGreaterThan(10);
  });

  it('a run whose Locust exited 1 is not a pass, though its thresholds held', async () => {
    const r = await run('exit-one', EXIT_ONE, {
      users: 2,
      spawnRate: 2,
      duration: 5,
    });
    expect(r.status).toBe('succeeded');
    expect(r.requests).toBeGreaterThan(10);
    expect(r.verdict).toBe('inconclusive');
    expect(r.verdictReason).toMatch(/^Locust exited 1/);
    expect(r.verdictDetails!.checks.find(c => c.metric === 'p95')!.passed).toBe(
      true,
    );
  });

  it('a shape asking for 600 users under maxUsers 500 never has more than 500, and says so', async () => {
    const scenario = await harness.createScenario({
      name: 'greedy',
      script: GREEDY_SHAPE,
      parameters: { workers: 2, host: target.url, duration: 60 },
    });
    const id = await harness.startRun(scenario);
    let peak = 0;
    let r: Run | undefined;
    while (!r) {
      const current = await harness.getRun(id);
      const series = await harness.get(`/runs/${id}/series?points=2000`);
      for (const p of series.points ?? []) peak = Math.max(peak, p.users);
      const nodes = (await harness.get(`/runs/${id}/nodes`)).items;
      const onWorkers = nodes
        .filter((n: any) => n.role === 'worker')
        .reduce((sum: number, n: any) => sum + (n.userCount ?? 0), 0);
      peak = Math.max(peak, onWorkers);
      if (['succeeded', 'failed', 'cancelled', 'lost'].includes(current.status))
        r = current;
      else await sleep(500);
    }
    expect(r.status).toBe('succeeded');
    expect(peak).toBe(500);
    expect(r.totals!.peakUsers).toBe(500);
    expect(r.shape).toMatchObject({
      className: 'Greedy',
      endsAfterSeconds: 12,
      planned: [
        [0, 100],
        [4, 500],
      ],
    });
    expect(r.warnings?.map(w => w.code)).toEqual(['users-capped']);
    expect(r.warnings![0].message).toBe(
      'The script asked for 600 users; the platform capped the run at 500 (loadTesting.limits.maxUsers)',
    );
    await harness.expectNoLocustLeft(id, 10_000);
  });

  it('a shape that never ends stops at the run time limit', async () => {
    const started = Date.now();
    const r = await run('endless', ENDLESS_SHAPE, { duration: 8 });
    const took = (Date.now() - started) / 1000;
    expect(r.status).toBe('succeeded');
    expect(r.shape?.className).toBe('Forever');
    expect(r.shape?.endsAfterSeconds).toBeUndefined();
    expect(r.warnings?.map(w => w.code)).toEqual(['time-limit']);
    // start-up, the limit (8 s + the shape's tick), Locust's stop and the final snapshot
    expect(took).toBeLessThan(8 + 20);
    expect(r.totals!.durationSeconds).toBeLessThan(8 + 5);
    expect(r.verdict).toBe('pass');
  });

  describe('a backend stopped mid-run', () => {
    let scenario: string;
    beforeAll(async () => {
      scenario = await harness.createScenario({
        name: 'restart',
        script: SHOP,
        parameters: {
          users: 6,
          spawnRate: 6,
          duration: 60,
          workers: 2,
          host: target.url,
        },
        thresholds: { maxFailureRatio: 0.5 },
      });
    });

    const startAndLoad = async () => {
      const id = await harness.startRun(scenario);
      await waitFor(
        'requests to be counted',
        async () =>
          ((await harness.getRun(id)).requests ?? 0) > 50 || undefined,
      );
      return id;
    };

    it("keeps Locust's final statistics when they reach it while it stops", async () => {
      const id = await startAndLoad();
      await harness.restart();
      const r = await harness.getRun(id);
      expect(r.status).toBe('cancelled');
      expect(r.statusReason).toBe('Stopped because the backend shut down');
      harness.expectTotalsEqualLocust(r, 'csv');
      await harness.expectNoLocustLeft(id, 15_000);
    });

    it("takes Locust's final statistics in the next backend when they could not reach this one", async () => {
      const id = await startAndLoad();
      // the final snapshot cannot reach the stopping backend: the next one gets it
      await harness.proxy.pause();
      await harness.restart();
      const before = await harness.getRun(id);
      expect(before.status).toBe('cancelled');
      await harness.proxy.resume();
      await harness.expectNoLocustLeft(id, 60_000);
      const csv = parseLocustCsv(
        fs.readFileSync(
          path.join(harness.workDir, 'runs', id, 'locust_stats.csv'),
          'utf8',
        ),
      );
      const final = await waitFor(
        'the final statistics to count',
        async () => {
          const current = await harness.getRun(id);
          return current.requests === csv.rows.get('Aggregated')?.requests
            ? current
            : undefined;
        },
        10_000,
      );
      expect(final.status).toBe('cancelled');
      expect(final.requests).toBeGreaterThan(before.requests ?? 0);
      harness.expectTotalsEqualLocust(final, 'csv');
    });
  });
});
