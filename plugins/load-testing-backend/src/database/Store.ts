import {
  NodeRole,
  NodeState,
  RunStatus,
  RunWarning,
  ScenarioSourceState,
  Scenario,
} from '@internal/plugin-load-testing-common';
import type { RunRow } from '@internal/plugin-load-testing-node';
import { RollupRow } from '../services/rollups';
import type { NodeSample } from './ResourceStore';

/** A stored scenario: the API's scenario without its last run. */
export type ScenarioRow = Omit<Scenario, 'lastRun'>;

export type { RunLiveState, RunRow } from '@internal/plugin-load-testing-node';

export interface RunStateRow {
  status: RunStatus;
  finalReceived: boolean;
  finishedAt?: string;
  /** Newest seq of a full snapshot in the live view. */
  liveSeq: number;
}

export type RunPatch = Partial<
  Omit<RunRow, 'id' | 'scenarioId' | 'entityRef' | 'createdAt' | 'createdBy'>
>;

export interface SampleRow {
  runId: string;
  seq: number;
  /** epoch ms */
  ts: number;
  userCount: number;
  /** per endpoint key: [requests, failures, totalResponseTime, histogram] */
  endpoints: Record<string, SampleEndpoint>;
  /** On writes: `endpoints` already serialized, stored as is. */
  endpointsJson?: string;
}

export interface SampleEndpoint {
  r: number;
  f: number;
  /** sum of response times, ms */
  t: number;
  /** sparse delta histogram */
  h: Record<string, number>;
}

export interface SecondRow {
  second: number;
  requests: number;
  failures: number;
  /** per endpoint key: [requests, failures] */
  endpoints: Record<string, [number, number]>;
}

export interface NodeRow {
  name: string;
  role: NodeRole;
  state: NodeState;
  pid?: number;
  host?: string;
  cpuPercent?: number;
  memoryBytes?: number;
  userCount?: number;
  exitCode?: number;
  message?: string;
  pod?: string;
  phase?: string;
  restarts?: number;
  readyAt?: string;
  updatedAt: string;
}

/** Everything one monitor snapshot changes. */
export interface SnapshotWrite {
  runId: string;
  sample: SampleRow;
  seconds: SecondRow[];
  run: RunPatch;
  nodes: NodeRow[];
  /** Every node's CPU, memory and users at the snapshot's time (lt_node_samples). */
  nodeSamples?: NodeSample[];
}

export interface ListRunsOptions {
  entityRef?: string;
  scenarioId?: string;
  statuses?: RunStatus[];
  offset?: number;
  limit?: number;
}

/** The only code that speaks SQL. */
export interface Store {
  createScenario(row: ScenarioRow): Promise<void>;
  getScenario(id: string): Promise<ScenarioRow | undefined>;
  listScenarios(entityRef: string): Promise<ScenarioRow[]>;
  /** How an entity's scenarios were last read from its repository, if ever. */
  getSourceState(entityRef: string): Promise<ScenarioSourceState | undefined>;
  /** Writes scenarios read from a repository and removes those it no longer lists, at once. */
  replaceSourceScenarios(
    rows: ScenarioRow[],
    removedIds: string[],
  ): Promise<void>;
  putSourceState(state: ScenarioSourceState): Promise<void>;
  updateScenario(id: string, patch: Partial<ScenarioRow>): Promise<void>;
  deleteScenario(id: string): Promise<void>;

  createRun(row: RunRow): Promise<void>;
  getRun(id: string): Promise<RunRow | undefined>;
  /** Only the status: cheap enough for every delivery's path. */
  getRunStatus(id: string): Promise<RunStatus | undefined>;
  /** Status and whether the final snapshot arrived, without the heavy columns. */
  getRunState(id: string): Promise<RunStateRow | undefined>;
  listRuns(
    options: ListRunsOptions,
  ): Promise<{ items: RunRow[]; totalCount: number }>;
  /** Latest run per scenario id. */
  latestRuns(scenarioIds: string[]): Promise<Map<string, RunRow>>;
  /**
   * Updates a run; when `onlyFrom` is given, only if its status is one of them.
   * Returns whether a row changed.
   */
  updateRun(
    id: string,
    patch: RunPatch,
    onlyFrom?: RunStatus[],
  ): Promise<boolean>;
  /** Adds a warning to a run, once per `code`. */
  addRunWarning(id: string, warning: RunWarning): Promise<void>;
  countRuns(options: {
    entityRef: string;
    statuses: RunStatus[];
  }): Promise<number>;

  /**
   * Applies snapshots in one transaction; for each, whether it was stored (false when
   * its (run, seq) already was). Writes of the same run are applied in seq order.
   */
  applySnapshots(writes: SnapshotWrite[]): Promise<boolean[]>;
  /** Samples in seq order, only those with `fromTs < ts ≤ toTs` (epoch ms) when given. */
  listSamples(
    runId: string,
    options?: { fromTs?: number; toTs?: number },
  ): Promise<SampleRow[]>;
  /** Per-second counts in order, only those with `from ≤ second < to` when given. */
  listSeconds(
    runId: string,
    options?: { from?: number; to?: number },
  ): Promise<SecondRow[]>;

  /** Epoch ms of a run's first and last sample, none when it has none. */
  getSampleSpan(
    runId: string,
  ): Promise<{ first: number; last: number } | undefined>;
  /** Samples not yet folded into the rollups, in seq order, at most `limit`. */
  listUnrolledSamples(runId: string, limit: number): Promise<SampleRow[]>;
  /** Per-second counts after `after` (all when null) up to `until`, at most `limit`. */
  listSecondsAfter(
    runId: string,
    after: number | null,
    until: number,
    limit: number,
  ): Promise<SecondRow[]>;
  /** The last epoch second whose counts are in the rollups, null when none are. */
  getRolledSecond(runId: string): Promise<number | null>;
  /**
   * Adds rollup deltas and marks what they came from as folded, at once. Returns false,
   * changing nothing, when another process folded any of it first.
   */
  addRollups(
    runId: string,
    fold: {
      rows: RollupRow[];
      sampleSeqs: number[];
      seconds?: { from: number | null; to: number };
    },
  ): Promise<boolean>;
  /** Rollups of one resolution and endpoint with `from ≤ bucket < to`, in order. */
  listRollups(
    runId: string,
    query: {
      resolution: number;
      endpoint?: string;
      from?: number;
      to?: number;
    },
  ): Promise<RollupRow[]>;

  upsertNodes(runId: string, nodes: NodeRow[]): Promise<void>;
  listNodes(runId: string): Promise<NodeRow[]>;
}
