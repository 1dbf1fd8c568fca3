/**
 * @jest-environment node
 */
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { LoadTestingClient } from './LoadTestingClient';
import { toApiProblem } from './problems';

const base = 'http://backstage.test/api/load-testing';
const server = setupServer();
registerMswTestHooks(server);

function client() {
  return new LoadTestingClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
    },
    // stands in for the app's fetchApi, which adds the user's token
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...(init?.headers as object), authorization: 'Bearer t' },
        }),
    },
  });
}

const validationError = {
  error: {
    name: 'InputError',
    message: 'parameters.users exceeds the limit of 500 users',
    fields: [
      { field: 'parameters.users', message: 'exceeds the limit of 500 users' },
      { field: 'parameters.host', message: 'is required' },
    ],
  },
  request: { method: 'POST', url: '/api/load-testing/runs' },
  response: { statusCode: 400 },
};

describe('LoadTestingClient', () => {
  it('lists the scenarios of an entity with the user token', async () => {
    server.use(
      http.get(`${base}/scenarios`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('entityRef')).toBe(
          'component:default/shop-api',
        );
        expect(request.headers.get('authorization')).toBe('Bearer t');
        return HttpResponse.json({ items: [{ id: 'sc-1', name: 'Browse' }] });
      }),
    );
    await expect(
      client().listScenarios('component:default/shop-api'),
    ).resolves.toEqual([{ id: 'sc-1', name: 'Browse' }]);
  });

  it('posts a run and turns a 400 into per-field messages', async () => {
    let body: unknown;
    server.use(
      http.post(`${base}/runs`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(validationError, { status: 400 });
      }),
    );
    const error = await client()
      .createRun({ scenarioId: 'sc-1', parameters: { users: 900 } })
      .catch(e => e);
    expect(body).toEqual({ scenarioId: 'sc-1', parameters: { users: 900 } });
    expect(toApiProblem(error)).toEqual({
      status: 400,
      message: 'parameters.users exceeds the limit of 500 users',
      fields: {
        'parameters.users': 'exceeds the limit of 500 users',
        'parameters.host': 'is required',
      },
    });
  });

  it('reads field errors sent as error.details', async () => {
    server.use(
      http.post(`${base}/runs`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'parameters.tolerations[0].effect must be one of …',
              details: [
                {
                  field: 'parameters.tolerations[0].effect',
                  message:
                    'must be one of NoSchedule, PreferNoSchedule, NoExecute',
                },
                { field: 'parameters.hostAliases[1].ip', message: 42 },
              ],
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const problem = toApiProblem(
      await client()
        .createRun({ scenarioId: 'sc-1' })
        .catch(e => e),
    );
    expect(problem.fields).toEqual({
      'parameters.tolerations[0].effect':
        'must be one of NoSchedule, PreferNoSchedule, NoExecute',
    });
  });

  it('keeps the message of a refusal without fields', async () => {
    server.use(
      http.post(`${base}/runs`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Target http://10.0.0.1 is not in the allowlist',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const problem = toApiProblem(
      await client()
        .createRun({ scenarioId: 'sc-1' })
        .catch(e => e),
    );
    expect(problem).toEqual({
      status: 403,
      message: 'Target http://10.0.0.1 is not in the allowlist',
      fields: {},
    });
  });

  it('asks for a series with percentiles, one endpoint and a point budget', async () => {
    server.use(
      http.get(`${base}/runs/run-1/series`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        expect(q.get('percentiles')).toBe('p50,p99.9');
        expect(q.get('endpoint')).toBe('GET /api/items');
        expect(q.get('points')).toBe('300');
        return HttpResponse.json({ runId: 'run-1', points: [], endpoints: [] });
      }),
    );
    await client().getSeries('run-1', {
      percentiles: ['p50', 'p99.9'],
      endpoint: 'GET /api/items',
      points: 300,
    });
  });

  it('reads a log by tail first, then by offset', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${base}/runs/run-1/logs/worker-2`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({
          node: 'worker-2',
          offset: 0,
          nextOffset: 5,
          size: 5,
          text: 'hello',
        });
      }),
    );
    await client().getLog('run-1', 'worker-2', { tail: 65536 });
    await client().getLog('run-1', 'worker-2', { offset: 5 });
    expect(seen).toEqual(['?tail=65536', '?offset=5']);
  });

  it('unwraps list envelopes and accepts an empty 204', async () => {
    server.use(
      http.get(`${base}/runs/run-1/nodes`, () =>
        HttpResponse.json({ items: [{ name: 'master' }] }),
      ),
      http.get(`${base}/runs/run-1/endpoints`, () =>
        HttpResponse.json({ totals: null }),
      ),
      http.delete(
        `${base}/scenarios/sc%201`,
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    await expect(client().getNodes('run-1')).resolves.toEqual([
      { name: 'master' },
    ]);
    await expect(client().getEndpoints('run-1')).resolves.toBeNull();
    await expect(client().deleteScenario('sc 1')).resolves.toBeUndefined();
  });

  it('reads and writes a run report on its routes', async () => {
    const seen: string[] = [];
    const report = { runId: 'run-1', tags: [], archived: false };
    const record = async (request: Request) => {
      const body = request.body ? await request.json() : undefined;
      seen.push(
        `${request.method} ${new URL(request.url).pathname.replace(
          '/api/load-testing',
          '',
        )} ${JSON.stringify(body)}`,
      );
      return HttpResponse.json(report);
    };
    server.use(
      http.get(`${base}/runs/run-1/report`, ({ request }) => record(request)),
      http.patch(`${base}/runs/run-1/report`, ({ request }) => record(request)),
      http.post(`${base}/runs/run-1/report/conclusions`, ({ request }) =>
        record(request),
      ),
      http.post(`${base}/runs/run-1/report/issues`, ({ request }) =>
        record(request),
      ),
      http.delete(`${base}/runs/run-1/report/issues/i%2F1`, ({ request }) =>
        record(request),
      ),
    );
    await expect(client().getReport('run-1')).resolves.toEqual(report);
    await client().updateReport('run-1', { status: null, tags: ['a'] });
    await client().addReportConclusions('run-1', '- one');
    await client().addReportIssue('run-1', { url: 'https://x/1', title: 't' });
    await client().removeReportIssue('run-1', 'i/1');
    expect(seen).toEqual([
      'GET /runs/run-1/report undefined',
      'PATCH /runs/run-1/report {"status":null,"tags":["a"]}',
      'POST /runs/run-1/report/conclusions {"body":"- one"}',
      'POST /runs/run-1/report/issues {"url":"https://x/1","title":"t"}',
      'DELETE /runs/run-1/report/issues/i%2F1 undefined',
    ]);
  });
});
