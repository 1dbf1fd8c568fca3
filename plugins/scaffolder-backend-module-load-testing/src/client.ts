import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Run,
  Scenario,
  ScenarioSummary,
} from '@internal/plugin-load-testing-common';

/** The Load Tests API, called on behalf of whoever runs the template. */
export class LoadTestingClient {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      credentials: BackstageCredentials;
    },
  ) {}

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const base = await this.deps.discovery.getBaseUrl('load-testing');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: this.deps.credentials,
      targetPluginId: 'load-testing',
    });
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) {
      const error = await ResponseError.fromResponse(res);
      const fields = (
        error.body.error as {
          fields?: Array<{ field: string; message: string }>;
        }
      ).fields;
      if (fields?.length)
        error.message = `${error.message}: ${fields.map(f => `${f.field} ${f.message}`).join('; ')}`;
      throw error;
    }
    return (res.status === 204 ? undefined : await res.json()) as T;
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

  createScenario(body: object): Promise<Scenario> {
    return this.call('POST', '/scenarios', body);
  }

  updateScenario(id: string, body: object): Promise<Scenario> {
    return this.call('PUT', `/scenarios/${encodeURIComponent(id)}`, body);
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
}

/** A page of the Load Tests tab of an entity, in the portal. */
export function tabUrl(
  appBaseUrl: string,
  entityRef: string,
  path: string,
): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const entity = [namespace, kind, name].map(encodeURIComponent).join('/');
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${entity}/load-tests${path}`;
}
