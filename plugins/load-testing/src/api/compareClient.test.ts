/**
 * @jest-environment node
 */
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { LoadTestingClient } from './LoadTestingClient';

const base = 'http://backstage.test/api/load-testing';
const server = setupServer();
registerMswTestHooks(server);

const client = () =>
  new LoadTestingClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
    },
    fetchApi: { fetch },
  });

describe('LoadTestingClient: comparisons, baselines, trends', () => {
  it('asks for a comparison of the runs in order', async () => {
    server.use(
      http.get(`${base}/compare`, ({ request }) =>
        HttpResponse.json({
          asked: new URL(request.url).searchParams.get('runs'),
        }),
      ),
    );
    await expect(client().compareRuns(['a', 'b', 'c'])).resolves.toEqual({
      asked: 'a,b,c',
    });
  });

  it('sets and clears a baseline', async () => {
    const calls: string[] = [];
    server.use(
      http.put(`${base}/scenarios/sc-1/baseline`, async ({ request }) => {
        calls.push(`PUT ${JSON.stringify(await request.json())}`);
        return HttpResponse.json({
          baseline: { runId: 'r1', marginPercent: 5 },
        });
      }),
      http.delete(`${base}/scenarios/sc-1/baseline`, () => {
        calls.push('DELETE');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await expect(
      client().setBaseline('sc-1', { runId: 'r1', marginPercent: 5 }),
    ).resolves.toEqual({ runId: 'r1', marginPercent: 5 });
    await expect(client().clearBaseline('sc-1')).resolves.toBeUndefined();
    expect(calls).toEqual(['PUT {"runId":"r1","marginPercent":5}', 'DELETE']);
  });

  it('reads a trend with its limit', async () => {
    server.use(
      http.get(`${base}/scenarios/sc-1/trend`, ({ request }) =>
        HttpResponse.json({
          scenarioId: 'sc-1',
          points: [],
          limit: new URL(request.url).searchParams.get('limit'),
        }),
      ),
    );
    await expect(client().getTrend('sc-1', 20)).resolves.toMatchObject({
      limit: '20',
    });
    await expect(client().getTrend('sc-1')).resolves.toMatchObject({
      limit: null,
    });
  });
});
