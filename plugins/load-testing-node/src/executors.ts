import {
  ExecutorName,
  FieldError,
  KubernetesPlacement,
  LogChunk,
  NodeRole,
  NodeState,
  RunParameters,
  RunShape,
  RunStatus,
  RunWarning,
  Thresholds,
  VerdictResult,
} from '@internal/plugin-load-testing-common';

/** Latest cumulative state of a live run, replaced by each snapshot. */
/** @public */
export interface RunLiveState {
  seq: number;
  state: string;
  entries: unknown[];
  total?: unknown;
  errors: unknown[];
  exceptions: unknown[];
  dropped?: number;
}

/** A run as the backend stores it. @public */
export interface RunRow {
  id: string;
  scenarioId: string;
  scenarioName: string;
  entityRef: string;
  status: RunStatus;
  statusReason?: string;
  executor: ExecutorName;
  script: string;
  parameters: RunParameters;
  thresholds: Thresholds;
  createdBy: string;
  createdAt: string;
  startedAt?: string;
  /** When Locust started the test: start-up and waiting for workers are before it. */
  loadStartedAt?: string;
  finishedAt?: string;
  lastSampleAt?: string;
  exitCode?: number;
  userCount?: number;
  finalReceived: boolean;
  live?: RunLiveState;
  totals?: unknown;
  verdict?: VerdictResult;
  verdictReason?: string;
  verdictDetails?: unknown;
  rps?: number;
  p95Ms?: number;
  failureRatio?: number;
  requests?: number;
  /** Kubernetes runs: where the pods live. */
  placement?: KubernetesPlacement;
  /** The version of the script the run ran. */
  scriptVersion?: string;
  /** Set when a LoadTestShape decides users and duration. */
  shape?: RunShape;
  warnings?: RunWarning[];
  /** When retention dropped the raw samples (ISO time); rollups remain. */
  rawDroppedAt?: string;
  /** The plan run that started it, if a plan did. */
  planRunId?: string;
}

/** Limits the monitor holds for the whole run. */
/** @public */
export interface MonitorLimits {
  /** The most users the run may have, and the setting that says so. */
  maxUsers: number;
  maxUsersSetting: string;
  /** Base URL patterns the run's clients and sockets may reach (the target allowlist). */
  allowedTargets: string[];
}

/** What an executor needs to start one run. */
export interface ExecutorRunSpec {
  run: RunRow;
  /** Where the monitor posts snapshots. */
  webhookUrl: string;
  /** Per-run webhook secret, handed to the monitor only. */
  secret: string;
  intervalSeconds: number;
  /** Limits the monitor holds for the whole run. */
  limits: MonitorLimits;
}

/** A process-level change of one node. */
export interface NodeEvent {
  name: string;
  role: NodeRole;
  /** `ready` from an executor does not replace what the engine reports. */
  state: NodeState;
  pid?: number;
  host?: string;
  exitCode?: number;
  message?: string;
  /** Kubernetes: the pod behind the node, its phase (or why it is stuck), restarts. */
  pod?: string;
  phase?: string;
  restarts?: number;
  readyAt?: string;
}

/**
 * Why an executor stops a run: a user's cancel, the backend shutting down, or the run
 * going past its time limit and grace.
 */
export type StopReason = 'cancel' | 'shutdown' | 'limit';

/** How the master ended. */
export interface ExecutorExit {
  exitCode?: number;
  signal?: string;
  /** Set when the executor itself stopped the run. */
  stoppedBy?: StopReason;
  /** Human-readable reason when the run could not complete. */
  error?: string;
}

/** Callbacks through which an executor reports what its processes or pods do. */
export interface ExecutorListener {
  onNodes(runId: string, nodes: NodeEvent[]): void;
  /** The master and all workers were started. */
  onRunning(runId: string): void;
  /** The master ended and every node of the run is gone. */
  onExit(runId: string, exit: ExecutorExit): void;
  /** Where a run's pods live (Kubernetes); later calls update it. */
  onPlacement(runId: string, placement: KubernetesPlacement): void;
}

/** The only code that starts or stops load generators. */
export interface Executor {
  readonly name: ExecutorName;
  start(spec: ExecutorRunSpec, listener: ExecutorListener): Promise<void>;
  /**
   * Asks the run to stop: Locust gets SIGTERM and time to send its final statistics.
   * `monitorLive`: the master's monitor delivered lately, so it learns of a cancel from
   * the webhook's answer and stops Locust itself.
   */
  stop(
    runId: string,
    reason: StopReason,
    options?: { monitorLive?: boolean },
  ): Promise<void>;
  readLog(
    runId: string,
    node: string,
    options: { offset?: number; tail?: number; limit?: number },
  ): Promise<LogChunk>;
  /** Removes leftovers of a run the backend lost track of. */
  sweep(runId: string): Promise<void>;
  /** Stops every run this executor started, or lets go of runs that outlive the backend. */
  shutdown(): Promise<void>;
  /**
   * Field errors for parameters this executor cannot run, or the platform does not
   * let runs of the entity have.
   */
  validate?(
    params: RunParameters,
    context?: { entityRef?: string },
  ): FieldError[];
  /** Follows a run again after a backend restart; false when it is gone. */
  resume?(run: RunRow, listener: ExecutorListener): Promise<boolean>;
  /** Removes what runs that are not active left behind; returns how many. */
  sweepAll?(isActive: (runId: string) => Promise<boolean>): Promise<number>;
  /**
   * Deletes what the backend keeps of a finished run outside its database (script,
   * logs, Locust's CSV), when retention deletes the run. Nothing left is no error.
   */
  deleteRunFiles?(run: RunRow): Promise<void>;
  /** Base URL the run's monitor posts to, when not the backend's own. */
  readonly webhookBaseUrl?: string;
  /**
   * Seconds a run may go past its duration before the backend stops it: its start-up
   * (pods being scheduled), Locust's stop timeout and the final snapshot.
   */
  limitGraceSeconds(run: RunRow): number;
  /**
   * What the run dialog needs to know of this executor (choices the platform allows),
   * served under the executor's name in the backend's settings.
   */
  settings?(): Record<string, unknown>;
  /** How often `sweepAll` runs, when sooner than every 10 minutes. */
  readonly sweepIntervalMinutes?: number;
}
