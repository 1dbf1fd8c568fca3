import { createApiRef } from '@backstage/core-plugin-api';
import {
  CreateRunRequest,
  LoadTestingSettings,
  LogChunk,
  Page,
  ReportPatch,
  RunReport,
  Run,
  RunError,
  RunException,
  RunNode,
  RunPrometheus,
  RunResources,
  RunSeries,
  RunSummaryRow,
  RunTotals,
  Scenario,
  ScenarioSourceState,
  ScenarioSummary,
  ScenarioInput,
  RunComparison,
  ScenarioBaseline,
  ScenarioTrend,
  SetBaselineRequest,
  Plan,
  PlanInput,
  PlanRun,
  PlanRunSummary,
  Approval,
  ApprovalDecision,
  ApprovalState,
  QuotaUsage,
} from '@internal/plugin-load-testing-common';

/** What GET /runs/:id/export writes: HTML report, Locust's CSV, JSON, JUnit XML. @public */
export type RunExportFormat = 'html' | 'csv' | 'json' | 'junit';

/** An exported file of a run: its contents and the name the backend gave it. @public */
export interface RunExportFile {
  fileName: string;
  blob: Blob;
}

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
  /** The load generators' CPU and memory over the run, or a window of it (epoch ms). */
  getResources(
    runId: string,
    query?: { from?: number; to?: number; points?: number },
  ): Promise<RunResources>;
  /** The target's own metrics over the run, from its entity's Prometheus query. */
  getPrometheus(
    runId: string,
    window?: { from: number; to: number },
  ): Promise<RunPrometheus>;
  /** The report of a run: conclusions, status, linked issues, tags, archive. */
  getReport(runId: string): Promise<RunReport>;
  updateReport(runId: string, patch: ReportPatch): Promise<RunReport>;
  /** Saves a new version of the conclusions (markdown). */
  addReportConclusions(runId: string, body: string): Promise<RunReport>;
  addReportIssue(
    runId: string,
    issue: { url: string; title: string },
  ): Promise<RunReport>;
  removeReportIssue(runId: string, issueId: string): Promise<RunReport>;
  /** Compares 2 to 4 runs against the first. */
  compareRuns(runIds: string[]): Promise<RunComparison>;
  /** Makes a completed run its scenario's baseline. */
  setBaseline(
    scenarioId: string,
    request: SetBaselineRequest,
  ): Promise<ScenarioBaseline>;
  clearBaseline(scenarioId: string): Promise<void>;
  /** The scenario's completed runs, oldest first. */
  getTrend(scenarioId: string, limit?: number): Promise<ScenarioTrend>;
  /** A file of a finished run, fetched with the user's token, to save. */
  exportRun(runId: string, format: RunExportFormat): Promise<RunExportFile>;
  /** The entity's plans, with their next fire and last plan run. */
  listPlans(entityRef: string): Promise<Plan[]>;
  getPlan(planId: string): Promise<Plan>;
  createPlan(input: PlanInput): Promise<Plan>;
  updatePlan(planId: string, input: PlanInput): Promise<Plan>;
  deletePlan(planId: string): Promise<void>;
  /** Fires the plan now, as its schedule would. */
  runPlan(planId: string): Promise<PlanRun>;
  /** The plan's runs, newest first. */
  listPlanRuns(
    planId: string,
    page?: { offset?: number; limit?: number },
  ): Promise<Page<PlanRunSummary>>;
  getPlanRun(planRunId: string): Promise<PlanRun>;
  cancelPlanRun(planRunId: string): Promise<PlanRun>;
  /**
   * Without an entity: the approvals the user may decide. With one: that entity's.
   */
  listApprovals(query?: {
    state?: ApprovalState;
    entityRef?: string;
  }): Promise<Approval[]>;
  getApproval(approvalId: string): Promise<Approval>;
  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
  ): Promise<Approval>;
  /** The entity's and its owning group's CPU-core-hour budgets, and their use. */
  getQuotas(entityRef: string): Promise<QuotaUsage[]>;
}

/** @public */
export const loadTestingApiRef = createApiRef<LoadTestingApi>({
  id: 'plugin.load-testing.service',
});
