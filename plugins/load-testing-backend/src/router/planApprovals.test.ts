import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  api,
  sleepingLocust,
  startLoadTestingBackend,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

const ENTITY = 'component:default/shop-api';
const locust = sleepingLocust('lt-plan-approvals-');

/** Plans whose load is above the approval rules wait for an approval of their version. */
describe('plans and approvals', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const ann = mockCredentials.user.header('user:default/ann');
  const boss = mockCredentials.user.header('user:default/boss');
  let scenarioId: string;

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      loadTesting: {
        executors: { local: locust.local },
        webhook: { signingKey: 'k' },
        targets: { allow: ['http://127.0.0.1:*'] },
        limits: { maxUsers: 100, maxConcurrentRunsPerEntity: 5 },
        approvals: { rules: { aboveUsers: 3 } },
      },
    });
    server = backend.server;
    const res = await request(server)
      .post(api('/scenarios'))
      .set('authorization', ann)
      .send({
        entityRef: ENTITY,
        name: 'browse',
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', workers: 1, users: 1 },
      });
    scenarioId = res.body.id;
  });

  afterAll(async () => {
    await backend.stop();
    locust.remove();
  });

  const createPlan = async (name: string) =>
    (
      await request(server)
        .post(api('/plans'))
        .set('authorization', ann)
        .send({
          entityRef: ENTITY,
          name,
          groups: [{ steps: [{ scenarioId, parameters: { users: 5 } }] }],
          stopOnFailure: true,
          schedule: null,
          overlap: 'queue',
          enabled: true,
        })
    ).body;
  const runNow = async (planId: string) =>
    (
      await request(server)
        .post(api(`/plans/${planId}/run`))
        .set('authorization', ann)
    ).body;
  const planRun = async (id: string) =>
    (
      await request(server)
        .get(api(`/plan-runs/${id}`))
        .set('authorization', ann)
    ).body;
  const decide = (approvalId: string, decision: 'approve' | 'deny') =>
    request(server)
      .post(api(`/approvals/${approvalId}/decision`))
      .set('authorization', boss)
      .send({ decision, comment: decision === 'deny' ? 'too big' : 'fine' });
  const until = async (what: string, fn: () => Promise<boolean>) => {
    for (let i = 0; i < 50; i++) {
      if (await fn()) return;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`Timed out waiting for ${what}`);
  };

  it('waits for the approval of the plan version, then runs without asking again per run', async () => {
    const plan = await createPlan('big');
    const waiting = await runNow(plan.id);
    expect(waiting.status).toBe('awaiting-approval');
    expect(waiting.steps[0].runId).toBeUndefined();
    const listed = (
      await request(server)
        .get(api(`/plans?entityRef=${ENTITY}`))
        .set('authorization', ann)
    ).body.items.find((p: any) => p.id === plan.id);
    expect(listed.approval).toMatchObject({ state: 'pending' });

    expect((await decide(listed.approval.id, 'approve')).status).toBe(200);
    await until('the plan run to start', async () =>
      Boolean((await planRun(waiting.id)).steps[0].runId),
    );
    const started = await planRun(waiting.id);
    expect(started.status).toBe('running');
    const run = (
      await request(server)
        .get(api(`/runs/${started.steps[0].runId}`))
        .set('authorization', ann)
    ).body;
    // covered by the plan's approval: the run does not wait for one of its own
    expect(run.status).not.toBe('awaiting-approval');
    expect(run.parameters.users).toBe(5);

    // the next fire of the same version starts (queued behind this one) without asking
    const next = await runNow(plan.id);
    expect(next.status).toBe('queued');
    await request(server)
      .post(api(`/plan-runs/${waiting.id}/cancel`))
      .set('authorization', ann);
    await until('the queued plan run to start', async () =>
      Boolean((await planRun(next.id)).steps[0].runId),
    );
    expect((await planRun(next.id)).status).toBe('running');
    await request(server)
      .post(api(`/plan-runs/${next.id}/cancel`))
      .set('authorization', ann);
  });

  it('ends a plan run cancelled when its version is denied', async () => {
    const plan = await createPlan('denied');
    const waiting = await runNow(plan.id);
    expect(waiting.status).toBe('awaiting-approval');
    const approval = (
      await request(server)
        .get(api(`/plans/${plan.id}`))
        .set('authorization', ann)
    ).body.approval;
    expect((await decide(approval.id, 'deny')).status).toBe(200);
    await until(
      'the plan run to end',
      async () => (await planRun(waiting.id)).status === 'cancelled',
    );
    const ended = await planRun(waiting.id);
    expect(ended.verdictReason).toBe(
      'Version 1 was denied by user:default/boss: too big',
    );
    expect(ended.steps[0]).toMatchObject({ status: 'not-started' });
  });
});
