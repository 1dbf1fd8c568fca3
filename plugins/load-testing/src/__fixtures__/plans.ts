import { Plan, PlanRun } from '@internal/plugin-load-testing-common';

const ENTITY_REF = 'component:default/shop-api';

export const plan: Plan = {
  id: 'plan-1',
  entityRef: ENTITY_REF,
  name: 'Nightly checkout',
  description: 'Browse, then order',
  groups: [
    { steps: [{ scenarioId: 'sc-1', parameters: { users: 20 } }] },
    {
      steps: [
        {
          scenarioId: 'sc-1',
          parameters: {
            stages: [
              { duration: 10, users: 10, spawnRate: 5 },
              { duration: 30, users: 40, spawnRate: 10 },
            ],
          },
        },
      ],
    },
  ],
  stopOnFailure: true,
  schedule: { cron: '0 2 * * 1-5', timezone: 'Europe/Paris' },
  overlap: 'skip',
  enabled: true,
  version: 3,
  createdBy: 'user:default/guest',
  createdAt: '2026-11-30T10:00:00.000Z',
  updatedAt: '2026-11-30T10:00:00.000Z',
  nextRunAt: '2026-12-02T01:00:00.000Z',
  lastRun: {
    id: 'pr-1',
    planId: 'plan-1',
    planName: 'Nightly checkout',
    planVersion: 3,
    entityRef: ENTITY_REF,
    trigger: 'schedule',
    triggeredBy: 'schedule',
    status: 'failed',
    verdict: 'fail',
    verdictReason: 'Browse and order failed its thresholds',
    createdAt: '2026-12-01T01:00:00.000Z',
    startedAt: '2026-12-01T01:00:00.000Z',
    finishedAt: '2026-12-01T01:02:00.000Z',
  },
};

export const planRun: PlanRun = {
  ...plan.lastRun!,
  id: 'pr-2',
  status: 'running',
  verdict: undefined,
  verdictReason: undefined,
  finishedAt: undefined,
  trigger: 'manual',
  triggeredBy: 'user:default/guest',
  steps: [
    {
      group: 0,
      index: 0,
      scenarioId: 'sc-1',
      scenarioName: 'Browse and order',
      runId: 'run-1',
      status: 'succeeded',
      verdict: 'pass',
    },
    {
      group: 1,
      index: 0,
      scenarioId: 'sc-2',
      scenarioName: 'Search',
      status: 'not-started',
      error: 'scenario sc-2 was deleted',
    },
  ],
};
