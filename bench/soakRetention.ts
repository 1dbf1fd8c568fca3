import { mockServices } from '@backstage/backend-test-utils';
import knexFactory from 'knex';
import fs from 'fs';
import path from 'path';
import { KnexStore } from '../plugins/load-testing-backend/src/database/KnexStore';
import { RetentionStore } from '../plugins/load-testing-backend/src/database/RetentionStore';
import { RetentionTask } from '../plugins/load-testing-backend/src/services/housekeeping/RetentionTask';
import { RollupService } from '../plugins/load-testing-backend/src/services/RollupService';

/**
 * One retention pass on the soak backend's database with a raw-sample age of zero, as
 * the scheduler runs it once runs are past their age; returns how many runs it dropped.
 */
export async function dropRawNow(
  label: string,
  database: any,
): Promise<number> {
  const knex =
    label === 'sqlite'
      ? knexFactory({
          client: 'better-sqlite3',
          connection: {
            filename: path.join(
              database.connection.directory,
              fs
                .readdirSync(database.connection.directory)
                .find(
                  f => f.endsWith('.sqlite') && f.includes('load-testing'),
                )!,
            ),
          },
          useNullAsDefault: true,
        })
      : knexFactory({
          client: 'pg',
          connection: (() => {
            const url = new URL(database.connection);
            url.pathname = `/${database.prefix}load-testing`;
            return url.toString();
          })(),
        });
  try {
    const store = new KnexStore(knex);
    const logger = mockServices.rootLogger({ level: 'warn' });
    const task = new RetentionTask({
      config: {
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 30 } },
        rawSamples: { seconds: 0 },
        runs: false,
      },
      store,
      retention: new RetentionStore(knex),
      rollups: new RollupService({ store, logger }),
      executors: new Map(),
      logger,
    });
    const pass = await task.runOnce(Date.now() + 1000);
    return pass.rawDropped;
  } finally {
    await knex.destroy();
  }
}
