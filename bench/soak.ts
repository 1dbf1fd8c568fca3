/**
 * Soak benchmark: runs of 1 h, 6 h and 24 h with 30 endpoints, synthesized as the
 * monitor sends them (a full snapshot every 5 s, a tick every second, signed) and
 * posted to the webhook of a real backend, on SQLite and then PostgreSQL. Prints the
 * ingest rate, storage per run-hour (with and without the raw samples), every read the
 * run page makes (min/median/max of 5), the time to finish the run, and the backend's
 * peak heap and RSS. Checks that the finished run's totals equal what was delivered.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/soak.ts
 *
 * Env: BENCH_SOAK_HOURS (default "1,6,24"), BENCH_SOAK_DATABASES (default
 * "sqlite,postgresql"), BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
 * BENCH_SOAK_SQLITE_DIR (keep the SQLite database there).
 * Exits 1 when a run's totals differ from its deliveries.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import v8 from 'v8';
import { Worker } from 'worker_threads';
import { startLoadTestingBackend } from '../plugins/load-testing-backend/src/__testUtils__/startBackend';
import { WebhookSigner } from '../plugins/load-testing-backend/src/services/signatures';
import { dropRawNow } from './soakRetention';

const HOURS = (process.env.BENCH_SOAK_HOURS ?? '1,6,24').split(',').map(Number);
const DATABASES = (process.env.BENCH_SOAK_DATABASES ?? 'sqlite,postgresql')
  .split(',')
  .map(s => s.trim());
const ENDPOINTS = 30;
const KEY = 'bench-key';

// The generator thread builds each delivery when it sends it: a 24 h run is 103,680
// deliveries, too many to hold. Every endpoint gets 8 requests a second, response times
// from a fixed cycle, so the expected totals are known.
const GENERATOR = `
const { parentPort, workerData } = require('worker_threads');
const http = require('http');
const crypto = require('crypto');
const { port, runPath, secret, startSecond, seconds, endpoints, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function bucket(ms) {
  if (ms < 100) return Math.round(ms);
  if (ms < 1000) return Math.round(ms / 10) * 10;
  return Math.round(ms / 100) * 100;
}
const names = Array.from({ length: endpoints }, (_, i) => [i % 3 ? 'GET' : 'POST', '/api/resource-' + i + '/[id]']);
const PER_SECOND = 8;
function delta(second, i) {
  const h = {};
  let t = 0;
  for (let s = second - 4; s <= second; s++)
    for (let k = 0; k < PER_SECOND; k++) {
      const ms = 5 + ((s * 31 + k * 17 + i * 7) % 400);
      const b = String(bucket(ms));
      h[b] = (h[b] || 0) + 1;
      t += ms;
    }
  return { requests: 5 * PER_SECOND, failures: (second % 50 === 0) ? 1 : 0, totalResponseTime: t, histogram: h };
}
// delivery n (0-based): second n of the run; every 5th is a full snapshot
function body(n, final) {
  const second = startSecond + n + 1;
  const seq = n + 1;
  const elapsed = n + 1;
  const per = {};
  const rows = [];
  for (let s = second - 2; s < second; s++) rows.push([s, PER_SECOND * endpoints, 0]);
  per[''] = rows;
  for (const [m, nm] of names) per[m + ' ' + nm] = rows.map(r => [r[0], PER_SECOND, 0]);
  const base = { seq, ts: second, final: !!final, state: final ? 'stopped' : 'running', userCount: 100, perSecond: per, errors: [], exceptions: [], workers: [], master: { cpuPercent: 5, memoryBytes: 5e7 } };
  if (!final && seq % 5 !== 0) return JSON.stringify({ ...base, kind: 'tick' });
  const sample = {};
  const entries = names.map(([m, nm], i) => {
    const d = delta(second, i);
    sample[m + ' ' + nm] = { r: d.requests, f: d.failures, t: d.totalResponseTime, h: d.histogram };
    return { method: m, name: nm, numRequests: elapsed * PER_SECOND, numFailures: Math.floor(elapsed / 50), numNoneRequests: 0,
      totalResponseTime: elapsed * PER_SECOND * 200, minResponseTime: 5, maxResponseTime: 404, totalContentLength: 0,
      totalRps: PER_SECOND, totalFailPerSec: 0, startTime: startSecond, lastRequestTimestamp: second,
      delta: { requests: d.requests, failures: d.failures, totalResponseTime: d.totalResponseTime } };
  });
  const th = {};
  let tt = 0, tf = 0;
  for (const k of Object.keys(sample)) {
    for (const [b, c] of Object.entries(sample[k].h)) th[b] = (th[b] || 0) + c;
    tt += sample[k].t; tf += sample[k].f;
  }
  sample[''] = { r: 5 * PER_SECOND * endpoints, f: tf, t: tt, h: th };
  const total = { ...entries[0], method: '', name: 'Aggregated', numRequests: elapsed * PER_SECOND * endpoints,
    numFailures: entries.reduce((n, e) => n + e.numFailures, 0), totalRps: PER_SECOND * endpoints,
    delta: { requests: 5 * PER_SECOND * endpoints, failures: tf, totalResponseTime: tt, histogram: th } };
  return JSON.stringify({ ...base, entries, total, sample: JSON.stringify(sample) });
}
function post(payload) {
  const t = Math.floor(Date.now() / 1000);
  const sig = crypto.createHmac('sha256', secret).update(t + '.').update(payload).digest('hex');
  return new Promise(resolve => {
    const req = http.request({ host: '127.0.0.1', port, path: runPath, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload),
                 'x-load-testing-signature': 't=' + t + ',v1=' + sig } }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}
let next = 0, errors = 0;
const started = Date.now();
async function send() {
  while (next < seconds) {
    const n = next++;
    const code = await post(body(n, false));
    if (code !== 201) errors++;
  }
}
parentPort.on('message', async m => {
  if (m === 'final') {
    const code = await post(body(seconds, true));
    parentPort.postMessage({ final: code });
  }
});
Promise.all(Array.from({ length: concurrency }, send)).then(() => {
  parentPort.postMessage({ seconds: (Date.now() - started) / 1000, errors });
});
`;

/** Per second of the run: 8 requests to each endpoint. */
const PER_SECOND = 8;

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return `${s[0].toFixed(0)}/${s[Math.floor(s.length / 2)].toFixed(0)}/${s[s.length - 1].toFixed(0)}`;
}

class Peak {
  heap = 0;
  rss = 0;
  private timer = setInterval(() => this.sample(), 100);
  sample() {
    this.heap = Math.max(this.heap, v8.getHeapStatistics().used_heap_size);
    this.rss = Math.max(this.rss, process.memoryUsage().rss);
  }
  stop() {
    clearInterval(this.timer);
  }
}

async function tableBytes(
  label: string,
  dir: string,
  pgUrl?: string,
  prefix?: string,
): Promise<Record<string, number>> {
  if (label === 'sqlite') {
    const Database = require('better-sqlite3');
    const file = fs
      .readdirSync(dir)
      .find(f => f.endsWith('.sqlite') && f.includes('load-testing'));
    const db = new Database(path.join(dir, file!), { readonly: true });
    const out: Record<string, number> = {};
    for (const t of ['lt_samples', 'lt_run_seconds', 'lt_run_rollups']) {
      try {
        out[t] = db
          .prepare(
            'select sum(pgsize) as n from dbstat where name = ? or name like ?',
          )
          .get(t, `sqlite_autoindex_${t}%`).n;
      } catch {
        out[t] = NaN;
      }
    }
    // each level's share of the rollups, by the bytes of its rows
    for (const r of db
      .prepare(
        'select resolution, sum(length(histogram) + length(endpoint) + 48) as n from lt_run_rollups group by resolution',
      )
      .all())
      out[`level ${r.resolution}`] = r.n;
    db.close();
    return out;
  }
  const { Client } = require('pg');
  const url = new URL(pgUrl!);
  url.pathname = `/${prefix}load-testing`;
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  const out: Record<string, number> = {};
  for (const t of ['lt_samples', 'lt_run_seconds', 'lt_run_rollups']) {
    // the rows as they stay: the space of rows replaced by folds is reused after a vacuum
    await c.query(`vacuum full ${t}`);
    const r = await c.query('select pg_total_relation_size($1) as n', [t]);
    out[t] = Number(r.rows[0].n);
  }
  const levels = await c.query(
    'select resolution, sum(pg_column_size(r.*)) as n from lt_run_rollups r group by resolution',
  );
  for (const r of levels.rows) out[`level ${r.resolution}`] = Number(r.n);
  await c.end();
  return out;
}

async function soak(label: string, database: any, hours: number) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-soak-'));
  const fakeLocust = path.join(workDir, 'idle.sh');
  fs.writeFileSync(fakeLocust, '#!/bin/sh\nexec sleep 100000\n', {
    mode: 0o755,
  });
  const backend = await startLoadTestingBackend({
    database,
    loadTesting: {
      executors: {
        local: { enabled: true, locustCommand: fakeLocust, workDir },
      },
      limits: { maxDurationSeconds: 30 * 3600 },
      webhook: { signingKey: KEY, toleranceSeconds: 3600 },
      targets: { allow: ['http://127.0.0.1:*'] },
    },
  });
  const port = backend.server.port();
  const base = `http://127.0.0.1:${port}/api/load-testing`;
  const call = async (p: string, body?: object) => {
    const res = await fetch(base + p, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json() as any;
  };
  const scenario = await call('/scenarios', {
    entityRef: 'component:default/shop-api',
    name: `soak-${Date.now()}`,
    script: 'from locust import HttpUser\nclass U(HttpUser): pass\n',
    parameters: {
      host: 'http://127.0.0.1:1',
      duration: hours * 3600 + 600,
    },
  });
  if (!scenario.id) throw new Error(`no scenario: ${JSON.stringify(scenario)}`);
  const run = await call('/runs', { scenarioId: scenario.id });
  if (!run.id) throw new Error(`no run: ${JSON.stringify(run)}`);
  for (let i = 0; i < 50; i++) {
    if ((await call(`/runs/${run.id}`)).status === 'running') break;
    await new Promise(r => setTimeout(r, 200));
  }
  const seconds = hours * 3600;
  const startSecond = Math.floor(Date.now() / 1000);
  const peak = new Peak();
  const worker = new Worker(GENERATOR, {
    eval: true,
    workerData: {
      port,
      runPath: `/api/load-testing/webhooks/runs/${run.id}`,
      secret: new WebhookSigner(KEY).secretFor(run.id),
      startSecond,
      seconds,
      endpoints: ENDPOINTS,
      concurrency: 8,
    },
  });
  const ingest = await new Promise<{ seconds: number; errors: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  // deliveries came faster than real time: what is not folded yet is folded by the first read
  const caughtUp = performance.now();
  await call(`/runs/${run.id}/endpoints`);
  const catchUpMs = performance.now() - caughtUp;
  // the reads of the run page while it is live, and of a one-hour window
  const lastMs = (startSecond + seconds) * 1000;
  const reads: Record<string, string> = {
    run: `/runs/${run.id}`,
    series: `/runs/${run.id}/series?points=300&percentiles=p50,p95,p99`,
    'series 1 endpoint 2000 points': `/runs/${run.id}/series?points=2000&percentiles=p50,p99.9&endpoint=${encodeURIComponent('GET /api/resource-1/[id]')}`,
    'series 1 h window': `/runs/${run.id}/series?points=300&from=${lastMs - 3600_000}&to=${lastMs}`,
    endpoints: `/runs/${run.id}/endpoints`,
    'endpoints 1 h window': `/runs/${run.id}/endpoints?from=${lastMs - 3600_000}&to=${lastMs}`,
    errors: `/runs/${run.id}/errors`,
    nodes: `/runs/${run.id}/nodes`,
  };
  const times: Record<string, number[]> = {};
  let maxPoints = 0;
  for (let i = 0; i < 5; i++) {
    for (const [name, p] of Object.entries(reads)) {
      const t0 = performance.now();
      const body = await call(p);
      (times[name] ??= []).push(performance.now() - t0);
      if (body.points) maxPoints = Math.max(maxPoints, body.points.length);
    }
  }
  // the final snapshot, then the end of the run
  const t0 = performance.now();
  await new Promise<void>(resolve => {
    worker.once('message', () => resolve());
    worker.postMessage('final');
  });
  await worker.terminate();
  await call(`/runs/${run.id}/cancel`, {});
  let done: any;
  for (;;) {
    done = await call(`/runs/${run.id}`);
    if (['cancelled', 'succeeded', 'failed'].includes(done.status)) break;
    await new Promise(r => setTimeout(r, 50));
  }
  const finishMs = performance.now() - t0;
  peak.sample();
  peak.stop();
  const bytes = await tableBytes(
    label,
    database.connection?.directory,
    database.connection,
    database.prefix,
  );
  const totals = done.totals?.total;
  // Locust's counter after the final snapshot, and the per-second counts the run's series adds up
  const expected = (seconds + 1) * PER_SECOND * ENDPOINTS;
  const series = await call(`/runs/${run.id}/series?points=300`);
  const counted = series.points.reduce(
    (n: number, p: any) => n + p.requests,
    0,
  );
  const sent = (seconds + 2) * PER_SECOND * ENDPOINTS;
  const ok = totals?.requests === expected && counted === sent;
  const mb = (n: number) => (n / 1e6 / hours).toFixed(2);
  const levelSum = [0, 10, 60, 600].reduce(
    (n, l) => n + (bytes[`level ${l}`] ?? 0),
    0,
  );
  const level = (...ls: number[]) =>
    mb(
      (bytes.lt_run_rollups *
        ls.reduce((n, l) => n + (bytes[`level ${l}`] ?? 0), 0)) /
        levelSum,
    );
  console.log(
    `soak ${label.padEnd(10)} ${String(hours).padStart(2)} h: ${seconds + 1} deliveries in ${ingest.seconds.toFixed(0)} s = ${((seconds + 1) / ingest.seconds).toFixed(0)}/s (${ingest.errors} refused); ` +
      `storage per run-hour: raw ${mb(bytes.lt_samples + bytes.lt_run_seconds)} MB + rollups ${mb(bytes.lt_run_rollups)} MB (10 s ${level(10)}, 1 min ${level(60)}, 10 min and whole run ${level(600, 0)}); ` +
      `first read folds the backlog of ${(catchUpMs / 1000).toFixed(1)} s; finish ${(finishMs / 1000).toFixed(2)} s; peak heap ${(peak.heap / 1e6).toFixed(0)} MB, RSS ${(peak.rss / 1e6).toFixed(0)} MB (with the generator thread)`,
  );
  console.log(
    `  reads min/median/max ms (≤ ${maxPoints} points): ${Object.entries(times)
      .map(([k, v]) => `${k} ${stats(v)}`)
      .join('; ')}`,
  );
  console.log(
    `  totals: ${totals?.requests} requests of ${expected} (Locust's counter), p95 ${totals?.percentiles?.p95} ms, status ${done.status}; the series counts ${counted} of ${sent} sent per second${ok ? '' : ' — MISMATCH'}`,
  );
  // retention as if the run were past its raw-sample age: what a run-hour keeps after it
  const dropped = await dropRawNow(label, database);
  const kept = await tableBytes(
    label,
    database.connection?.directory,
    database.connection,
    database.prefix,
  );
  const afterSeries = await call(`/runs/${run.id}/series?points=300`);
  const afterCounted = afterSeries.points.reduce(
    (n: number, p: any) => n + p.requests,
    0,
  );
  console.log(
    `  after retention (raw data of ${dropped} run dropped): raw ${mb(kept.lt_samples + kept.lt_run_seconds)} MB + rollups ${mb(kept.lt_run_rollups)} MB per run-hour, was ${mb(bytes.lt_samples + bytes.lt_run_seconds + bytes.lt_run_rollups)} MB; the series (${afterSeries.resolutionSeconds} s points) counts ${afterCounted} of ${sent}${afterCounted === counted ? '' : ' — MISMATCH'}`,
  );
  await backend.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
  return ok && dropped === 1 && afterCounted === counted;
}

async function main() {
  let ok = true;
  for (const label of DATABASES) {
    for (const hours of HOURS) {
      if (label === 'sqlite') {
        // BENCH_SOAK_SQLITE_DIR keeps the database, e.g. to open the runs in the dev portal
        const keep = process.env.BENCH_SOAK_SQLITE_DIR;
        if (keep) fs.mkdirSync(keep, { recursive: true });
        const dir =
          keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-sqlite-'));
        ok =
          (await soak(
            label,
            { client: 'better-sqlite3', connection: { directory: dir } },
            hours,
          )) && ok;
        if (!keep) fs.rmSync(dir, { recursive: true, force: true });
      } else {
        const pg =
          process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
        if (!pg) {
          console.log(
            'soak postgresql skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
          );
          break;
        }
        ok =
          (await soak(
            label,
            { client: 'pg', connection: pg, prefix: `lt_soak_${Date.now()}_` },
            hours,
          )) && ok;
      }
    }
  }
  return ok;
}

main().then(
  ok => process.exit(ok ? 0 : 1),
  e => {
    console.error(e);
    process.exit(1);
  },
);
