import { comparison, trend } from './comparison';
import { plan, planRun } from './plans';
import { approval } from './approvals';
import { Entity } from '@backstage/catalog-model';
import { PermissionApi } from '@backstage/plugin-permission-react';
import {
  LoadTestingSettings,
  Run,
  RunNode,
  RunReport,
  RunSeries,
  RunTotals,
  Scenario,
} from '@internal/plugin-load-testing-common';
import { LoadTestingApi } from '../api';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop-api',
    namespace: 'default',
    annotations: { 'load-testing.dev/enabled': 'enabled' },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'experimental' },
};

export const ENTITY_REF = 'component:default/shop-api';

/**
 * Another entity for tests that deny permissions: usePermission caches answers per
 * permission and entity across tests, so a denial needs an entity no test allowed.
 */
export const lockedEntity: Entity = {
  ...entity,
  metadata: { ...entity.metadata, name: 'shop-api-locked' },
};

export const settings: LoadTestingSettings = {
  executors: ['local'],
  defaultExecutor: 'local',
  limits: {
    maxUsers: 500,
    maxWorkers: 4,
    maxDurationSeconds: 1800,
    maxConcurrentRunsPerEntity: 2,
  },
  targets: { allow: ['http://127.0.0.1:*', 'http://localhost:*'] },
  sampleIntervalSeconds: 5,
};

/** A backend that offers Kubernetes next to local processes, and prefers it. */
export const kubernetesSettings: LoadTestingSettings = {
  ...settings,
  executors: ['local', 'kubernetes'],
  defaultExecutor: 'kubernetes',
  kubernetes: {
    clusters: ['dev-eu', 'perf-us'],
    defaultCluster: 'dev-eu',
    engines: [
      {
        name: 'locust-2.32',
        image: 'locustio/locust:2.32.3',
        description: 'Locust 2.32 with the monitor',
      },
      { name: 'locust-2.31', image: 'registry.example.com/locust:2.31.0' },
    ],
    defaultEngine: 'locust-2.32',
    secrets: [
      { name: 'shop-api-tokens', entities: [ENTITY_REF], keys: ['token'] },
      { name: 'payment-sandbox', entities: [ENTITY_REF] },
      { name: 'billing-db', entities: ['component:default/billing'] },
    ],
    allowedTolerations: [
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'load',
        effect: 'NoSchedule',
      },
      { key: 'spot', operator: 'Exists' },
    ],
    allowedNodeSelectorKeys: ['pool', 'kubernetes.io/arch'],
    defaultResources: {
      master: {
        requests: { cpu: '250m', memory: '256Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      worker: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2', memory: '1Gi' },
      },
    },
  },
};

export const scenario: Scenario = {
  id: 'sc-1',
  entityRef: ENTITY_REF,
  name: 'Browse and order',
  script: 'from locust import HttpUser\n',
  parameters: {
    users: 10,
    spawnRate: 5,
    duration: 60,
    workers: 1,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
  },
  thresholds: { percentiles: { p95: 500 }, maxFailureRatio: 0.01 },
  createdBy: 'user:development/guest',
  createdAt: '2026-11-27T08:00:00.000Z',
  updatedAt: '2026-11-27T08:00:00.000Z',
};

const endpoint = (
  method: string,
  name: string,
  requests: number,
  p95: number,
) => ({
  method,
  name,
  requests,
  failures: 0,
  failureRatio: 0,
  averageMs: 12,
  minMs: 2,
  maxMs: 80,
  averageContentLength: 100,
  rps: requests / 60,
  failuresPerSecond: 0,
  percentiles: { p50: 10, p95, p99: p95 + 10 },
});

export const totals: RunTotals = {
  total: {
    ...endpoint('', 'Aggregated', 900, 42),
    failures: 3,
    failureRatio: 3 / 900,
  },
  endpoints: [
    endpoint('GET', '/api/items', 600, 40),
    endpoint('POST', '/api/orders', 300, 55),
  ],
  durationSeconds: 60,
  peakUsers: 10,
};

export const run: Run = {
  id: 'run-1',
  scenarioId: scenario.id,
  scenarioName: scenario.name,
  entityRef: ENTITY_REF,
  status: 'running',
  createdBy: 'user:development/guest',
  createdAt: '2026-11-27T08:00:00.000Z',
  startedAt: '2026-11-27T08:00:01.000Z',
  executor: 'local',
  parameters: scenario.parameters,
  thresholds: scenario.thresholds,
  script: scenario.script,
  lastSampleAt: '2026-11-27T08:00:31.000Z',
};

export const finishedRun: Run = {
  ...run,
  status: 'succeeded',
  finishedAt: '2026-11-27T08:01:02.000Z',
  verdict: 'pass',
  rps: 15,
  p95Ms: 42,
  failureRatio: 3 / 900,
  requests: 900,
  verdictDetails: {
    result: 'pass',
    checks: [
      {
        metric: 'p95',
        comparator: '<=',
        threshold: 500,
        actual: 42,
        passed: true,
      },
    ],
  },
};

/** A run on Kubernetes with every placement parameter set. */
export const kubernetesRun: Run = {
  ...run,
  id: 'run-k8s',
  executor: 'kubernetes',
  parameters: {
    ...scenario.parameters,
    executor: 'kubernetes',
    workers: 2,
    cluster: 'dev-eu',
    engine: 'locust-2.32',
    resources: {
      worker: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '1' },
      },
    },
    hostAliases: [
      { ip: '10.0.0.5', hostnames: ['shop-api.internal', 'auth.internal'] },
    ],
    nodeSelector: { pool: 'load' },
    tolerations: [
      {
        key: 'dedicated',
        operator: 'Equal',
        value: 'load',
        effect: 'NoSchedule',
      },
    ],
    secretEnv: [{ name: 'API_TOKEN', secret: 'shop-api-tokens', key: 'token' }],
  },
  kubernetes: {
    cluster: 'dev-eu',
    namespace: 'load-tests',
    image: 'locustio/locust:2.32.3',
    workersReadySeconds: 4.2,
  },
};

/** Its pods: master and one worker ready, one worker that cannot be scheduled. */
export const kubernetesNodes: RunNode[] = [
  {
    name: 'master',
    role: 'master',
    state: 'running',
    pod: 'lt-run-k8s-master-7fbx2',
    phase: 'Running',
    host: 'kind-worker-1',
    restarts: 0,
    readyAt: '2026-11-27T08:00:02.500Z',
    cpuPercent: 8,
    updatedAt: run.createdAt,
  },
  {
    name: 'worker-1',
    role: 'worker',
    state: 'running',
    pod: 'lt-run-k8s-worker-0',
    phase: 'Running',
    host: 'kind-worker-2',
    restarts: 1,
    readyAt: '2026-11-27T08:00:04.200Z',
    userCount: 10,
    cpuPercent: 35,
    updatedAt: run.createdAt,
  },
  {
    name: 'worker-2',
    role: 'worker',
    state: 'starting',
    pod: 'lt-run-k8s-worker-1',
    phase: 'Pending',
    restarts: 0,
    message:
      'Unschedulable: 0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available',
    updatedAt: run.createdAt,
  },
];

const start = Date.parse(run.startedAt!);
export const series: RunSeries = {
  runId: run.id,
  endpoint: null,
  percentiles: ['p50', 'p95', 'p99'],
  endpoints: ['GET /api/items', 'POST /api/orders'],
  points: Array.from({ length: 30 }, (_, i) => ({
    t: start + (i + 1) * 1000,
    rps: 15,
    failuresPerSecond: i === 10 ? 1 : 0,
    users: 10,
    requests: 15,
    percentiles: { p50: 10, p95: 40, p99: 50 },
  })),
};

export { comparison, trend } from './comparison';

/** A LoadTestingApi whose every method is a jest mock answering with the fixtures. */
/** The report of a run nobody wrote about. */
export function emptyReport(runId: string): RunReport {
  return {
    runId,
    tags: [],
    archived: false,
    conclusionHistory: [],
    issues: [],
    fileIssueLinks: [],
  };
}

export function mockLoadTestingApi(
  overrides: Partial<LoadTestingApi> = {},
): jest.Mocked<LoadTestingApi> {
  return {
    getSettings: jest.fn(async () => settings),
    listScenarios: jest.fn(async () => [scenario]),
    getScenario: jest.fn(async () => scenario),
    getScenarioSource: jest.fn(async () => null),
    syncScenarioSource: jest.fn(),
    createScenario: jest.fn(async () => scenario),
    updateScenario: jest.fn(async () => scenario),
    deleteScenario: jest.fn(async () => {}),
    createRun: jest.fn(async () => run),
    listRuns: jest.fn(async () => ({
      items: [finishedRun],
      totalCount: 1,
      offset: 0,
      limit: 10,
    })),
    getRun: jest.fn(async () => run),
    cancelRun: jest.fn(async () => ({ ...run, status: 'stopping' as const })),
    getSeries: jest.fn(async () => series),
    getEndpoints: jest.fn(async () => totals),
    getErrors: jest.fn(async () => ({
      errors: [
        {
          method: 'POST',
          name: '/api/orders',
          error: 'HTTPError 500',
          occurrences: 3,
        },
      ],
      exceptions: [],
    })),
    getNodes: jest.fn(async () => [
      {
        name: 'master',
        role: 'master' as const,
        state: 'running' as const,
        updatedAt: run.createdAt,
      },
      {
        name: 'worker-1',
        role: 'worker' as const,
        state: 'running' as const,
        userCount: 10,
        cpuPercent: 12,
        memoryBytes: 50 * 1024 * 1024,
        updatedAt: run.createdAt,
      },
    ]),
    getLog: jest.fn(async (_r, node) => ({
      node,
      offset: 0,
      nextOffset: 12,
      size: 12,
      text: 'Starting Locust\n',
    })),
    getResources: jest.fn(async () => ({ nodes: [] })),
    getPrometheus: jest.fn(async () => ({
      configured: false as const,
      reason: 'No Prometheus is configured',
    })),
    getReport: jest.fn(async runId => emptyReport(runId)),
    updateReport: jest.fn(async runId => emptyReport(runId)),
    addReportConclusions: jest.fn(async runId => emptyReport(runId)),
    addReportIssue: jest.fn(async runId => emptyReport(runId)),
    removeReportIssue: jest.fn(async runId => emptyReport(runId)),
    compareRuns: jest.fn(async () => comparison),
    setBaseline: jest.fn(async (_s, body) => ({
      runId: body.runId,
      marginPercent: body.marginPercent ?? 10,
    })),
    clearBaseline: jest.fn(async () => {}),
    getTrend: jest.fn(async () => trend),
    exportRun: jest.fn(async (runId, format) => ({
      fileName: `run-${runId}.${format}`,
      blob: new Blob([`${format} of ${runId}`]),
    })),
    listPlans: jest.fn(async () => [plan]),
    getPlan: jest.fn(async () => plan),
    createPlan: jest.fn(async () => plan),
    updatePlan: jest.fn(async (_id, input) => ({ ...plan, ...input })),
    deletePlan: jest.fn(async () => {}),
    runPlan: jest.fn(async () => planRun),
    listPlanRuns: jest.fn(async () => ({
      items: [planRun, plan.lastRun!],
      totalCount: 2,
      offset: 0,
      limit: 20,
    })),
    getPlanRun: jest.fn(async () => planRun),
    cancelPlanRun: jest.fn(async () => ({
      ...planRun,
      status: 'cancelled' as const,
    })),
    listApprovals: jest.fn(async () => []),
    getApproval: jest.fn(async () => approval),
    decideApproval: jest.fn(async (_id, d) => ({
      ...approval,
      state:
        d.decision === 'approve' ? ('approved' as const) : ('denied' as const),
      decidedBy: 'user:default/bob',
      decidedAt: '2026-11-02T12:05:00.000Z',
      comment: d.comment,
    })),
    getQuotas: jest.fn(async () => []),
    ...overrides,
  } as jest.Mocked<LoadTestingApi>;
}

/** A permission API that denies the named permissions and allows the rest. */
export function permissionApi(denied: string[] = []): PermissionApi {
  return {
    authorize: async request =>
      ({
        result: denied.includes(request.permission.name) ? 'DENY' : 'ALLOW',
      }) as any,
  };
}

export { plan, planRun } from './plans';
export { approval } from './approvals';
