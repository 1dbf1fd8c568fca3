import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  api,
  cancelRun,
  sleepingLocust,
  startLoadTestingBackend,
  startRun,
  testComponent,
  TEST_SCRIPT,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

const ENTITY = 'component:default/shop-api';

// a stand-in for the locust executable that stays up: runs stay `running` until stopped
const locust = sleepingLocust('lt-reports-');

const shopApi = testComponent('shop-api');
shopApi.metadata.annotations = {
  'github.com/project-slug': 'example/shop-api',
  'jira/project-key': 'SHOP',
};

const config = {
  app: { baseUrl: 'https://portal.example.com' },
  loadTesting: {
    executors: { local: locust.local },
    webhook: { signingKey: 'reports-test-key' },
    targets: { allow: ['http://127.0.0.1:*'] },
    reports: {
      jiraBaseUrl: 'https://jira.example.com/',
      jiraProjectIds: { SHOP: 10042 },
      jiraIssueTypeId: 1,
    },
  },
};

describe('report routes', () => {
  let server: any;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const user = mockCredentials.user.header('user:default/ann');
  const viewer = mockCredentials.user.header('user:default/viewer');
  let finished: string;
  let running: string;

  beforeAll(async () => {
    backend = await startLoadTestingBackend({
      ...config,
      entities: [shopApi, testComponent('checkout')],
      anonymousByDefault: true,
      // the viewer may read but write no report
      denied: (userRef, permission) =>
        userRef === 'user:default/viewer' &&
        permission !== 'load-testing.run.read',
    });
    server = backend.server;
    const scenario = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: ENTITY,
        name: 'checkout',
        script: TEST_SCRIPT,
        parameters: {
          host: 'http://127.0.0.1:7070',
          workers: 1,
          users: 7,
          env: { API_TOKEN: 'secret-value' },
        },
      });
    if (scenario.status !== 201)
      throw new Error(`scenario: ${JSON.stringify(scenario.body)}`);
    finished = await startRun(server, scenario.body.id, user);
    running = await startRun(server, scenario.body.id, user);
    // the first run is stopped and ends `cancelled`: a finished run
    await cancelRun(server, finished, user);
  });

  afterAll(async () => {
    await request(server)
      .post(api(`/runs/${running}/cancel`))
      .set('authorization', user);
    await backend.stop();
    locust.remove();
  });

  it('reads the empty report of any run, unfinished ones too', async () => {
    const res = await request(server)
      .get(api(`/runs/${running}/report`))
      .set('authorization', viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      runId: running,
      tags: [],
      archived: false,
      conclusionHistory: [],
      issues: [],
      fileIssueLinks: [],
    });
    expect(
      (
        await request(server)
          .get(api('/runs/00000000-0000-4000-8000-000000000999/report'))
          .set('authorization', user)
      ).status,
    ).toBe(404);
  });

  it('refuses to write the report of a run that has not finished with 409', async () => {
    for (const [method, route, body] of [
      ['patch', '/report', { status: 'accepted' }],
      ['post', '/report/conclusions', { body: 'too early' }],
      ['post', '/report/issues', { url: 'https://x.example/1', title: 't' }],
    ] as const) {
      const res = await request(server)
        [method](api(`/runs/${running}${route}`))
        .set('authorization', user)
        .send(body);
      expect([route, res.status]).toEqual([route, 409]);
      expect(res.body.error.message).toMatch(/once it has finished/);
    }
  });

  it('refuses writes without load-testing.report.update with 403', async () => {
    const res = await request(server)
      .post(api(`/runs/${finished}/report/conclusions`))
      .set('authorization', viewer)
      .send({ body: 'mine' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('load-testing.report.update');
    expect(
      (
        await request(server)
          .patch(api(`/runs/${finished}/report`))
          .set('authorization', viewer)
          .send({ archived: true })
      ).status,
    ).toBe(403);
  });

  it('keeps every version of the conclusions, status with its author, tags and archive', async () => {
    for (const body of [
      'First look: fine.',
      '- p95 doubled\n- pool exhausted',
    ]) {
      const res = await request(server)
        .post(api(`/runs/${finished}/report/conclusions`))
        .set('authorization', user)
        .send({ body });
      expect(res.status).toBe(201);
    }
    const patched = await request(server)
      .patch(api(`/runs/${finished}/report`))
      .set('authorization', user)
      .send({
        status: 'regression',
        tags: ['release:2.4', 'db/pool', 'db/pool'],
        archived: true,
      });
    expect(patched.status).toBe(200);
    const res = await request(server)
      .get(api(`/runs/${finished}/report`))
      .set('authorization', viewer);
    expect(res.body).toMatchObject({
      status: 'regression',
      statusSetBy: 'user:default/ann',
      tags: ['release:2.4', 'db/pool'],
      archived: true,
      conclusions: {
        body: '- p95 doubled\n- pool exhausted',
        author: 'user:default/ann',
      },
    });
    expect(res.body.conclusionHistory.map((c: any) => c.body)).toEqual([
      '- p95 doubled\n- pool exhausted',
      'First look: fine.',
    ]);
    expect(Date.parse(res.body.statusSetAt)).toBeGreaterThan(0);
    // null clears the status
    const cleared = await request(server)
      .patch(api(`/runs/${finished}/report`))
      .set('authorization', user)
      .send({ status: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.status).toBeUndefined();
    expect(cleared.body.archived).toBe(true);
  });

  it('links and unlinks issues', async () => {
    const added = await request(server)
      .post(api(`/runs/${finished}/report/issues`))
      .set('authorization', user)
      .send({
        url: 'https://github.com/example/shop-api/issues/7',
        title: 'p95 doubled on /cart',
      });
    expect(added.status).toBe(201);
    expect(added.body.issues).toEqual([
      expect.objectContaining({
        url: 'https://github.com/example/shop-api/issues/7',
        title: 'p95 doubled on /cart',
        addedBy: 'user:default/ann',
      }),
    ]);
    const id = added.body.issues[0].id;
    const removed = await request(server)
      .delete(api(`/runs/${finished}/report/issues/${id}`))
      .set('authorization', user);
    expect(removed.status).toBe(200);
    expect(removed.body.issues).toEqual([]);
    const again = await request(server)
      .delete(api(`/runs/${finished}/report/issues/${id}`))
      .set('authorization', user);
    expect(again.status).toBe(404);
  });

  it('answers 400 naming the field to bad input, never 500', async () => {
    const cases: Array<[string, string, unknown, string[]]> = [
      ['patch', '/report', { status: 'great' }, ['status']],
      ['patch', '/report', { tags: ['ok', 'has space'] }, ['tags.1']],
      ['patch', '/report', { tags: ['x'.repeat(41)] }, ['tags.0']],
      [
        'patch',
        '/report',
        { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        ['tags'],
      ],
      ['patch', '/report', { archived: 'yes' }, ['archived']],
      ['patch', '/report', { extra: 1 }, ['extra']],
      ['patch', '/report', {}, ['body']],
      ['post', '/report/conclusions', {}, ['body']],
      ['post', '/report/conclusions', { body: 'x'.repeat(100_001) }, ['body']],
      [
        'post',
        '/report/issues',
        // eslint-disable-next-line no-script-url
        { url: 'javascript:alert(1)', title: 'x' },
        ['url'],
      ],
      [
        'post',
        '/report/issues',
        { url: 'https://x.example/1', title: '' },
        ['title'],
      ],
      ['post', '/report/issues', { url: 'https://', title: 'x' }, ['url']],
    ];
    for (const [method, route, body, fields] of cases) {
      const res = await request(server)
        [method as 'patch' | 'post'](api(`/runs/${finished}${route}`))
        .set('authorization', user)
        .send(body as object);
      expect([route, body, res.status]).toEqual([route, body, 400]);
      expect(res.body.error.fields.map((f: any) => f.field).sort()).toEqual(
        fields,
      );
    }
    // multi-byte text past 100 kB is refused by its size in bytes
    const wide = await request(server)
      .post(api(`/runs/${finished}/report/conclusions`))
      .set('authorization', user)
      .send({ body: 'é'.repeat(60_000) });
    expect(wide.status).toBe(400);
    expect(wide.body.error.fields[0].field).toBe('body');
    const text = await request(server)
      .patch(api(`/runs/${finished}/report`))
      .set('authorization', user)
      .set('content-type', 'application/json')
      .send('{not json');
    expect(text.status).toBe(400);
  });

  it('shows the report status and a conclusions marker in the run history', async () => {
    await request(server)
      .patch(api(`/runs/${finished}/report`))
      .set('authorization', user)
      .send({ status: 'investigating' });
    const res = await request(server)
      .get(api(`/runs?entityRef=${ENTITY}`))
      .set('authorization', viewer);
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((r: any) => [r.id, r]));
    expect(byId.get(finished)).toMatchObject({
      reportStatus: 'investigating',
      hasConclusions: true,
    });
    expect(byId.get(running)).not.toHaveProperty('reportStatus');
  });

  it('offers GitHub and Jira links prefilled with the summary and a link back', async () => {
    const res = await request(server)
      .get(api(`/runs/${finished}/report`))
      .set('authorization', user);
    const links = res.body.fileIssueLinks as Array<{
      kind: string;
      url: string;
    }>;
    expect(links.map(l => l.kind)).toEqual(['github', 'jira']);
    const runUrl = `https://portal.example.com/catalog/default/component/shop-api/load-tests/runs/${finished}`;
    const github = new URL(links[0].url);
    expect(`${github.origin}${github.pathname}`).toBe(
      'https://github.com/example/shop-api/issues/new',
    );
    expect(github.searchParams.get('title')).toMatch(
      /^Load test checkout: cancelled/,
    );
    const body = github.searchParams.get('body')!;
    expect(body).toContain('scenario **checkout**');
    expect(body).toContain('- Users: 7');
    expect(body).toContain('- Host: http://127.0.0.1:7070');
    expect(body).toContain(`Run: ${runUrl}`);
    // environment variable names only: their values may be secrets
    expect(body).toContain('API_TOKEN');
    expect(body).not.toContain('secret-value');
    const jira = new URL(links[1].url);
    expect(`${jira.origin}${jira.pathname}`).toBe(
      'https://jira.example.com/secure/CreateIssueDetails!init.jspa',
    );
    expect(jira.searchParams.get('pid')).toBe('10042');
    expect(jira.searchParams.get('issuetype')).toBe('1');
    expect(jira.searchParams.get('summary')).toBe(
      github.searchParams.get('title'),
    );
    expect(jira.searchParams.get('description')).toContain(runUrl);
  });
});
