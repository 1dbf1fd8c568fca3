/**
 * Ingest benchmark: signed monitor snapshots with 30 endpoints each, posted to the
 * webhook of a real backend (SQLite file, then PostgreSQL when configured) by a load
 * generator in its own thread. Prints snapshots/s and latency percentiles.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/ingest.ts
 *
 * Env: BENCH_INGEST_COUNT (default 12000), BENCH_INGEST_CONCURRENCY (default 16),
 * BENCH_INGEST_RUNS (default 20),
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING for the PostgreSQL pass.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Worker } from 'worker_threads';
import { startLoadTestingBackend } from '../plugins/load-testing-backend/src/__testUtils__/startBackend';
import { WebhookSigner } from '../plugins/load-testing-backend/src/services/signatures';
import { bucketResponseTime } from '@internal/plugin-load-testing-common';

const COUNT = Number(process.env.BENCH_INGEST_COUNT ?? 12000);
const CONCURRENCY = Number(process.env.BENCH_INGEST_CONCURRENCY ?? 16);
const ENDPOINTS = 30;
// snapshots come from many runs at once, as they would at this rate
const RUNS = Number(process.env.BENCH_INGEST_RUNS ?? 20);
const KEY = 'bench-key';

function histogram(seed: number) {
  const h: Record<string, number> = {};
  for (let i = 0; i < 200; i++) {
    const ms = ((i * 7919 + seed * 104729) % 1000) / (i % 10 === 0 ? 1 : 8);
    const b = String(bucketResponseTime(ms));
    h[b] = (h[b] ?? 0) + 1;
  }
  return h;
}

function snapshot(seq: number) {
  const ts = 1_800_000_000 + seq * 5;
  const entries = Array.from({ length: ENDPOINTS }, (_, i) => ({
    method: i % 3 ? 'GET' : 'POST',
    name: `/api/resource-${i}/[id]`,
    numRequests: seq * 200,
    numFailures: seq,
    numNoneRequests: 0,
    totalResponseTime: seq * 200 * 40,
    minResponseTime: 1,
    maxResponseTime: 990,
    totalContentLength: seq * 200 * 512,
    totalRps: 40,
    totalFailPerSec: 0.2,
    delta: {
      requests: 200,
      failures: 1,
      totalResponseTime: 8000,
      histogram: histogram(seq + i),
    },
  }));
  // what the monitor sends: the seconds that changed since its previous snapshot
  const seconds = (n: number) =>
    Array.from(
      { length: 8 },
      (_, k) => [ts - 8 + k, n, 0] as [number, number, number],
    );
  const perSecond: Record<string, Array<[number, number, number]>> = {
    '': seconds(1200),
  };
  for (const e of entries) perSecond[`${e.method} ${e.name}`] = seconds(40);
  const total = { ...entries[0], method: '', name: 'Aggregated' };
  // as the monitor sends it: the stored form serialized once, histograms only there
  // (and in the total's delta)
  const stored = (e: (typeof entries)[number]) => ({
    r: e.delta.requests,
    f: e.delta.failures,
    t: e.delta.totalResponseTime,
    h: e.delta.histogram,
  });
  const sample: Record<string, object> = { '': stored(total) };
  for (const e of entries) sample[`${e.method} ${e.name}`] = stored(e);
  return {
    seq,
    ts,
    final: false,
    state: 'running',
    userCount: 100,
    entries: entries.map(e => ({
      ...e,
      delta: { ...e.delta, histogram: undefined },
    })),
    total,
    sample: JSON.stringify(sample),
    perSecond,
    errors: [
      {
        method: 'GET',
        name: '/api/resource-1/[id]',
        error: 'HTTPError(500)',
        occurrences: seq,
      },
    ],
    exceptions: [],
    workers: Array.from({ length: 4 }, (_, w) => ({
      id: `w${w}`,
      node: `worker-${w + 1}`,
      state: 'running',
      cpuPercent: 50 + (seq % 7),
      memoryBytes: 60e6,
      userCount: 25,
    })),
    master: { cpuPercent: 5, memoryBytes: 50e6 },
  };
}

const GENERATOR = `
const { parentPort, workerData } = require('worker_threads');
const http = require('http');
const crypto = require('crypto');
const { port, paths, bodies, secrets, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = [];
let next = 0, errors = 0;
const started = process.hrtime.bigint();
function send() {
  if (next >= bodies.length) return Promise.resolve();
  const i = next++;
  const body = bodies[i];
  const run = i % paths.length;
  const path = paths[run];
  const t = Math.floor(Date.now() / 1000);
  const sig = crypto.createHmac('sha256', secrets[run]).update(t + '.').update(body).digest('hex');
  const t0 = process.hrtime.bigint();
  return new Promise(resolve => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
                 'x-load-testing-signature': 't=' + t + ',v1=' + sig } }, res => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 201) errors++;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  }).then(send);
}
Promise.all(Array.from({ length: concurrency }, send)).then(() => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  parentPort.postMessage({ latencies, seconds, errors });
});
`;

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function benchOn(label: string, database: object) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-ingest-'));
  const fakeLocust = path.join(workDir, 'idle.sh');
  fs.writeFileSync(fakeLocust, '#!/bin/sh\nexec sleep 600\n', { mode: 0o755 });
  const backend = await startLoadTestingBackend({
    database,
    loadTesting: {
      limits: { maxConcurrentRunsPerEntity: RUNS },
      executors: {
        local: { enabled: true, locustCommand: fakeLocust, workDir },
      },
      webhook: { signingKey: KEY, toleranceSeconds: 3600 },
      targets: { allow: ['http://127.0.0.1:*'] },
    },
  });
  const port = backend.server.port();
  const base = `http://127.0.0.1:${port}/api/load-testing`;
  const post = async (p: string, body: object) =>
    (
      await fetch(base + p, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json();
  const scenario = await post('/scenarios', {
    entityRef: 'component:default/shop-api',
    name: `bench-${Date.now()}`,
    script: 'from locust import HttpUser\nclass U(HttpUser): pass\n',
    parameters: { host: 'http://127.0.0.1:1' },
  });
  const runs: Array<{ id: string }> = [];
  for (let r = 0; r < RUNS; r++)
    runs.push(await post('/runs', { scenarioId: scenario.id }));
  await new Promise(r => setTimeout(r, 1000));

  // snapshot i belongs to run i % RUNS, whose seq counts up from 1
  const bodies = Array.from({ length: COUNT }, (_, i) =>
    JSON.stringify(snapshot(Math.floor(i / RUNS) + 1)),
  );
  const result = await new Promise<{
    latencies: number[];
    seconds: number;
    errors: number;
  }>((resolve, reject) => {
    const worker = new Worker(GENERATOR, {
      eval: true,
      workerData: {
        port,
        paths: runs.map(r => `/api/load-testing/webhooks/runs/${r.id}`),
        bodies,
        secrets: runs.map(r => new WebhookSigner(KEY).secretFor(r.id)),
        concurrency: CONCURRENCY,
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const sorted = result.latencies.sort((a, b) => a - b);
  console.log(
    `ingest ${label.padEnd(10)} ${COUNT} snapshots × ${ENDPOINTS} endpoints (${(bodies[0].length / 1024).toFixed(1)} KiB each) from ${RUNS} runs, concurrency ${CONCURRENCY}: ` +
      `${(COUNT / result.seconds).toFixed(0)} snapshots/s, p50 ${pct(sorted, 0.5).toFixed(1)} ms, ` +
      `p99 ${pct(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, errors ${result.errors}`,
  );
  for (const r of runs)
    await fetch(`${base}/runs/${r.id}/cancel`, { method: 'POST' });
  await backend.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}

async function main() {
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-bench-sqlite-'));
  await benchOn('sqlite', {
    client: 'better-sqlite3',
    connection: { directory: sqliteDir },
  });
  fs.rmSync(sqliteDir, { recursive: true, force: true });
  const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (pg) {
    await benchOn('postgresql', {
      client: 'pg',
      connection: pg,
      prefix: `lt_bench_${Date.now()}_`,
    });
  } else {
    console.log(
      'ingest postgresql skipped: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
    );
  }
}

main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
