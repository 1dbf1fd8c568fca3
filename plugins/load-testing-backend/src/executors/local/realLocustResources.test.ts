import {
  LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION,
  LOAD_TESTING_PROMETHEUS_UNIT_ANNOTATION,
  Run,
} from '@internal/plugin-load-testing-common';
import request from 'supertest';
import { testComponent } from '../../__testUtils__/startBackend';
import {
  PROMETHEUS_BIN,
  PrometheusServer,
} from '../../services/reports/__testUtils__/prometheus';
import { LOCUST, LocustHarness } from './__testUtils__/harness';
import { startTarget } from '../../__testUtils__/target';

// the sample target service of this repository (dev/target), which exports its metrics

jest.setTimeout(180_000);

const QUERY = 'sum(rate(http_requests_total[5s]))';

// a user that keeps its worker's CPU busy: pure Python, yielding now and then so the
// worker still reports and answers heartbeats
const BUSY_SCRIPT = `
import time
import gevent
from locust import User, task, constant

class Busy(User):
    wait_time = constant(0)

    @task
    def burn(self):
        end = time.time() + 0.05
        n = 0
        while time.time() < end:
            n += 1
        gevent.sleep(0)
`;

const SHOP_SCRIPT = `
from locust import FastHttpUser, task, constant_throughput

class Shopper(FastHttpUser):
    wait_time = constant_throughput(20)

    @task
    def items(self):
        self.client.get("/api/items")
`;

const run = !!(LOCUST && PROMETHEUS_BIN);
if (!run && process.env.CI)
  throw new Error(
    'CI runs this with Locust (LOCUST_BIN) and Prometheus (/usr/bin/prometheus)',
  );

(run ? describe : describe.skip)(
  "the generators' resources and the target's Prometheus metrics, on real Locust and a real Prometheus",
  () => {
    let target: { url: string; port: number; close(): Promise<void> };
    let prometheus: PrometheusServer;
    let harness: LocustHarness;
    const get = (p: string) =>
      request(harness.server).get(`/api/load-testing${p}`);

    beforeAll(async () => {
      target = await startTarget({ port: 0 });
      prometheus = await new PrometheusServer([
        `127.0.0.1:${target.port}`,
      ]).start();
      const annotated = (name: string, query: string) => {
        const e = testComponent(name);
        e.metadata.annotations = {
          [LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION]: query,
          [LOAD_TESTING_PROMETHEUS_UNIT_ANNOTATION]: 'req/s',
        };
        return e;
      };
      harness = new LocustHarness(
        {
          sampleIntervalSeconds: 1,
          prometheus: { baseUrl: prometheus.url, timeoutSeconds: 5 },
          // a short run: busy for 3 s is enough to warn; and the cores of a shared test
          // machine may not give a busy process all of one
          resources: { cpuWarning: { percent: 25, seconds: 3 } },
        },
        [
          annotated('shop-api', QUERY),
          // a query Prometheus cannot parse
          annotated('checkout', 'sum(rate(http_requests_total[5s])'),
        ],
      );
      await harness.start();
    });

    afterAll(async () => {
      await harness?.stop();
      await prometheus?.stop();
      await target?.close();
    });

    it("records a busy worker's CPU and warns that the generators may be the limit", async () => {
      const scenarioId = await harness.createScenario({
        entityRef: 'component:default/checkout',
        name: 'busy',
        script: BUSY_SCRIPT,
        parameters: {
          users: 2,
          spawnRate: 2,
          duration: 10,
          workers: 1,
          host: target.url,
        },
      });
      const done: Run = await harness.waitForEnd(
        await harness.startRun(scenarioId),
      );
      expect(done.status).toBe('succeeded');
      const res = await get(`/runs/${done.id}/resources`);
      expect(res.status).toBe(200);
      const warning = done.warnings?.find(w => w.code === 'generator-cpu');
      // what the generators did, when they did not warn
      expect([warning?.message, !warning && res.body.nodes]).toEqual([
        expect.any(String),
        false,
      ]);
      expect(warning?.message).toMatch(
        /^worker-1's CPU stayed above 25 % for \d+ s: the load generators, not the service, may be the limit — add workers$/,
      );

      const names = res.body.nodes.map((n: any) => [n.name, n.role]);
      expect(names).toEqual([
        ['master', 'master'],
        ['worker-1', 'worker'],
      ]);
      const worker = res.body.nodes[1].points;
      expect(worker.length).toBeGreaterThanOrEqual(5);
      const busiest = Math.max(...worker.map((p: any) => p.cpuPercent));
      expect(busiest).toBeGreaterThan(25);
      expect(worker.every((p: any) => p.memoryBytes > 10_000_000)).toBe(true);
      // the master only coordinates
      const master = res.body.nodes[0].points;
      expect(Math.max(...master.map((p: any) => p.cpuPercent))).toBeLessThan(
        busiest / 2,
      );
      // downsampled on request: at most the points asked for per node
      const two = await get(`/runs/${done.id}/resources?points=2`);
      expect(two.body.nodes[1].points.length).toBeLessThanOrEqual(2);
      expect(
        Math.max(...two.body.nodes[1].points.map((p: any) => p.cpuPercent)),
      ).toBe(busiest);
      expect(
        (await get(`/runs/${done.id}/resources?points=0`)).body.error.message,
      ).toMatch(/points/);

      // Prometheus refuses the entity's query: its message, as a gateway error
      const bad = await get(`/runs/${done.id}/prometheus`);
      expect(bad.status).toBe(502);
      expect(bad.body.error.message).toMatch(
        /^Prometheus refused the query \(bad_data\): .*parse error/,
      );
    });

    it("overlays the target's request rate, as Prometheus scraped it, on the run's own", async () => {
      const scenarioId = await harness.createScenario({
        name: 'shop',
        script: SHOP_SCRIPT,
        parameters: {
          users: 5,
          spawnRate: 5,
          duration: 10,
          workers: 1,
          host: target.url,
        },
      });
      const done: Run = await harness.waitForEnd(
        await harness.startRun(scenarioId),
      );
      expect(done.status).toBe('succeeded');
      // the last scrape after the run's end
      await new Promise(r => setTimeout(r, 2500));
      const res = await get(`/runs/${done.id}/prometheus`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        configured: true,
        query: QUERY,
        unit: 'req/s',
        step: 1,
      });
      expect(res.body.series).toHaveLength(1);
      const points: Array<[number, number | null]> = res.body.series[0].points;
      // the run's own RPS per second, over its busy middle (rate[5s] lags by 5 s)
      const series = (await get(`/runs/${done.id}/series?points=300`)).body;
      const loaded = series.points.filter((p: any) => p.rps > 0);
      // from 30 s before the first sample: the target's state before the load
      expect(res.body.start).toBeLessThanOrEqual(loaded[0].t - 25_000);
      expect(res.body.end).toBeGreaterThanOrEqual(loaded[loaded.length - 1].t);
      const from = loaded[0].t + 5000;
      const to = loaded[loaded.length - 1].t - 1000;
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const ours = mean(
        loaded
          .filter((p: any) => p.t >= from && p.t <= to)
          .map((p: any) => p.rps),
      );
      const theirs = mean(
        points
          .filter(([t, v]) => t >= from && t <= to && v !== null)
          .map(([, v]) => v as number),
      );
      expect(ours).toBeGreaterThan(50);
      expect(theirs).toBeGreaterThan(ours * 0.7);
      expect(theirs).toBeLessThan(ours * 1.3);

      // a window of the run narrows the range asked of Prometheus
      const window = await get(
        `/runs/${done.id}/prometheus?from=${from}&to=${to}`,
      );
      expect(window.body.start).toBe(from);
      expect(window.body.series[0].points.length).toBeLessThanOrEqual(
        Math.ceil((to - from) / 1000) + 2,
      );
      expect(
        (await get(`/runs/${done.id}/prometheus?from=5&to=4`)).status,
      ).toBe(400);
    });
  },
);
