import request from 'supertest';
import {
  RunComparison,
  ScenarioTrend,
} from '@internal/plugin-load-testing-common';
import { LOCUST, LocustHarness } from './__testUtils__/harness';
import { startTarget } from '../../__testUtils__/target';

jest.setTimeout(180_000);

// how slow the target answers comes from the run's environment
const SCRIPT = `
import os
from locust import FastHttpUser, task, constant

class Reader(FastHttpUser):
    wait_time = constant(0.05)

    @task
    def slow(self):
        self.client.get("/api/slow?ms=" + os.environ.get("SLOW_MS", "10"), name="/api/slow")
`;

const describeIfLocust = LOCUST ? describe : describe.skip;
if (!LOCUST && process.env.CI)
  throw new Error('LOCUST_BIN must point at Locust from PyPI in CI');

describeIfLocust('baselines on real Locust runs', () => {
  const harness = new LocustHarness();
  let target: { url: string; close(): Promise<void> };
  let scenarioId: string;
  const api = (p: string) => `/api/load-testing${p}`;

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
    scenarioId = await harness.createScenario({
      name: 'slow reads',
      script: SCRIPT,
      parameters: {
        users: 4,
        spawnRate: 4,
        duration: 6,
        workers: 1,
        host: target.url,
      },
      // generous thresholds: only the baseline can fail the second run
      thresholds: { percentiles: { p95: 5000 } },
    });
  });

  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  const runWith = async (slowMs: number) => {
    const id = await harness.startRun(scenarioId, {
      env: { SLOW_MS: String(slowMs) },
    });
    return harness.waitForEnd(id, 90_000);
  };

  it('judges a later, slower run against the baseline, and compares the two', async () => {
    const first = await runWith(20);
    expect(first.status).toBe('succeeded');
    expect(first.verdict).toBe('pass');
    expect(first.requests).toBeGreaterThan(20);
    expect(first.verdictDetails!.baseline).toBeUndefined();

    const set = await request(harness.server)
      .put(api(`/scenarios/${scenarioId}/baseline`))
      .send({ runId: first.id, marginPercent: 10 });
    expect(set.status).toBe(200);
    expect(set.body.baseline).toMatchObject({
      runId: first.id,
      marginPercent: 10,
    });
    const scenario = await harness.get(`/scenarios/${scenarioId}`);
    expect(scenario.baseline.runId).toBe(first.id);

    const second = await runWith(150);
    expect(second.status).toBe('succeeded');
    expect(second.baselineRunId).toBe(first.id);
    expect(second.verdict).toBe('fail');
    const details = second.verdictDetails!;
    expect(details.baseline).toMatchObject({
      runId: first.id,
      marginPercent: 10,
      p95Ms: first.p95Ms,
    });
    const p95 = details.checks.find(c => c.metric === 'baseline-p95')!;
    expect(p95).toMatchObject({
      source: 'baseline',
      comparator: '<=',
      passed: false,
      outcome: 'fail',
      actual: second.p95Ms,
    });
    expect(p95.threshold).toBeCloseTo(first.p95Ms! * 1.1, 5);
    expect(second.p95Ms!).toBeGreaterThanOrEqual(150);
    expect(p95.message).toMatch(
      new RegExp(
        `^p95 ${second.p95Ms} ms is [\\d.]+ % worse than the baseline run ${first.id.slice(0, 8)} \\(${first.p95Ms} ms, margin 10 %\\)$`,
      ),
    );
    expect(details.reasons).toContain(p95.message);
    // the thresholds alone held
    expect(details.checks.find(c => c.metric === 'p95')!.passed).toBe(true);

    const comparison: RunComparison = await harness.get(
      `/compare?runs=${first.id},${second.id}`,
    );
    expect(comparison.sameConditions).toBe(true);
    expect(comparison.runs.map(r => r.id)).toEqual([first.id, second.id]);
    const [total, slow] = comparison.endpoints;
    expect(total).toMatchObject({ name: 'Total', total: true });
    expect(total.figures.p95.values).toEqual([first.p95Ms, second.p95Ms]);
    expect(total.figures.p95.changes[1]!.direction).toBe('worse');
    expect(total.figures.rps.changes[1]!.direction).toBe('worse');
    expect(slow).toMatchObject({ method: 'GET', name: '/api/slow' });

    const trend: ScenarioTrend = await harness.get(
      `/scenarios/${scenarioId}/trend`,
    );
    expect(trend.points.map(p => [p.runId, p.verdict, p.isBaseline])).toEqual([
      [first.id, 'pass', true],
      [second.id, 'fail', false],
    ]);
    expect(trend.points[1].p95Ms).toBe(second.p95Ms);
  });
});
