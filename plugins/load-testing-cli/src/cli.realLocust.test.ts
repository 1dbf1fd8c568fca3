import { execFile } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
// the backend's own test harness (real Locust, a backend on SQLite): test-only
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  LOCUST,
  LocustHarness,
} from '@internal/plugin-load-testing-backend/src/executors/local/__testUtils__/harness';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { startTarget } from '@internal/plugin-load-testing-backend/src/__testUtils__/target';

// the CI gate against a backend running real Locust: the command as CI runs it
// eslint-disable-next-line @typescript-eslint/no-var-requires

jest.setTimeout(180_000);
const describeIfLocust = LOCUST ? describe : describe.skip;
const BIN = path.resolve(__dirname, '../bin/load-testing');
const TOKEN = 'mock-service-token';
const ENTITY = 'component:default/shop-api';

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      execFile(
        BIN,
        args,
        { env: { ...process.env, ...env }, timeout: 120_000 },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr,
          }),
      );
    },
  );
}

/** Whether a file is well-formed XML, by Python's own parser. */
function wellFormed(file: string): Promise<string> {
  return new Promise(resolve =>
    execFile(
      process.env.LOCUST_PYTHON ?? 'python3',
      [
        '-c',
        'import sys, xml.etree.ElementTree as t; r = t.parse(sys.argv[1]).getroot(); print(r.tag, r.get("tests"), r.get("failures"), r.get("errors"))',
        file,
      ],
      (error, stdout, stderr) =>
        resolve(error ? `invalid: ${stderr}` : stdout.trim()),
    ),
  );
}

describeIfLocust('load-testing run (the CI gate)', () => {
  const harness = new LocustHarness();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  let target: { url: string; close(): Promise<void> };
  let url: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
    url = `http://127.0.0.1:${harness.server.port()}`;
    const script = (task: string) =>
      `from locust import HttpUser, task, constant\n\nclass U(HttpUser):\n    wait_time = constant(0.1)\n\n    @task\n    def t(self):\n        ${task}\n`;
    const parameters = {
      users: 2,
      spawnRate: 2,
      duration: 4,
      workers: 1,
      host: target.url,
    };
    for (const [name, task, thresholds] of [
      [
        'browse',
        'self.client.get("/api/items")',
        { percentiles: { p95: 5000 } },
      ],
      [
        'too slow',
        'self.client.get("/api/slow?ms=50")',
        { percentiles: { p95: 1 } },
      ],
      ['idle', 'pass', { percentiles: { p95: 5000 } }],
    ] as const) {
      ids[name] = await harness.createScenario({
        name,
        script: script(task),
        parameters,
        thresholds,
      });
    }
    // a plan: a passing step, then a failing one
    const res = await fetch(`${url}/api/load-testing/plans`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entityRef: ENTITY,
        name: 'release gate',
        groups: [
          { steps: [{ scenarioId: ids.browse }] },
          { steps: [{ scenarioId: ids['too slow'] }] },
        ],
        stopOnFailure: true,
        schedule: null,
        overlap: 'skip',
        enabled: true,
      }),
    });
    if (res.status !== 201)
      throw new Error(`Could not create the plan: ${await res.text()}`);
  });

  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  const run = (scenario: string, extra: string[] = []) =>
    cli(
      [
        'run',
        '--entity',
        ENTITY,
        '--scenario',
        scenario,
        '--wait',
        '--poll',
        '0.5',
        ...extra,
      ],
      {
        LOAD_TESTING_URL: url,
        LOAD_TESTING_TOKEN: TOKEN,
      },
    );

  it('exits 0 on pass, prints the endpoint table and the verdict, and writes valid JUnit', async () => {
    const junit = path.join(dir, 'pass.xml');
    const r = await run('browse', ['--junit', junit]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/GET\s+\/api\/items\s+[\d,]+\s+0/);
    expect(r.stdout).toMatch(/Aggregated/);
    expect(r.stdout).toContain('Verdict: PASS');
    expect(r.stdout).toMatch(
      /\/catalog\/default\/component\/shop-api\/load-tests\/runs\//,
    );
    expect(await wellFormed(junit)).toMatch(/^testsuites \d+ 0 0$/);
  });

  it('exits 1 on fail, the failed threshold in the JUnit file', async () => {
    const junit = path.join(dir, 'fail.xml');
    const r = await run('too slow', ['--junit', junit]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Verdict: FAIL');
    expect(await wellFormed(junit)).toMatch(/^testsuites \d+ 1 0$/);
    expect(fs.readFileSync(junit, 'utf8')).toMatch(
      /<failure type="threshold" message="p95 \d+ ms &gt; 1 ms"/,
    );
  });

  it('exits 2 when inconclusive, naming why', async () => {
    const junit = path.join(dir, 'inconclusive.xml');
    const r = await run('idle', ['--junit', junit]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Verdict: INCONCLUSIVE');
    expect(r.stdout).toContain('→ no requests were made');
    expect(await wellFormed(junit)).toMatch(/^testsuites \d+ 0 [1-9]\d*$/);
  });

  it('fires a plan, follows its steps, exits with its verdict and writes one suite per step', async () => {
    const junit = path.join(dir, 'plan.xml');
    const r = await cli(
      [
        'run',
        '--entity',
        ENTITY,
        '--plan',
        'Release Gate',
        '--wait',
        '--poll',
        '0.5',
        '--junit',
        junit,
      ],
      { LOAD_TESTING_URL: url, LOAD_TESTING_TOKEN: TOKEN },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /\/catalog\/default\/component\/shop-api\/load-tests\/plan-runs\//,
    );
    expect(r.stdout).toMatch(/1\.1 browse\s+succeeded\s+PASS/);
    expect(r.stdout).toMatch(/2\.1 too slow\s+succeeded\s+FAIL/);
    expect(r.stdout).toContain('Verdict: FAIL');
    expect(await wellFormed(junit)).toMatch(/^testsuites \d+ 1 0$/);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('name="plan.step" value="step 2.1"');

    const both = await cli(
      ['run', '-e', ENTITY, '-s', 'browse', '--plan', 'release gate'],
      { LOAD_TESTING_URL: url, LOAD_TESTING_TOKEN: TOKEN },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --scenario or --plan');
    const none = await cli(['run', '-e', ENTITY, '--plan', 'nightly'], {
      LOAD_TESTING_URL: url,
      LOAD_TESTING_TOKEN: TOKEN,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      `${ENTITY} has no plan "nightly"; it has: release gate`,
    );
  });

  it('names what is wrong: the token, the entity, the scenario, an unreachable backend', async () => {
    const wrongToken = await cli(['run', '-e', ENTITY, '-s', 'browse'], {
      LOAD_TESTING_URL: url,
      LOAD_TESTING_TOKEN: 'not-a-token',
    });
    expect(wrongToken.code).toBe(2);
    expect(wrongToken.stderr).toContain('refused the token (401)');

    const noEntity = await run('browse', [
      '--entity',
      'component:default/nowhere',
    ]);
    expect(noEntity.code).toBe(2);
    expect(noEntity.stderr).toContain(
      'component:default/nowhere is not in the catalog',
    );

    const noScenario = await run('checkout');
    expect(noScenario.code).toBe(2);
    expect(noScenario.stderr).toContain(
      `${ENTITY} has no scenario "checkout"; it has: browse, idle, too slow`,
    );

    // a port nothing listens on any more
    const closed = await new Promise<number>(resolve => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const down = await cli(['run', '-e', ENTITY, '-s', 'browse'], {
      LOAD_TESTING_URL: `http://127.0.0.1:${closed}`,
      LOAD_TESTING_TOKEN: TOKEN,
    });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(
      `could not reach http://127.0.0.1:${closed}: ECONNREFUSED`,
    );
  });
});
