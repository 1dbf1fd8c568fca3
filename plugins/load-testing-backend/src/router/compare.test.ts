import request from 'supertest';
import {
  api,
  startLoadTestingBackend,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

const ENTITY = 'component:default/shop-api';
const RUN_A = '00000000-0000-4000-8000-00000000000a';
const RUN_B = '00000000-0000-4000-8000-00000000000b';

describe('compare, baseline and trend routes', () => {
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  let scenarioId: string;

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      loadTesting: {
        executors: { local: { enabled: true, locustCommand: '/bin/false' } },
        targets: { allow: ['http://127.0.0.1:*'] },
      },
    });
    const res = await request(backend.server)
      .post(api('/scenarios'))
      .send({
        entityRef: ENTITY,
        name: 'smoke',
        script: TEST_SCRIPT,
        parameters: { host: 'http://127.0.0.1:7070', executor: 'local' },
      });
    if (res.status !== 201)
      throw new Error(`Could not create the scenario: ${res.text}`);
    scenarioId = res.body.id;
  });

  afterAll(async () => {
    await backend.stop();
  });

  const fields = (res: request.Response) => res.body.error?.fields;

  it.each([
    ['', 'runs'],
    [`?runs=${RUN_A}`, 'runs'],
    [`?runs=${RUN_A},${RUN_B},a,b,c`, 'runs'],
    [`?runs=${RUN_A},../etc`, 'runs'],
    [`?runs=${RUN_A},${RUN_B}&extra=1`, 'extra'],
  ])('refuses GET /compare%s naming %s', async (query, field) => {
    const res = await request(backend.server).get(api(`/compare${query}`));
    expect(res.status).toBe(400);
    expect(fields(res).map((f: any) => f.field)).toContain(field);
  });

  it('says a run named twice or missing', async () => {
    const twice = await request(backend.server).get(
      api(`/compare?runs=${RUN_A},${RUN_A}`),
    );
    expect(twice.status).toBe(400);
    expect(fields(twice)).toEqual([
      { field: 'runs', message: 'must not name a run twice' },
    ]);
    const missing = await request(backend.server).get(
      api(`/compare?runs=${RUN_A},${RUN_B}`),
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`No run ${RUN_A}`);
  });

  it.each([
    [{}, 'runId'],
    [{ runId: RUN_A, marginPercent: -1 }, 'marginPercent'],
    [{ runId: RUN_A, marginPercent: 1001 }, 'marginPercent'],
    [{ runId: RUN_A, marginPercent: '10' }, 'marginPercent'],
    [{ runId: RUN_A, note: 'x' }, 'note'],
    [{ runId: 'a/b' }, 'runId'],
  ])('refuses the baseline body %j naming %s', async (body, field) => {
    const res = await request(backend.server)
      .put(api(`/scenarios/${scenarioId}/baseline`))
      .send(body);
    expect(res.status).toBe(400);
    expect(fields(res).map((f: any) => f.field)).toContain(field);
  });

  it('refuses a baseline run that does not exist, and a missing scenario', async () => {
    const res = await request(backend.server)
      .put(api(`/scenarios/${scenarioId}/baseline`))
      .send({ runId: RUN_A });
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual([
      { field: 'runId', message: `no run ${RUN_A}` },
    ]);
    const none = await request(backend.server)
      .put(api(`/scenarios/${RUN_B}/baseline`))
      .send({ runId: RUN_A });
    expect(none.status).toBe(404);
    const clear = await request(backend.server).delete(
      api(`/scenarios/${RUN_B}/baseline`),
    );
    expect(clear.status).toBe(404);
  });

  it('clears a baseline and gives an empty trend', async () => {
    const clear = await request(backend.server).delete(
      api(`/scenarios/${scenarioId}/baseline`),
    );
    expect(clear.status).toBe(204);
    const trend = await request(backend.server).get(
      api(`/scenarios/${scenarioId}/trend?limit=10`),
    );
    expect(trend.status).toBe(200);
    expect(trend.body).toEqual({ scenarioId, points: [] });
  });

  it.each(['0', '501', 'many'])('refuses a trend limit of %s', async limit => {
    const res = await request(backend.server).get(
      api(`/scenarios/${scenarioId}/trend?limit=${limit}`),
    );
    expect(res.status).toBe(400);
    expect(fields(res).map((f: any) => f.field)).toEqual(['limit']);
  });
});
