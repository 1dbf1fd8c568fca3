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

const client = new LoadTestingClient({
  discoveryApi: {
    getBaseUrl: async (id: string) => `http://backstage.test/api/${id}`,
  },
  // stands in for the app's fetchApi, which adds the user's token
  fetchApi: {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { authorization: 'Bearer t' } }),
  },
});

describe('LoadTestingClient.exportRun', () => {
  it("fetches the file with the user's token, named as the backend names it", async () => {
    server.use(
      http.get(`${base}/runs/r%2F1/export`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('format')).toBe('csv');
        expect(request.headers.get('authorization')).toBe('Bearer t');
        return new HttpResponse('Type,Name\r\n', {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition':
              'attachment; filename="shop-r1-20261201-0905.csv"',
          },
        });
      }),
    );
    const file = await client.exportRun('r/1', 'csv');
    expect(file.fileName).toBe('shop-r1-20261201-0905.csv');
    expect(await file.blob.text()).toBe('Type,Name\r\n');
  });

  it("turns the backend's refusal into its message", async () => {
    server.use(
      http.get(`${base}/runs/r2/export`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message:
                'Run r2 is running: it can be exported once it has finished',
            },
            request: { method: 'GET', url: '/runs/r2/export' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client.exportRun('r2', 'html').catch(e => e);
    expect(toApiProblem(error)).toMatchObject({
      status: 409,
      message: 'Run r2 is running: it can be exported once it has finished',
    });
  });
});
