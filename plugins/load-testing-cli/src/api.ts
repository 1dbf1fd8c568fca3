import {
  Plan,
  PlanRun,
  Run,
  RunTotals,
  ScenarioSummary,
} from '@internal/plugin-load-testing-common';

/** A refusal of the API, or a backend that could not be reached. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the CI gate needs of the Load Tests API. */
export class LoadTestingApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/api/load-testing${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } })
        .cause;
      throw new ApiError(
        `could not reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      );
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      if (res.status === 401)
        throw new ApiError(
          `${this.baseUrl} refused the token (401): set LOAD_TESTING_TOKEN (or --token) to a Backstage static or service token`,
          401,
        );
      const fields = (json?.error?.fields ?? [])
        .map(
          (f: { field: string; message: string }) => `${f.field} ${f.message}`,
        )
        .join('; ');
      throw new ApiError(
        `${method} ${path} answered ${res.status}: ${fields || json?.error?.message || text.slice(0, 300)}`,
        res.status,
      );
    }
    return json as T;
  }

  async scenarios(entityRef: string): Promise<ScenarioSummary[]> {
    const q = encodeURIComponent(entityRef);
    return (
      await this.call<{ items: ScenarioSummary[] }>(
        'GET',
        `/scenarios?entityRef=${q}`,
      )
    ).items;
  }

  startRun(scenarioId: string, parameters?: object): Promise<Run> {
    return this.call('POST', '/runs', {
      scenarioId,
      ...(parameters ? { parameters } : {}),
    });
  }

  run(runId: string): Promise<Run> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}`);
  }

  async endpoints(runId: string): Promise<RunTotals | null> {
    return (
      await this.call<{ totals: RunTotals | null }>(
        'GET',
        `/runs/${encodeURIComponent(runId)}/endpoints`,
      )
    ).totals;
  }

  async plans(entityRef: string): Promise<Plan[]> {
    const q = encodeURIComponent(entityRef);
    return (await this.call<{ items: Plan[] }>('GET', `/plans?entityRef=${q}`))
      .items;
  }

  startPlan(planId: string): Promise<PlanRun> {
    return this.call('POST', `/plans/${encodeURIComponent(planId)}/run`);
  }

  planRun(planRunId: string): Promise<PlanRun> {
    return this.call('GET', `/plan-runs/${encodeURIComponent(planRunId)}`);
  }
}
