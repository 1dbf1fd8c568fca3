import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { metricsServiceFactory } from '@backstage/backend-defaults/alpha';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fs from 'fs';
import knexFactory, { Knex } from 'knex';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '../..';
import { TEST_ENTITIES } from '../../__testUtils__/startBackend';
import { KnexStore } from '../../database/KnexStore';
import { RETENTION_TASK_ID } from './RetentionTask';
import {
  finishedRun,
  rowCounts,
  runId,
  storeRun,
} from './__testUtils__/retentionRuns';

jest.setTimeout(90_000);

const DAY = 24 * 3600;

function sqlite(file: string): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
  });
}

async function until<T>(fn: () => Promise<T | undefined>, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise(r => setTimeout(r, 200));
  }
}

describe('retention on the scheduler', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-retention-db-'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-retention-work-'));
  const file = path.join(dir, 'load-testing.sqlite');
  const DROP = runId(501);
  const DELETE = runId(502);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('registers a global task with the configured schedule, which drops and deletes', async () => {
    // a run finished 40 days ago and one finished 400 days ago, in the plugin's database
    const now = Math.floor(Date.now() / 1000);
    const before = sqlite(file);
    await KnexStore.migrate(before);
    const store = new KnexStore(before);
    await storeRun(store, finishedRun(DROP, now - 40 * DAY, 120), 120);
    await storeRun(store, finishedRun(DELETE, now - 400 * DAY, 60), 60);
    await before.destroy();
    fs.mkdirSync(path.join(workDir, 'runs', DELETE, 'logs'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(workDir, 'runs', DELETE, 'script.py'), 'x');

    const backend = await startTestBackend({
      features: [
        loadTestingBackend,
        databaseServiceFactory,
        schedulerServiceFactory,
        metricsServiceFactory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: TEST_ENTITIES }),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              database: {
                client: 'better-sqlite3',
                connection: { directory: dir },
              },
            },
            loadTesting: {
              executors: { local: { enabled: true, workDir } },
              retention: {
                schedule: {
                  frequency: { minutes: 30 },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 1 },
                },
                rawSamples: { days: 30 },
                runs: { days: 365 },
              },
            },
          },
        }),
      ],
    });
    try {
      const res = await request(backend.server).get(
        '/api/load-testing/.backstage/scheduler/v1/tasks',
      );
      expect(res.status).toBe(200);
      const task = res.body.tasks.find(
        (t: any) => t.taskId === RETENTION_TASK_ID,
      );
      expect(task).toMatchObject({
        pluginId: 'load-testing',
        scope: 'global',
        settings: {
          cadence: 'PT30M',
          initialDelayDuration: 'PT1S',
          timeoutAfterDuration: 'PT2M',
        },
      });

      const db = sqlite(file);
      try {
        const dropped = await until(async () => {
          const counts = await rowCounts(db, DROP);
          const gone = (await rowCounts(db, DELETE)).runs === 0;
          return counts.samples === 0 && gone ? counts : undefined;
        }, 45_000);
        expect(dropped).toMatchObject({
          runs: 1,
          samples: 0,
          seconds: 0,
          rollups10s: 0,
          rollups1min: 0,
          rollupsWhole: 3,
        });
        const row = await db('lt_runs').where({ id: DROP }).first();
        expect(row.raw_dropped_at).toBeTruthy();
        // files go after the rows
        expect(
          await until(
            async () =>
              fs.existsSync(path.join(workDir, 'runs', DELETE))
                ? undefined
                : true,
            15_000,
          ),
        ).toBe(true);
      } finally {
        await db.destroy();
      }
    } finally {
      await backend.stop();
    }
  });
});
