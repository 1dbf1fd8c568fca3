import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateRunRequest,
  LoadTestingSettings,
  LogChunk,
  Page,
  Run,
  RunError,
  RunException,
  RunNode,
  RunSeries,
  RunSummaryRow,
  RunTotals,
  Scenario,
  ScenarioSourceState,
  ScenarioSummary,
  ScenarioInput,
} from '@internal/plugin-load-testing-common';

/** Query of GET /runs/:id/series. @public */
export interface SeriesQuery {
  /** Percentile keys such as `p50`, `p99.9`. */
  percentiles?: string[];
  /** `METHOD name` of one endpoint; all endpoints when absent. */
  endpoint?: string;
  /** Maximum number of points. */
  points?: number;
  /** A time window, epoch ms. */
  from?: number;
  to?: number;
}

/** Where to read a node's log from: a byte offset, or the last `tail` bytes. @public */
export type LogQuery = { offset: number } | { tail: number };

/** Client of the load-testing backend. @public */
export interface LoadTestingApi {
  getSettings(): Promise<LoadTestingSettings>;
  listScenarios(entityRef: string): Promise<ScenarioSummary[]>;
  /** How the entity's scenarios were last read from its repository; null if never. */
  getScenarioSource(entityRef: string): Promise<ScenarioSourceState | null>;
  /** Reads the entity's scenarios from its repository now. */
  syncScenarioSource(entityRef: string): Promise<ScenarioSourceState>;
  getScenario(scenarioId: string): Promise<Scenario>;
  createScenario(input: ScenarioInput): Promise<Scenario>;
  updateScenario(scenarioId: string, input: ScenarioInput): Promise<Scenario>;
  deleteScenario(scenarioId: string): Promise<void>;
  createRun(request: CreateRunRequest): Promise<Run>;
  listRuns(query: {
    entityRef?: string;
    scenarioId?: string;
    offset?: number;
    limit?: number;
  }): Promise<Page<RunSummaryRow>>;
  getRun(runId: string): Promise<Run>;
  cancelRun(runId: string): Promise<Run>;
  getSeries(runId: string, query?: SeriesQuery): Promise<RunSeries>;
  /** The run's endpoint table, or a time window's (epoch ms). */
  getEndpoints(
    runId: string,
    window?: { from: number; to: number },
  ): Promise<RunTotals | null>;
  getErrors(
    runId: string,
  ): Promise<{ errors: RunError[]; exceptions: RunException[] }>;
  getNodes(runId: string): Promise<RunNode[]>;
  getLog(runId: string, node: string, query: LogQuery): Promise<LogChunk>;
}

/** @public */
export const loadTestingApiRef = createApiRef<LoadTestingApi>({
  id: 'plugin.load-testing.service',
});
