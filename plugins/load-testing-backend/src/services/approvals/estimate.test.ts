import { RunParameters } from '@internal/plugin-load-testing-common';
import { approvalReasons, estimateRun, sumEstimates } from './estimate';
import { overBudget, usageOf } from './quotas';

const params: RunParameters = {
  users: 100,
  spawnRate: 10,
  duration: 1800,
  workers: 4,
  host: 'http://127.0.0.1:7070',
  executor: 'kubernetes',
};
const cpu = {
  kubernetes: {
    master: { requests: { cpu: '500m' } },
    worker: { requests: { cpu: '1' } },
  },
  localCoresPerWorker: 1,
};

describe('estimateRun', () => {
  it('counts Kubernetes runs at their CPU requests, their own or the defaults', () => {
    // (4 × 1 + 0.5) × 0.5 h
    expect(estimateRun(params, cpu).coreHours).toBe(2.25);
    const own = estimateRun(
      {
        ...params,
        resources: {
          worker: { requests: { cpu: '250m' } },
          master: { requests: { cpu: '2' } },
        },
      },
      cpu,
    );
    // (4 × 0.25 + 2) × 0.5 h
    expect(own.coreHours).toBe(1.5);
  });

  it('counts local processes at localCoresPerWorker, and the peak of stages as users', () => {
    const e = estimateRun(
      {
        ...params,
        executor: 'local',
        workers: 2,
        duration: 3600,
        stages: [
          { duration: 60, users: 50, spawnRate: 5 },
          { duration: 120, users: 400, spawnRate: 5 },
        ],
      },
      { localCoresPerWorker: 2 },
    );
    expect(e).toEqual({
      users: 400,
      workers: 2,
      durationSeconds: 3600,
      coreHours: 6,
    });
  });

  it('adds up steps side by side', () => {
    const a = estimateRun(params, cpu);
    expect(sumEstimates([a, { ...a, durationSeconds: 60 }])).toEqual({
      users: 200,
      workers: 8,
      durationSeconds: 1800,
      coreHours: 4.5,
    });
  });
});

describe('approvalReasons', () => {
  it('names each rule the run is above, with its figure', () => {
    const e = estimateRun(params, cpu);
    expect(
      approvalReasons(e, {
        aboveUsers: 50,
        aboveWorkers: 4,
        aboveMinutes: 20,
        aboveCoreHours: 2,
      }),
    ).toEqual([
      '100 users is above 50 (loadTesting.approvals.rules.aboveUsers)',
      '30 minutes is above 20 (loadTesting.approvals.rules.aboveMinutes)',
      '2.25 CPU-core-hours is above 2 (loadTesting.approvals.rules.aboveCoreHours)',
    ]);
    expect(approvalReasons(e, {})).toEqual([]);
  });
});

describe('quotas', () => {
  it('says what is used of a budget and what the run needs', () => {
    const now = Date.parse('2026-11-02T12:00:00Z');
    const usage = usageOf(
      [
        {
          id: 'a',
          status: 'running',
          createdAt: '2026-11-01T12:00:00Z',
          coreHours: 38.2,
          durationSeconds: 3600,
        },
      ],
      {
        scope: 'entity',
        ref: 'component:default/shop-api',
        period: 'week',
        limitCoreHours: 40,
      },
      now,
    );
    expect(usage.resetsAt).toBe('2026-11-08T12:00:00.000Z');
    expect(overBudget(usage, 4)).toBe(
      'component:default/shop-api has used 38.2 of 40 CPU-core-hours this week (loadTesting.quotas.perEntity.week); this run needs 4.0',
    );
    expect(overBudget(usage, 1.8)).toBeUndefined();
  });
});
