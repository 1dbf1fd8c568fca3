/**
 * Overhead of the portal: RPS of a run started through the backend (monitor loaded,
 * samples ingested) ÷ RPS of the same Locust command run by hand, same locustfile,
 * users, workers and target, measured side by side in ABBA order.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/overhead.ts
 *
 * Env: LOCUST_BIN (required), BENCH_SECONDS (default 20), BENCH_USERS (default 20),
 * BENCH_WORKERS (default 2).
 */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startLoadTestingBackend } from '../plugins/load-testing-backend/src/__testUtils__/startBackend';
import { freePort } from '../plugins/load-testing-backend/src/executors/local/processes';

const LOCUST = process.env.LOCUST_BIN!;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);

const SCRIPT = `
from locust import FastHttpUser, task

class Reader(FastHttpUser):
    @task(3)
    def item(self):
        self.client.get("/api/items/7", name="/api/items/[id]")

    @task(1)
    def health(self):
        self.client.get("/health")
`;

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise(resolve => child.on('exit', () => resolve()));
}

async function byHand(dir: string, host: string): Promise<number> {
  const script = path.join(dir, 'locustfile.py');
  const port = await freePort();
  const log = path.join(dir, `by-hand-${Date.now()}.log`);
  const out = fs.openSync(log, 'w');
  const master = spawn(
    LOCUST,
    [
      '-f',
      script,
      '--master',
      '--headless',
      '--master-bind-host',
      '127.0.0.1',
      '--master-bind-port',
      String(port),
      '--expect-workers',
      String(WORKERS),
      '-u',
      String(USERS),
      '-r',
      String(USERS),
      '-t',
      `${SECONDS}s`,
      '--host',
      host,
      '--only-summary',
    ],
    { stdio: ['ignore', out, out] },
  );
  const workers = Array.from({ length: WORKERS }, () =>
    spawn(
      LOCUST,
      [
        '-f',
        script,
        '--worker',
        '--master-host',
        '127.0.0.1',
        '--master-port',
        String(port),
      ],
      {
        stdio: 'ignore',
      },
    ),
  );
  await Promise.all([waitExit(master), ...workers.map(waitExit)]);
  fs.closeSync(out);
  return rpsFromLog(fs.readFileSync(log, 'utf8'));
}

function rpsFromLog(log: string): number {
  const line = log
    .split('\n')
    .reverse()
    .find(l => /^\s+Aggregated\s+\d+/.test(l) && l.includes('|'));
  if (!line) throw new Error('no Aggregated line in the Locust summary');
  // "Aggregated  N  F(p%) | avg min max med | req/s failures/s"
  const fields = line.split('|')[2].trim().split(/\s+/);
  return Number(fields[0]);
}

async function main() {
  if (!LOCUST) throw new Error('Set LOCUST_BIN to Locust from PyPI');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-overhead-'));
  fs.writeFileSync(path.join(dir, 'locustfile.py'), SCRIPT);
  const targetPort = await freePort();
  const target = spawn(
    process.execPath,
    [require.resolve('dev-target/server.js'), '--port', String(targetPort)],
    {
      stdio: 'ignore',
    },
  );
  await new Promise(r => setTimeout(r, 500));
  const host = `http://127.0.0.1:${targetPort}`;

  const backend = await startLoadTestingBackend({
    loadTesting: {
      executors: {
        local: { enabled: true, locustCommand: LOCUST, workDir: dir },
      },
      webhook: { signingKey: 'bench' },
      targets: { allow: ['http://127.0.0.1:*'] },
    },
  });
  const base = `http://127.0.0.1:${backend.server.port()}/api/load-testing`;
  const json = async (p: string, body?: object) =>
    (
      await fetch(
        base + p,
        body
          ? {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            }
          : undefined,
      )
    ).json();
  const scenario = await json('/scenarios', {
    entityRef: 'component:default/shop-api',
    name: `overhead-${Date.now()}`,
    script: SCRIPT,
    parameters: {
      users: USERS,
      spawnRate: USERS,
      duration: SECONDS,
      workers: WORKERS,
      host,
    },
  });

  async function viaPortal(): Promise<number> {
    const run = await json('/runs', { scenarioId: scenario.id });
    for (;;) {
      await new Promise(r => setTimeout(r, 1000));
      const r = await json(`/runs/${run.id}`);
      if (['succeeded', 'failed', 'cancelled', 'lost'].includes(r.status)) {
        if (r.status !== 'succeeded')
          throw new Error(`portal run ${r.status}: ${r.statusReason}`);
        // the master's own summary for this run, the same figure the by-hand run reports
        const log = fs.readFileSync(
          path.join(dir, 'runs', run.id, 'logs', 'master.log'),
          'utf8',
        );
        const locustRps = rpsFromLog(log);
        const ours = r.totals.total.rps;
        if (Math.abs(ours - locustRps) > 0.01 * locustRps) {
          throw new Error(
            `portal RPS ${ours} differs from the master's ${locustRps}`,
          );
        }
        return locustRps;
      }
    }
  }

  const hand: number[] = [];
  const portal: number[] = [];
  // ABBA: drift of the machine during the benchmark cancels out
  hand.push(await byHand(dir, host));
  portal.push(await viaPortal());
  portal.push(await viaPortal());
  hand.push(await byHand(dir, host));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `overhead by hand   RPS: ${hand.map(x => x.toFixed(1)).join(', ')} (mean ${mean(hand).toFixed(1)})`,
  );
  console.log(
    `overhead via portal RPS: ${portal.map(x => x.toFixed(1)).join(', ')} (mean ${mean(portal).toFixed(1)})`,
  );
  console.log(
    `overhead ratio portal/by-hand: ${(mean(portal) / mean(hand)).toFixed(3)} ` +
      `(${USERS} users, ${WORKERS} workers, ${SECONDS} s each, target ${host})`,
  );
  await backend.stop();
  target.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
