import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import loadTestingBackend from '..';

/** A catalog component, as the tests' catalog holds them. */
export function testComponent(
  name: string,
  owner = 'group:default/team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/** The entities of the tests' catalog. */
export const TEST_ENTITIES: Entity[] = [
  testComponent('shop-api'),
  testComponent('checkout'),
];

/**
 * A backend with the Load Tests plugin, every permission allowed, a catalog holding
 * `entities` (default TEST_ENTITIES), and `loadTesting` as its config. With `database`
 * (`backend.database` config, e.g. a SQLite directory that outlives the backend), on that
 * database; else on the test backend's own in-memory one.
 */
export function startLoadTestingBackend(options: {
  loadTesting: object;
  database?: object;
  entities?: Entity[];
  /** More `backend` config, e.g. `reading.allow` for URLs the backend may read. */
  backend?: object;
}) {
  const { loadTesting, database } = options;
  return startTestBackend({
    features: [
      loadTestingBackend,
      ...(database ? [databaseServiceFactory] : []),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogServiceMock.factory({
        entities: options.entities ?? TEST_ENTITIES,
      }),
      mockServices.rootConfig.factory({
        data: {
          backend: { ...(database ? { database } : {}), ...options.backend },
          loadTesting,
        } as JsonObject,
      }),
    ],
  });
}
