/**
 * @jest-environment node
 */
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PlanInput } from '@internal/plugin-load-testing-common';
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
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

const input: PlanInput = {
  entityRef: 'component:default/shop-api',
  name: 'Nightly',
  groups: [{ steps: [{ scenarioId: 'sc-1', parameters: { users: 5 } }] }],
  stopOnFailure: true,
  schedule: { cron: '0 2 * * 1-5', timezone: 'Europe/Paris' },
  overlap: 'skip',
  enabled: true,
};

describe('LoadTestingClient plans', () => {
  it('lists the plans of an entity', async () => {
    server.use(
      http.get(`${base}/plans`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('entityRef')).toBe(
          input.entityRef,
        );
        return HttpResponse.json({ items: [{ id: 'p-1', name: 'Nightly' }] });
      }),
    );
    await expect(client().listPlans(input.entityRef)).resolves.toEqual([
      { id: 'p-1', name: 'Nightly' },
    ]);
  });

  it('creates, updates, runs and deletes a plan', async () => {
    const seen: string[] = [];
    server.use(
      http.post(`${base}/plans`, async ({ request }) => {
        seen.push(`POST ${JSON.stringify(await request.json())}`);
        return HttpResponse.json({ ...input, id: 'p/1' }, { status: 201 });
      }),
      http.put(`${base}/plans/:id`, async ({ params, request }) => {
        const body = (await request.json()) as PlanInput;
        seen.push(`PUT ${params.id} ${body.enabled}`);
        return HttpResponse.json({ ...body, id: params.id });
      }),
      http.post(`${base}/plans/:id/run`, ({ params }) => {
        seen.push(`RUN ${params.id}`);
        return HttpResponse.json({ id: 'pr-1', planId: params.id, steps: [] });
      }),
      http.delete(`${base}/plans/:id`, ({ params }) => {
        seen.push(`DELETE ${params.id}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const created = await client().createPlan(input);
    expect(created.id).toBe('p/1');
    await client().updatePlan('p/1', { ...input, enabled: false });
    const planRun = await client().runPlan('p/1');
    expect(planRun.id).toBe('pr-1');
    await expect(client().deletePlan('p/1')).resolves.toBeUndefined();
    expect(seen).toEqual([
      `POST ${JSON.stringify(input)}`,
      'PUT p/1 false',
      'RUN p/1',
      'DELETE p/1',
    ]);
  });

  it('pages plan runs and reads and cancels one', async () => {
    server.use(
      http.get(`${base}/plans/p-1/runs`, ({ request }) => {
        const q = new URL(request.url).searchParams;
        return HttpResponse.json({
          items: [],
          totalCount: 0,
          offset: Number(q.get('offset')),
          limit: Number(q.get('limit')),
        });
      }),
      http.get(`${base}/plan-runs/pr-1`, () =>
        HttpResponse.json({ id: 'pr-1', status: 'running', steps: [] }),
      ),
      http.post(`${base}/plan-runs/pr-1/cancel`, () =>
        HttpResponse.json({ id: 'pr-1', status: 'cancelled', steps: [] }),
      ),
    );
    await expect(
      client().listPlanRuns('p-1', { offset: 20, limit: 10 }),
    ).resolves.toMatchObject({ offset: 20, limit: 10 });
    expect((await client().getPlanRun('pr-1')).status).toBe('running');
    expect((await client().cancelPlanRun('pr-1')).status).toBe('cancelled');
  });

  it('turns a 400 on a plan into per-field messages', async () => {
    server.use(
      http.post(`${base}/plans`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'schedule.cron is not a valid cron expression',
              fields: [
                {
                  field: 'schedule.cron',
                  message: 'is not a valid cron expression',
                },
              ],
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await client()
      .createPlan(input)
      .catch(e => e);
    expect(toApiProblem(error).fields).toEqual({
      'schedule.cron': 'is not a valid cron expression',
    });
  });
});
