import { Approval } from '@internal/plugin-load-testing-common';

/** A run waiting for its approval. */
export const approval: Approval = {
  id: 'approval-1',
  subject: { kind: 'run', runId: 'run-9' },
  entityRef: 'component:default/shop-api',
  title: 'checkout flow',
  requestedBy: 'user:default/ann',
  requestedAt: '2026-11-02T12:00:00.000Z',
  reasons: ['200 users is above 100 (loadTesting.approvals.rules.aboveUsers)'],
  estimate: { users: 200, workers: 2, durationSeconds: 600, coreHours: 0.5 },
  state: 'pending',
  expiresAt: '2026-11-03T12:00:00.000Z',
};
