import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  LoadTestingApi,
  LogQuery,
  RunExportFile,
  RunExportFormat,
  SeriesQuery,
} from './LoadTestingApi';

type Query = Record<string, string | number | undefined>;

/** Talks to `/api/load-testing` with the signed-in user's token. @public */
export class LoadTestingClient implements LoadTestingApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown; query?: Query } = {},
  ): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('load-testing');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(init.query ?? {})) {
      if (v !== undefined && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${base}${path}${qs ? `?${qs}` : ''}`,
      {
        method: init.method ?? 'GET',
        headers:
          init.body === undefined
            ? undefined
            : { 'Content-Type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      },
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  getSettings(): Promise<LoadTestingSettings> {
    return this.request('/settings');
  }

  async listScenarios(entityRef: string): Promise<ScenarioSummary[]> {
    const body = await this.request<{ items: Scenario[] }>('/scenarios', {
      query: { entityRef },
    });
    return body.items;
  }

  async getScenarioSource(
    entityRef: string,
  ): Promise<ScenarioSourceState | null> {
    const body = await this.request<{ source: ScenarioSourceState | null }>(
      '/scenario-sources',
      { query: { entityRef } },
    );
    return body.source;
  }

  async syncScenarioSource(entityRef: string): Promise<ScenarioSourceState> {
    const body = await this.request<{ source: ScenarioSourceState }>(
      '/scenario-sources/sync',
      { method: 'POST', body: { entityRef } },
    );
    return body.source;
  }

  getScenario(scenarioId: string): Promise<Scenario> {
    return this.request(`/scenarios/${encodeURIComponent(scenarioId)}`);
  }

  createScenario(input: ScenarioInput): Promise<Scenario> {
    return this.request('/scenarios', { method: 'POST', body: input });
  }

  updateScenario(scenarioId: string, input: ScenarioInput): Promise<Scenario> {
    return this.request(`/scenarios/${encodeURIComponent(scenarioId)}`, {
      method: 'PUT',
      body: input,
    });
  }

  async deleteScenario(scenarioId: string): Promise<void> {
    await this.request(`/scenarios/${encodeURIComponent(scenarioId)}`, {
      method: 'DELETE',
    });
  }

  createRun(request: CreateRunRequest): Promise<Run> {
    return this.request('/runs', { method: 'POST', body: request });
  }

  listRuns(query: {
    entityRef?: string;
    scenarioId?: string;
    offset?: number;
    limit?: number;
  }): Promise<Page<RunSummaryRow>> {
    return this.request('/runs', { query });
  }

  getRun(runId: string): Promise<Run> {
    return this.request(`/runs/${encodeURIComponent(runId)}`);
  }

  cancelRun(runId: string): Promise<Run> {
    return this.request(`/runs/${encodeURIComponent(runId)}/cancel`, {
      method: 'POST',
    });
  }

  getSeries(runId: string, query: SeriesQuery = {}): Promise<RunSeries> {
    return this.request(`/runs/${encodeURIComponent(runId)}/series`, {
      query: {
        percentiles: query.percentiles?.join(','),
        endpoint: query.endpoint,
        points: query.points,
        from: query.from,
        to: query.to,
      },
    });
  }

  async getEndpoints(
    runId: string,
    window?: { from: number; to: number },
  ): Promise<RunTotals | null> {
    const body = await this.request<{ totals: RunTotals | null }>(
      `/runs/${encodeURIComponent(runId)}/endpoints`,
      window ? { query: { from: window.from, to: window.to } } : undefined,
    );
    return body.totals;
  }

  getErrors(
    runId: string,
  ): Promise<{ errors: RunError[]; exceptions: RunException[] }> {
    return this.request(`/runs/${encodeURIComponent(runId)}/errors`);
  }

  async getNodes(runId: string): Promise<RunNode[]> {
    const body = await this.request<{ items: RunNode[] }>(
      `/runs/${encodeURIComponent(runId)}/nodes`,
    );
    return body.items;
  }

  getLog(runId: string, node: string, query: LogQuery): Promise<LogChunk> {
    return this.request(
      `/runs/${encodeURIComponent(runId)}/logs/${encodeURIComponent(node)}`,
      {
        query:
          'offset' in query ? { offset: query.offset } : { tail: query.tail },
      },
    );
  }

  getResources(
    runId: string,
    query: { from?: number; to?: number; points?: number } = {},
  ): Promise<RunResources> {
    return this.request(`/runs/${encodeURIComponent(runId)}/resources`, {
      query,
    });
  }

  getPrometheus(
    runId: string,
    window?: { from: number; to: number },
  ): Promise<RunPrometheus> {
    return this.request(
      `/runs/${encodeURIComponent(runId)}/prometheus`,
      window ? { query: { from: window.from, to: window.to } } : undefined,
    );
  }

  getReport(runId: string): Promise<RunReport> {
    return this.request(`/runs/${encodeURIComponent(runId)}/report`);
  }

  updateReport(runId: string, patch: ReportPatch): Promise<RunReport> {
    return this.request(`/runs/${encodeURIComponent(runId)}/report`, {
      method: 'PATCH',
      body: patch,
    });
  }

  addReportConclusions(runId: string, body: string): Promise<RunReport> {
    return this.request(
      `/runs/${encodeURIComponent(runId)}/report/conclusions`,
      { method: 'POST', body: { body } },
    );
  }

  addReportIssue(
    runId: string,
    issue: { url: string; title: string },
  ): Promise<RunReport> {
    return this.request(`/runs/${encodeURIComponent(runId)}/report/issues`, {
      method: 'POST',
      body: issue,
    });
  }

  removeReportIssue(runId: string, issueId: string): Promise<RunReport> {
    return this.request(
      `/runs/${encodeURIComponent(runId)}/report/issues/${encodeURIComponent(
        issueId,
      )}`,
      { method: 'DELETE' },
    );
  }

  compareRuns(runIds: string[]): Promise<RunComparison> {
    return this.request('/compare', { query: { runs: runIds.join(',') } });
  }

  async setBaseline(
    scenarioId: string,
    request: SetBaselineRequest,
  ): Promise<ScenarioBaseline> {
    const body = await this.request<{ baseline: ScenarioBaseline }>(
      `/scenarios/${encodeURIComponent(scenarioId)}/baseline`,
      { method: 'PUT', body: request },
    );
    return body.baseline;
  }

  clearBaseline(scenarioId: string): Promise<void> {
    return this.request(
      `/scenarios/${encodeURIComponent(scenarioId)}/baseline`,
      { method: 'DELETE' },
    );
  }

  getTrend(scenarioId: string, limit?: number): Promise<ScenarioTrend> {
    return this.request(`/scenarios/${encodeURIComponent(scenarioId)}/trend`, {
      query: { limit },
    });
  }

  async listPlans(entityRef: string): Promise<Plan[]> {
    const body = await this.request<{ items: Plan[] }>('/plans', {
      query: { entityRef },
    });
    return body.items;
  }

  getPlan(planId: string): Promise<Plan> {
    return this.request(`/plans/${encodeURIComponent(planId)}`);
  }

  createPlan(input: PlanInput): Promise<Plan> {
    return this.request('/plans', { method: 'POST', body: input });
  }

  updatePlan(planId: string, input: PlanInput): Promise<Plan> {
    return this.request(`/plans/${encodeURIComponent(planId)}`, {
      method: 'PUT',
      body: input,
    });
  }

  async deletePlan(planId: string): Promise<void> {
    await this.request(`/plans/${encodeURIComponent(planId)}`, {
      method: 'DELETE',
    });
  }

  runPlan(planId: string): Promise<PlanRun> {
    return this.request(`/plans/${encodeURIComponent(planId)}/run`, {
      method: 'POST',
    });
  }

  listPlanRuns(
    planId: string,
    page: { offset?: number; limit?: number } = {},
  ): Promise<Page<PlanRunSummary>> {
    return this.request(`/plans/${encodeURIComponent(planId)}/runs`, {
      query: page,
    });
  }

  getPlanRun(planRunId: string): Promise<PlanRun> {
    return this.request(`/plan-runs/${encodeURIComponent(planRunId)}`);
  }

  cancelPlanRun(planRunId: string): Promise<PlanRun> {
    return this.request(`/plan-runs/${encodeURIComponent(planRunId)}/cancel`, {
      method: 'POST',
    });
  }

  async listApprovals(
    query: { state?: ApprovalState; entityRef?: string } = {},
  ): Promise<Approval[]> {
    const body = await this.request<{ items: Approval[] }>('/approvals', {
      query,
    });
    return body.items;
  }

  getApproval(approvalId: string): Promise<Approval> {
    return this.request(`/approvals/${encodeURIComponent(approvalId)}`);
  }

  decideApproval(
    approvalId: string,
    decision: ApprovalDecision,
  ): Promise<Approval> {
    return this.request(
      `/approvals/${encodeURIComponent(approvalId)}/decision`,
      { method: 'POST', body: decision },
    );
  }

  async getQuotas(entityRef: string): Promise<QuotaUsage[]> {
    const body = await this.request<{ items: QuotaUsage[] }>('/quotas', {
      query: { entityRef },
    });
    return body.items;
  }

  async exportRun(
    runId: string,
    format: RunExportFormat,
  ): Promise<RunExportFile> {
    const base = await this.discoveryApi.getBaseUrl('load-testing');
    const response = await this.fetchApi.fetch(
      `${base}/runs/${encodeURIComponent(runId)}/export?format=${encodeURIComponent(
        format,
      )}`,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename="([^"]+)"/.exec(disposition)?.[1];
    const ext = format === 'junit' ? 'xml' : format;
    return {
      fileName: named ?? `run-${runId.slice(0, 8)}.${ext}`,
      blob: await response.blob(),
    };
  }
}
