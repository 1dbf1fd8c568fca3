import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import request from 'supertest';
import crypto from 'crypto';
import {
  startLoadTestingBackend,
  testComponent,
} from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

/** A loopback "repository": serves files of a folder with ETags, answering 304 to a match. */
async function repository(dir: string) {
  const server = http.createServer((req, res) => {
    const file = path.join(
      dir,
      decodeURIComponent(new URL(req.url!, 'http://x').pathname),
    );
    if (
      !file.startsWith(dir) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    ) {
      res.writeHead(404).end();
      return;
    }
    const body = fs.readFileSync(file);
    const etag = `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { etag, 'content-type': 'text/plain' }).end(body);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { port, close: () => new Promise(r => server.close(r)) };
}

const SCRIPT = (path_: string) =>
  `from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("${path_}")\n`;

const DESCRIPTOR = (names: string[]) =>
  [
    'apiVersion: load-testing.dev/v1alpha1',
    'kind: Scenarios',
    'scenarios:',
    ...names.flatMap(n => [
      `  - name: ${n}`,
      `    description: ${n} from the repository`,
      `    script: ${n}.py`,
      '    parameters: { users: 5, duration: 30, host: http://127.0.0.1:7070 }',
      '    thresholds: { percentiles: { p95: 300 } }',
    ]),
    '',
  ].join('\n');

describe('scenarios kept in the entity repository (real UrlReader, loopback HTTP)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-repo-'));
  const repo = path.join(dir, 'loadtests');
  const entityRef = 'component:default/repo-service';
  let server: Awaited<ReturnType<typeof repository>>;
  let backend: Awaited<ReturnType<typeof startLoadTestingBackend>>;
  const api = (p: string) => `/api/load-testing${p}`;
  const write = (file: string, text: string) =>
    fs.writeFileSync(path.join(repo, file), text);

  beforeAll(async () => {
    fs.mkdirSync(repo);
    write('browse.py', SCRIPT('/api/items'));
    write('checkout.py', SCRIPT('/api/orders'));
    write('load-testing.yaml', DESCRIPTOR(['browse', 'checkout']));
    server = await repository(dir);
    const entity = testComponent('repo-service');
    entity.metadata.annotations = {
      'load-testing.dev/enabled': 'true',
      'load-testing.dev/scenarios': `url:http://127.0.0.1:${server.port}/loadtests/`,
    };
    backend = await startLoadTestingBackend({
      entities: [entity],
      backend: { reading: { allow: [{ host: `127.0.0.1:${server.port}` }] } },
      loadTesting: {
        executors: {
          local: { enabled: true, locustCommand: '/bin/true', workDir: dir },
        },
        targets: { allow: ['http://127.0.0.1:*'] },
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await server?.close();
  });

  const sync = async () =>
    (
      await request(backend.server)
        .post(api('/scenario-sources/sync'))
        .send({ entityRef })
    ).body.source;
  const scenarios = async () =>
    (
      await request(backend.server).get(
        api(`/scenarios?entityRef=${encodeURIComponent(entityRef)}`),
      )
    ).body.items;

  it('reads the scenarios, read-only in the portal, each with the version of its script', async () => {
    const state = await sync();
    expect(state).toMatchObject({
      entityRef,
      url: `http://127.0.0.1:${server.port}/loadtests/load-testing.yaml`,
    });
    expect(state.error).toBeUndefined();
    const items = await scenarios();
    expect(items.map((s: any) => s.name)).toEqual(['browse', 'checkout']);
    const browse = items[0];
    expect(browse.source).toEqual({
      url: `http://127.0.0.1:${server.port}/loadtests/browse.py`,
      descriptorUrl: state.url,
      version: expect.stringMatching(/^"[0-9a-f]{16}"$/),
    });
    const edit = await request(backend.server)
      .put(api(`/scenarios/${browse.id}`))
      .send({ name: 'browse', script: SCRIPT('/x') });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(
      /kept in the entity's repository: change it there/,
    );
    expect(
      (await request(backend.server).delete(api(`/scenarios/${browse.id}`)))
        .status,
    ).toBe(409);
    // a run records the version it ran
    const run = await request(backend.server)
      .post(api('/runs'))
      .send({ scenarioId: browse.id });
    expect(run.body.scriptVersion).toBe(browse.source.version);
  });

  it('follows a change of a script, and a scenario removed from the descriptor', async () => {
    const [before] = await scenarios();
    write('browse.py', SCRIPT('/api/items/7'));
    write('load-testing.yaml', DESCRIPTOR(['browse']));
    expect((await sync()).error).toBeUndefined();
    const items = await scenarios();
    expect(items.map((s: any) => s.name)).toEqual(['browse']);
    expect(items[0].id).toBe(before.id);
    expect(items[0].source.version).not.toBe(before.source.version);
    const full = (
      await request(backend.server).get(api(`/scenarios/${before.id}`))
    ).body;
    expect(full.script).toContain('/api/items/7');
  });

  it('keeps the last good scenarios when the descriptor or a script does not parse, and says why', async () => {
    const good = await scenarios();
    write('load-testing.yaml', 'scenarios: [');
    const broken = await sync();
    expect(broken.error).toMatch(/load-testing\.yaml is not valid YAML/);
    expect(broken.syncedAt).toBeDefined();
    expect(await scenarios()).toEqual(good);

    write('load-testing.yaml', DESCRIPTOR(['browse']));
    write(
      'browse.py',
      'from locust import HttpUser\nclass U(HttpUser)\n    pass\n',
    );
    const badScript = await sync();
    expect(badScript.error).toMatch(
      /scenarios\[0\] \(browse\): script is not valid Python: .*line 2/,
    );
    expect(await scenarios()).toEqual(good);
    // the state is on the API for the tab
    const shown = (
      await request(backend.server).get(
        api(`/scenario-sources?entityRef=${encodeURIComponent(entityRef)}`),
      )
    ).body.source;
    expect(shown.error).toBe(badScript.error);

    write('browse.py', SCRIPT('/api/items'));
    expect((await sync()).error).toBeUndefined();
  });
});
