import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { loadTestingPlugin } from '../plugin';

/**
 * A backend with the Load Tests plugin, every permission allowed, and `loadTesting` as its
 * config. With `database` (`backend.database` config, e.g. a SQLite directory that outlives
 * the backend), on that database; else on the test backend's own in-memory one.
 */
export function startLoadTestingBackend(options: {
  loadTesting: object;
  database?: object;
}) {
  const { loadTesting, database } = options;
  return startTestBackend({
    features: [
      loadTestingPlugin,
      ...(database ? [databaseServiceFactory] : []),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: {
          ...(database ? { backend: { database } } : {}),
          loadTesting,
        } as JsonObject,
      }),
    ],
  });
}
