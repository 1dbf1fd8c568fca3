import fs from 'fs';
import http from 'http';
import path from 'path';
import { LOCUST, LocustHarness } from './__testUtils__/harness';
import { startTarget } from '../../__testUtils__/target';

// what a run's script can reach: the backend's secrets, hosts outside the allowlist

jest.setTimeout(240_000);

const describeIfLocust = LOCUST ? describe : describe.skip;
const CANARY = 'LT_TEST_BACKEND_SECRET_canary_8c1f';

/** A host outside the allowlist that counts what reaches it. */
async function outsider() {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.2', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.2:${port}`,
    hits: () => hits,
    close: () => new Promise(r => server.close(r)),
  };
}

describeIfLocust('what a run can reach (real Locust, local executor)', () => {
  const harness = new LocustHarness();
  let target: { url: string; close(): Promise<void> };
  let other: Awaited<ReturnType<typeof outsider>>;

  beforeAll(async () => {
    process.env[CANARY] = 'do-not-leak';
    target = await startTarget({ port: 0 });
    other = await outsider();
    await harness.start();
  });

  afterAll(async () => {
    delete process.env[CANARY];
    await harness.stop();
    await target?.close();
    await other?.close();
  });

  async function run(name: string, script: string) {
    const scenario = await harness.createScenario({
      name,
      script,
      parameters: {
        users: 2,
        spawnRate: 2,
        duration: 4,
        workers: 1,
        host: target.url,
      },
    });
    const r = await harness.waitForEnd(await harness.startRun(scenario));
    await harness.expectNoLocustLeft(r.id, 10_000);
    const log = (node: string) =>
      fs.readFileSync(
        path.join(harness.workDir, 'runs', r.id, 'logs', `${node}.log`),
        'utf8',
      );
    return { run: r, log };
  }

  it("gives scripts a minimal environment: none of the backend's, no signing key", async () => {
    const { run: r, log } = await run(
      'environ',
      `
import os
from locust import HttpUser, task, constant

print("ENVIRON", sorted(os.environ.items()), flush=True)

class U(HttpUser):
    wait_time = constant(1)

    @task
    def t(self):
        self.client.get("/api/items")
`,
    );
    expect(r.status).toBe('succeeded');
    for (const node of ['master', 'worker-1']) {
      const text = log(node);
      expect(text).toContain("'LT_RUN_ID'");
      expect(text).not.toContain(CANARY);
      expect(text).not.toMatch(/signing|LOCUST_BIN|npm_config/i);
      // the worker has no webhook secret; the master has its own run's only
      expect(text).not.toContain("'k'");
      expect(text).toContain(
        `'HOME', '${path.join(harness.workDir, 'runs', r.id, 'home')}'`,
      );
    }
  });

  it.each([
    ['HttpUser', 'HttpUser'],
    ['FastHttpUser', 'FastHttpUser'],
  ])(
    "keeps %s's requests and redirects, and the script's own sockets, inside the allowlist",
    async (_name, userClass) => {
      const before = other.hits();
      const { run: r } = await run(
        `guard-${userClass}`,
        `
import urllib.request
from locust import ${userClass}, task, constant

class U(${userClass}):
    wait_time = constant(0.5)

    @task
    def allowed(self):
        self.client.get("/api/items")

    @task
    def absolute(self):
        self.client.get("${other.url}/absolute", name="absolute")

    @task
    def redirected(self):
        self.client.get("/redirect?to=${encodeURIComponent(`${other.url}/redirected`)}", name="redirected")

    @task
    def raw(self):
        urllib.request.urlopen("${other.url}/raw", timeout=2).read()
`,
      );
      expect(other.hits()).toBe(before);
      const byName = new Map(
        [...r.totals!.endpoints].map(e => [e.name, e] as const),
      );
      expect(byName.get('/api/items')!.failures).toBe(0);
      for (const name of ['absolute', 'redirected']) {
        const e = byName.get(name)!;
        expect([name, e.requests > 0, e.failures]).toEqual([
          name,
          true,
          e.requests,
        ]);
      }
      const { errors, exceptions } = await harness.get(`/runs/${r.id}/errors`);
      expect(
        errors.some((e: any) =>
          e.error.includes(
            'is not an allowed target (loadTesting.targets.allow)',
          ),
        ),
      ).toBe(true);
      expect(exceptions[0].msg).toMatch(
        /127\.0\.0\.2:\d+ is not an allowed target/,
      );
      expect(r.verdict).toBe('fail');
    },
  );
});
