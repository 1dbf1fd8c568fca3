import { Approval, PlanRun } from '@internal/plugin-load-testing-common';
import {
  approvalDecidedNotification,
  approvalRequestedNotification,
  loadTestsPath,
  planRunNotification,
} from './messages';

function planRun(over: Partial<PlanRun> = {}): PlanRun {
  return {
    id: 'pr-1',
    planId: 'p-1',
    planName: 'nightly',
    planVersion: 2,
    entityRef: 'component:default/shop-api',
    trigger: 'schedule',
    triggeredBy: 'plugin:load-testing',
    status: 'failed',
    verdict: 'fail',
    verdictReason:
      '1 of 2 step(s) failed; checkout: p95 812 ms is above 300 ms',
    createdAt: '2026-12-01T02:00:00.000Z',
    steps: [],
    ...over,
  };
}

function approval(over: Partial<Approval> = {}): Approval {
  return {
    id: 'a-1',
    state: 'pending',
    subject: { kind: 'run', runId: 'r-1' },
    entityRef: 'component:default/shop-api',
    title: 'Checkout flow',
    requestedBy: 'user:default/guest',
    requestedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-02T10:00:00.000Z',
    reasons: ['200 users is above 100 (loadTesting.approvals.rules)'],
    estimate: { users: 200, workers: 2, durationSeconds: 600, coreHours: 0.5 },
    ...over,
  };
}

describe('loadTestsPath', () => {
  it('spells the entity route as the catalog does', () => {
    expect(loadTestsPath('Component:Default/Shop-API', 'approvals')).toBe(
      '/catalog/default/component/Shop-API/load-tests/approvals',
    );
    expect(loadTestsPath('system:team a/x y', 'runs/r 1')).toBe(
      '/catalog/team%20a/system/x%20y/load-tests/runs/r 1',
    );
  });
});

describe('planRunNotification', () => {
  it('tells of a failed scheduled run, severity high, linked to the plan run', () => {
    expect(planRunNotification(planRun())).toEqual({
      title: 'Load test plan nightly failed on shop-api',
      description:
        '1 of 2 step(s) failed; checkout: p95 812 ms is above 300 ms. Fired by its schedule.',
      link: '/catalog/default/component/shop-api/load-tests/plan-runs/pr-1',
      severity: 'high',
      topic: 'load-testing',
      scope: 'pr-1',
    });
  });

  it('tells of an inconclusive manual run, severity normal, naming who ran it', () => {
    const n = planRunNotification(
      planRun({
        status: 'succeeded',
        verdict: 'inconclusive',
        verdictReason: '1 of 1 step(s) inconclusive, none failed.',
        trigger: 'manual',
        triggeredBy: 'user:default/jane',
      }),
    );
    expect(n?.title).toBe(
      'Load test plan nightly was inconclusive on shop-api',
    );
    expect(n?.description).toBe(
      '1 of 1 step(s) inconclusive, none failed. Run by hand by jane.',
    );
    expect(n?.severity).toBe('normal');
  });

  it('falls back to a step error when the plan run has no reason', () => {
    const n = planRunNotification(
      planRun({
        verdict: undefined,
        verdictReason: undefined,
        steps: [
          {
            group: 0,
            index: 0,
            scenarioId: 's',
            scenarioName: 'checkout',
            status: 'not-started',
            error: 'Scenario s was deleted',
          },
        ],
      }),
    );
    expect(n?.description).toBe(
      'Scenario s was deleted. Fired by its schedule.',
    );
  });

  it.each([
    ['succeeded', 'pass'],
    ['cancelled', undefined],
    ['skipped', undefined],
    ['running', undefined],
  ] as const)('says nothing of a plan run %s (%s)', (status, verdict) => {
    expect(planRunNotification(planRun({ status, verdict }))).toBeUndefined();
  });
});

describe('approvalRequestedNotification', () => {
  it('names the run, the requester and the rules, linked to the approvals page', () => {
    expect(approvalRequestedNotification(approval())).toEqual({
      title: 'A load test run of Checkout flow on shop-api waits for approval',
      description:
        'Requested by guest: 200 users is above 100 (loadTesting.approvals.rules). It expires at 2026-12-02T10:00:00.000Z.',
      link: '/catalog/default/component/shop-api/load-tests/approvals',
      severity: 'normal',
      topic: 'load-testing',
      scope: 'approval:a-1',
    });
  });

  it('names a plan version', () => {
    const n = approvalRequestedNotification(
      approval({
        subject: { kind: 'plan', planId: 'p-1', planVersion: 3 },
        title: 'nightly',
      }),
    );
    expect(n.title).toBe(
      'A load test plan nightly (version 3) on shop-api waits for approval',
    );
  });
});

describe('approvalDecidedNotification', () => {
  it('tells the requester who approved, with the comment, linked to the run', () => {
    expect(
      approvalDecidedNotification(
        approval({
          state: 'approved',
          decidedBy: 'user:default/bob',
          comment: 'go ahead ',
        }),
        'Bob Builder',
      ),
    ).toEqual({
      title: 'Your run of Checkout flow was approved by Bob Builder: go ahead',
      description: 'It starts now on shop-api.',
      link: '/catalog/default/component/shop-api/load-tests/runs/r-1',
      severity: 'normal',
      topic: 'load-testing',
      scope: 'approval:a-1',
    });
  });

  it('tells of a denial, naming the decider by the ref without a display name', () => {
    const n = approvalDecidedNotification(
      approval({ state: 'denied', decidedBy: 'user:default/bob' }),
    );
    expect(n?.title).toBe('Your run of Checkout flow was denied by bob');
    expect(n?.description).toBe('The run on shop-api was cancelled.');
    expect(n?.severity).toBe('high');
  });

  it('tells of an expiry, linked to the plan of a plan approval', () => {
    const n = approvalDecidedNotification(
      approval({
        state: 'expired',
        subject: { kind: 'plan', planId: 'p-1', planVersion: 3 },
        title: 'nightly',
      }),
    );
    expect(n?.title).toBe(
      'Your plan nightly (version 3) expired without a decision',
    );
    expect(n?.description).toBe('Nobody decided by 2026-12-02T10:00:00.000Z.');
    expect(n?.link).toBe(
      '/catalog/default/component/shop-api/load-tests/plans/p-1',
    );
  });

  it('says nothing while it is pending', () => {
    expect(approvalDecidedNotification(approval())).toBeUndefined();
  });
});
