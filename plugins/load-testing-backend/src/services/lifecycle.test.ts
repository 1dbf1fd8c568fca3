import { spawn } from 'child_process';
import fs from 'fs';
import knexFactory from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { findProcesses } from '../executors/local/processes';
import { startLoadTestingBackend } from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

// runs survive in a SQLite file across backends; the load generator is a process that
// just stays up, so the lifecycle is exercised without load
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-lifecycle-'));
const idle = path.join(dir, 'idle.sh');
// no exec: the shell keeps Locust's arguments (the run folder) on its command line
fs.writeFileSync(idle, '#!/bin/sh\nsleep 120\n', { mode: 0o755 });
const database = {
  client: 'better-sqlite3',
  connection: { directory: path.join(dir, 'db') },
};
const api = (p: string) => `/api/load-testing${p}`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function startBackend() {
  return startLoadTestingBackend({
    database,
    loadTesting: {
      executors: {
        local: { enabled: true, locustCommand: idle, workDir: dir },
      },
      webhook: { signingKey: 'k' },
      targets: { allow: ['http://127.0.0.1:*'] },
    },
  });
}

async function startRun(server: any): Promise<string> {
  const scenario = await request(server)
    .post(api('/scenarios'))
    .send({
      entityRef: 'component:default/shop-api',
      name: `s-${Date.now()}`,
      script: 'from locust import HttpUser\nclass U(HttpUser): pass\n',
      parameters: { host: 'http://127.0.0.1:7070', workers: 2 },
    });
  const run = await request(server)
    .post(api('/runs'))
    .send({ scenarioId: scenario.body.id });
  for (let i = 0; i < 50; i++) {
    if (
      (await request(server).get(api(`/runs/${run.body.id}`))).body.status ===
      'running'
    )
      break;
    await sleep(100);
  }
  return run.body.id;
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('stops its runs when the backend shuts down', async () => {
  const first = await startBackend();
  const runId = await startRun(first.server);
  // a shell forking its child briefly shows twice: wait for the three nodes
  let found = 0;
  for (let i = 0; i < 20 && found !== 3; i++) {
    await sleep(100);
    found = (await findProcesses(`/runs/${runId}/`)).length;
  }
  expect(found).toBe(3);
  await first.stop();
  expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(0);

  const second = await startBackend();
  const run = (await request(second.server).get(api(`/runs/${runId}`))).body;
  expect(run).toMatchObject({
    status: 'cancelled',
    statusReason: 'Stopped because the backend shut down',
  });
  await second.stop();
});

it('marks runs a dead backend left active as lost and removes their processes', async () => {
  const first = await startBackend();
  const runId = await startRun(first.server);
  await first.stop();

  // what a backend killed mid-run leaves: the run still `running`, a process still up
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, 'db', 'load-testing.sqlite') },
    useNullAsDefault: true,
  });
  await db('lt_runs')
    .where({ id: runId })
    .update({ status: 'running', finished_at: null });
  await db.destroy();
  const leftover = path.join(dir, 'runs', runId, 'leftover.sh');
  fs.writeFileSync(leftover, '#!/bin/sh\nsleep 120\n', { mode: 0o755 });
  const child = spawn('/bin/sh', [leftover], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  await sleep(200);
  expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(1);

  const second = await startBackend();
  const run = (await request(second.server).get(api(`/runs/${runId}`))).body;
  expect(run.status).toBe('lost');
  expect(run.statusReason).toMatch(
    /backend stopped while this run was running/,
  );
  await sleep(200);
  expect(await findProcesses(`/runs/${runId}/`)).toHaveLength(0);
  await second.stop();
});
