import type { ReportStatus } from './reports';

import type { ScenarioBaseline, VerdictBaseline } from './comparison';
import type { ApprovalSummary, LoadEstimate } from './plans';

/**
 * Status of a run. `pending → (awaiting-approval →) provisioning → running → stopping →
 * succeeded | failed | cancelled | lost`.
 * @public
 */
export type RunStatus =
  | 'pending'
  | 'awaiting-approval'
  | 'provisioning'
  | 'running'
  | 'stopping'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'lost';

/** @public */
export const TERMINAL_RUN_STATUSES: ReadonlyArray<RunStatus> = [
  'succeeded',
  'failed',
  'cancelled',
  'lost',
];

/** @public */
export function isTerminalStatus(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

/**
 * The name of an executor that can start a run: `local` and `kubernetes` come with the
 * backend; backend modules add others through the executor extension point.
 * @public
 */
export type ExecutorName = string;

/** What an executor's name looks like: `local`, `kubernetes`, `nomad`… @public */
export const EXECUTOR_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** One stage of a staged run: ramp to `users` at `spawnRate` and hold until `duration` s. @public */
export interface RunStage {
  /** Seconds from the start of the run at which this stage ends. */
  duration: number;
  users: number;
  spawnRate: number;
}

/**
 * Parameters of a run. A scenario holds defaults; a run freezes a full copy.
 * @public
 */
export interface RunParameters {
  /** Peak number of concurrent users. */
  users: number;
  /** Users started per second. */
  spawnRate: number;
  /** Run time in seconds. */
  duration: number;
  /** Number of worker processes (or pods). */
  workers: number;
  /** Base URL the Locust users target, e.g. http://127.0.0.1:7070 */
  host: string;
  /** Locust tags to include. */
  tags?: string[];
  /** Extra environment variables for the script. */
  env?: Record<string, string>;
  executor: ExecutorName;
  /** Optional stages; when present they define users over time instead of users/spawnRate. */
  stages?: RunStage[];
  /** Kubernetes: name of a configured cluster; the default cluster when absent. */
  cluster?: string;
  /** Kubernetes: name of a configured engine image; the default engine when absent. */
  engine?: string;
  /** Kubernetes: CPU and memory per role, e.g. `{ worker: { requests: { cpu: '1' } } }`. */
  resources?: { master?: PodResources; worker?: PodResources };
  /** Kubernetes: extra `/etc/hosts` entries in every pod, to reach internal names. */
  hostAliases?: HostAlias[];
  /** Kubernetes: labels the nodes running the pods must have. */
  nodeSelector?: Record<string, string>;
  /** Kubernetes: taints the pods tolerate. */
  tolerations?: Toleration[];
  /** Kubernetes: environment variables read from Secrets the platform allows. */
  secretEnv?: SecretEnvRef[];
}

/** CPU/memory of one role, in Kubernetes quantities (`500m`, `1Gi`). @public */
export interface PodResources {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/** @public */
export interface HostAlias {
  ip: string;
  hostnames: string[];
}

/** @public */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** An environment variable taken from a key of an allowed Secret. @public */
export interface SecretEnvRef {
  /** Variable name the script reads. */
  name: string;
  /** Name of the Secret (one of the secrets the platform allows). */
  secret: string;
  key: string;
}

/**
 * Thresholds that decide the verdict of a run. Latencies in milliseconds,
 * `maxFailureRatio` as a fraction (0.01 = 1 %).
 * @public
 */
export interface Thresholds {
  /** Maximum response-time percentiles, keyed like `p95` or `p99.9`. */
  percentiles?: Record<string, number>;
  maxAverageMs?: number;
  maxFailureRatio?: number;
  minRps?: number;
}

/** @public */
export interface Scenario {
  id: string;
  entityRef: string;
  name: string;
  description?: string;
  /** The Locust file (Python). */
  script: string;
  parameters: RunParameters;
  thresholds: Thresholds;
  /** The `LoadTestShape` class the script defines, when it has one. */
  shapeClass?: string;
  /** Set when the scenario is read from the entity's repository: then it is read-only. */
  source?: ScenarioSource;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** The newest run of this scenario, if any. */
  lastRun?: RunSummaryRow;
  /** The run later runs are compared with, when one was chosen. */
  baseline?: ScenarioBaseline;
}

/** Where a scenario kept in a repository comes from. @public */
export interface ScenarioSource {
  /** The script's URL (where to edit it). */
  url: string;
  /** The descriptor that lists it. */
  descriptorUrl: string;
  /** The script's version as the repository gave it (its etag or commit). */
  version: string;
}

/** How an entity's scenarios were last read from its repository. @public */
export interface ScenarioSourceState {
  entityRef: string;
  /** The descriptor read. */
  url: string;
  /** When it was last read successfully. */
  syncedAt?: string;
  /** Why the last read failed; the scenarios of the last good read stay. */
  error?: string;
  errorAt?: string;
}

/** A scenario as listed: everything but its script. @public */
export type ScenarioSummary = Omit<Scenario, 'script'>;

/** Body of POST /scenarios and PUT /scenarios/:id. @public */
export interface ScenarioInput {
  entityRef: string;
  name: string;
  description?: string;
  script: string;
  parameters?: Partial<RunParameters>;
  thresholds?: Thresholds;
}

/** Body of POST /runs. @public */
export interface CreateRunRequest {
  scenarioId: string;
  /** Overrides of the scenario's default parameters. */
  parameters?: Partial<RunParameters>;
}

/**
 * `pass`: every check held; `fail`: a check with data behind it did not hold;
 * `inconclusive`: the run did not give the evidence to judge it (no requests, a threshold
 * with no data, Locust exiting with an error).
 * @public
 */
export type VerdictResult = 'pass' | 'fail' | 'inconclusive';

/** One check of a verdict: a threshold of the scenario, or one every run gets. @public */
export interface VerdictCheck {
  /**
   * Thresholds: `p95`, `average`, `failureRatio`, `rps`. Checks of every run: `requests`
   * (at least one was made), `exceptions` (the script raised none), `exitCode` (Locust
   * exited 0), and `failureRatio` when the scenario sets no thresholds (Locust's own rule).
   */
  metric: string;
  /** `<=` for limits, `>=` for minimums. */
  comparator: '<=' | '>=';
  threshold: number;
  /** `null` when the run has no data for it (a check with no data never passes). */
  actual: number | null;
  passed: boolean;
  /** What a check that did not hold makes of the verdict. */
  outcome?: 'fail' | 'inconclusive';
  /**
   * `threshold`: set on the scenario; `run`: a check every run gets; `baseline`: against
   * the scenario's baseline run.
   */
  source?: 'threshold' | 'run' | 'baseline';
  /** Why it did not hold, in words, e.g. `ZeroDivisionError at script line 9 (5,612 times)`. */
  message?: string;
}

/** @public */
export interface Verdict {
  result: VerdictResult;
  checks: VerdictCheck[];
  /** Why the verdict is not a pass, one line each; empty for a pass. */
  reasons?: string[];
  /** The baseline run the run was compared with, when its scenario had one. */
  baseline?: VerdictBaseline;
}

/** Totals of one endpoint (or all of them) over a whole run. @public */
export interface EndpointStats {
  method: string;
  name: string;
  requests: number;
  failures: number;
  failureRatio: number;
  averageMs: number;
  minMs: number;
  maxMs: number;
  averageContentLength: number;
  rps: number;
  failuresPerSecond: number;
  /** Response-time percentiles in ms, keyed `p50`, `p90`, `p95`, `p99`, `p99.9`, `p100`... */
  percentiles: Record<string, number>;
}

/** Summary of a finished (or running) run. @public */
export interface RunTotals {
  total: EndpointStats;
  endpoints: EndpointStats[];
  /** Seconds between the first and the last sample. */
  durationSeconds: number;
  peakUsers: number;
  /**
   * Set when a window's figures come at a coarser resolution than asked (the raw samples
   * were dropped by retention): seconds per bucket, and the window actually covered
   * (epoch ms, edges snapped to that resolution).
   */
  resolutionSeconds?: number;
  from?: number;
  to?: number;
}

/** @public */
export interface RunSummaryRow {
  id: string;
  scenarioId: string;
  scenarioName: string;
  entityRef: string;
  status: RunStatus;
  statusReason?: string;
  verdict?: VerdictResult;
  /** The first reason of a verdict that is not a pass. */
  verdictReason?: string;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  /** When Locust started the test (after start-up and waiting for the workers). */
  loadStartedAt?: string;
  finishedAt?: string;
  executor: ExecutorName;
  /** Key figures, present once samples arrived. */
  rps?: number;
  p95Ms?: number;
  failureRatio?: number;
  requests?: number;
  /** In lists: the status of the run's report, and whether it has conclusions. */
  reportStatus?: ReportStatus;
  hasConclusions?: boolean;
}

/** @public */
export interface Run extends RunSummaryRow {
  parameters: RunParameters;
  thresholds: Thresholds;
  script: string;
  /**
   * The version of the script this run ran: the repository's for a scenario kept there,
   * else `sha256:<12 hex>` of the script.
   */
  scriptVersion?: string;
  totals?: RunTotals;
  verdictDetails?: Verdict;
  exitCode?: number;
  /** Time of the last sample the monitor delivered. */
  lastSampleAt?: string;
  /** Where a Kubernetes run runs. */
  kubernetes?: KubernetesPlacement;
  /** Set when a LoadTestShape in the script decides users and duration. */
  shape?: RunShape;
  /** Limits the platform held during the run, and data it had to leave out. */
  warnings?: RunWarning[];
  /** The baseline run this run's verdict was compared with. */
  baselineRunId?: string;
  /**
   * When retention dropped the raw samples (ISO time): reads of windows come from the
   * 10-minute rollups since.
   */
  rawDroppedAt?: string;
  /** The approval the run waited for (or the plan approval that covered it). */
  approval?: ApprovalSummary & { reasons: string[]; estimate: LoadEstimate };
}

/** A limit the platform held during a run, or data it had to leave out. @public */
export interface RunWarning {
  /** `users-capped`, `time-limit`, `users-exceeded`… */
  code: string;
  message: string;
  /** When it happened (ISO time). */
  at: string;
}

/**
 * A run whose users and duration a `LoadTestShape` decides: the script's own class, or the
 * run's `stages`. The run still stops at its `duration`, the time limit.
 * @public
 */
export interface RunShape {
  /** Name of the shape class. */
  className: string;
  /** Users the shape plans over time, `[second, users]` at each change, when known. */
  planned?: Array<[number, number]>;
  /** Seconds after the start at which the shape ends, when it ends before the time limit. */
  endsAfterSeconds?: number;
  /** Why the planned curve is not known. */
  plannedError?: string;
}

/** Where a Kubernetes run's pods live and how long they took to start. @public */
export interface KubernetesPlacement {
  cluster: string;
  namespace: string;
  /** Engine image the pods run. */
  image?: string;
  /** Seconds from the run's creation until every worker pod was ready. */
  workersReadySeconds?: number;
}

/** @public */
export type NodeRole = 'master' | 'worker' | 'monitor';

/** @public */
export type NodeState =
  | 'starting'
  | 'ready'
  | 'running'
  | 'spawning'
  | 'stopped'
  | 'missing'
  | 'exited'
  | 'failed';

/** @public */
export interface RunNode {
  name: string;
  role: NodeRole;
  state: NodeState;
  /** Process id (local) or pod name (kubernetes). */
  pid?: number;
  host?: string;
  cpuPercent?: number;
  memoryBytes?: number;
  userCount?: number;
  exitCode?: number;
  message?: string;
  /** Kubernetes: the pod, its phase, restarts and when it became ready. `host` is the node. */
  pod?: string;
  phase?: string;
  restarts?: number;
  readyAt?: string;
  updatedAt: string;
}

/** @public */
export interface RunError {
  method: string;
  name: string;
  error: string;
  occurrences: number;
}

/** @public */
export interface RunException {
  count: number;
  /** The exception's class, e.g. `ZeroDivisionError`, when the monitor saw it. */
  type?: string;
  msg: string;
  traceback: string;
  nodes: string[];
}

/** One point of a run series. `t` is epoch milliseconds at the end of the bucket. @public */
export interface SeriesPoint {
  t: number;
  rps: number;
  failuresPerSecond: number;
  users: number;
  /** Response-time percentiles in ms for the requests in this bucket; absent when none. */
  percentiles: Record<string, number | null>;
  requests: number;
}

/** GET /runs/:id/series @public */
export interface RunSeries {
  runId: string;
  /** `null` for all endpoints, else `METHOD name`. */
  endpoint: string | null;
  percentiles: string[];
  points: SeriesPoint[];
  /** Endpoints available for the selector, as `METHOD name`. */
  endpoints: string[];
  /** The window the points cover, epoch ms (absent when the run has no data yet). */
  from?: number;
  to?: number;
  /** Seconds per point: 1 from the raw samples, else a multiple of a rollup's. */
  resolutionSeconds?: number;
}

/** GET /runs/:id/logs/:node @public */
export interface LogChunk {
  node: string;
  /** Byte offset of the first byte returned. */
  offset: number;
  /** Offset to pass to get the next chunk. */
  nextOffset: number;
  /** Total size of the log so far. */
  size: number;
  text: string;
}

/** A page of results. @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** Field-level validation errors returned with 400 responses (`error.details`). @public */
export interface FieldError {
  field: string;
  message: string;
  /** For a script: the line the message is about. */
  line?: number;
}

/** Limits and allowlist the backend enforces, served to the UI. @public */
export interface LoadTestingSettings {
  executors: ExecutorName[];
  defaultExecutor: ExecutorName;
  limits: {
    maxUsers: number;
    maxWorkers: number;
    maxDurationSeconds: number;
    maxConcurrentRunsPerEntity: number;
  };
  targets: { allow: string[] };
  /** Seconds between full snapshots (percentiles); counts and users arrive every second. */
  sampleIntervalSeconds: number;
  /** Present when the kubernetes executor is configured. */
  kubernetes?: KubernetesSettings;
}

/**
 * A Secret runs may read variables from: only runs of the listed entities (refs as the
 * catalog compares them, lowercase), and only the listed keys when there are any.
 * @public
 */
export interface KubernetesSecretRule {
  name: string;
  entities: string[];
  keys?: string[];
}

/** What a run on Kubernetes can choose. @public */
export interface KubernetesSettings {
  clusters: string[];
  defaultCluster: string;
  engines: Array<{ name: string; image: string; description?: string }>;
  defaultEngine: string;
  /** Secrets a run may read variables from (`secretEnv`), each for the entities it names. */
  secrets: KubernetesSecretRule[];
  /** Tolerations a run may add; each of its own must tolerate no more than one of these. */
  allowedTolerations: Toleration[];
  /** Node label keys a run's nodeSelector may use. */
  allowedNodeSelectorKeys: string[];
  /** Resources a run gets when it sets none. */
  defaultResources: { master: PodResources; worker: PodResources };
}
