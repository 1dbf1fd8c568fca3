import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  LOCUST,
  LocustHarness,
  sleep,
  waitFor,
} from '../../executors/local/__testUtils__/harness';
import { findProcesses } from '../../executors/local/processes';
import { startTarget } from '../../__testUtils__/target';

jest.setTimeout(120_000);

const SCRIPT = `
from locust import FastHttpUser, task, constant

class Shopper(FastHttpUser):
    wait_time = constant(0.05)

    @task
    def items(self):
        self.client.get("/api/items")
`;

const describeIfLocust = LOCUST ? describe : describe.skip;
if (!LOCUST && process.env.CI)
  throw new Error('LOCUST_BIN must point at Locust from PyPI in CI');

describeIfLocust('an approved run on real Locust', () => {
  const harness = new LocustHarness({
    approvals: { rules: { aboveUsers: 5 } },
  });
  let target: { url: string; close(): Promise<void> };
  const api = (p: string) => `/api/load-testing${p}`;

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  it('waits without a process, then runs to its end once approved', async () => {
    const scenarioId = await harness.createScenario({
      name: 'approved',
      script: SCRIPT,
      parameters: { host: target.url, workers: 1, spawnRate: 10 },
    });
    const runId = await harness.startRun(scenarioId, {
      users: 10,
      duration: 6,
    });
    await sleep(1000);
    expect((await harness.getRun(runId)).status).toBe('awaiting-approval');
    expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(0);

    const approver = mockCredentials.user.header('user:default/approver');
    const pending = await request(harness.server)
      .get(api('/approvals?state=pending'))
      .set('authorization', approver);
    const approval = pending.body.items.find(
      (a: any) => a.subject.runId === runId,
    );
    expect(approval.reasons).toEqual([
      '10 users is above 5 (loadTesting.approvals.rules.aboveUsers)',
    ]);
    const decided = await request(harness.server)
      .post(api(`/approvals/${approval.id}/decision`))
      .set('authorization', approver)
      .send({ decision: 'approve', comment: 'small enough' });
    expect(decided.status).toBe(200);

    await waitFor('Locust processes of the run', async () =>
      (await findProcesses(`/runs/${runId}/`)).length > 0 ? true : undefined,
    );
    const run = await harness.waitForEnd(runId, 60_000);
    expect(run.status).toBe('succeeded');
    expect(run.totals!.total.requests).toBeGreaterThan(0);
    expect(run.approval).toMatchObject({
      state: 'approved',
      decidedBy: 'user:default/approver',
      comment: 'small enough',
    });
    harness.expectTotalsEqualLocust(run);
  });
});
