import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import loadTestingBackend from '..';

/** The path of a Load Tests route on a test backend. */
export const api = (p: string) => `/api/load-testing${p}`;

/** A locustfile with one user that gets `/`. */
export const TEST_SCRIPT =
  'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/")\n';

/**
 * A work directory with a stand-in for the locust executable that just stays up, so
 * runs stay `running` until stopped. `local` is the local executor's config on it.
 */
export function sleepingLocust(prefix: string, stopGraceSeconds = 1) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const locustCommand = path.join(workDir, 'fake-locust.sh');
  fs.writeFileSync(locustCommand, '#!/bin/sh\nexec sleep 120\n', {
    mode: 0o755,
  });
  return {
    workDir,
    local: { enabled: true, locustCommand, workDir, stopGraceSeconds },
    remove: () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}

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
 * A backend with the Load Tests plugin, a catalog holding `entities` (default
 * TEST_ENTITIES), and `loadTesting` as its config. Every permission is allowed unless
 * `denied` says otherwise. With `database` (`backend.database` config, e.g. a SQLite
 * directory that outlives the backend), on that database; else on the test backend's
 * own in-memory one.
 */
export function startLoadTestingBackend(options: {
  loadTesting: object;
  database?: object;
  entities?: Entity[];
  /** More `backend` config, e.g. `reading.allow` for URLs the backend may read. */
  backend?: object;
  /** `app` config, e.g. the portal's `baseUrl`. */
  app?: object;
  /** Whether a user (by entity ref; none for other callers) is refused a permission. */
  denied?: (userEntityRef: string | undefined, permission: string) => boolean;
  /** Requests without an `authorization` header are unauthenticated, not a default user. */
  anonymousByDefault?: boolean;
}) {
  const { loadTesting, database, app, denied } = options;
  return startTestBackend({
    features: [
      loadTestingBackend,
      ...(database ? [databaseServiceFactory] : []),
      denied
        ? mockServices.permissions.mock({
            authorize: async (requests, opts) =>
              requests.map(r => ({
                result: denied(
                  (opts.credentials.principal as any).userEntityRef,
                  r.permission.name,
                )
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
              })),
          }).factory
        : mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ...(options.anonymousByDefault
        ? [
            mockServices.httpAuth.factory({
              defaultCredentials: mockCredentials.none(),
            }),
          ]
        : []),
      catalogServiceMock.factory({
        entities: options.entities ?? TEST_ENTITIES,
      }),
      mockServices.rootConfig.factory({
        data: {
          ...(app ? { app } : {}),
          backend: { ...(database ? { database } : {}), ...options.backend },
          loadTesting,
        } as JsonObject,
      }),
    ],
  });
}

/**
 * Cancels a run on a test backend (as `authorization`) until it is `cancelled`; throws
 * when it is not within 20 seconds.
 */
export async function cancelRun(
  server: Parameters<typeof request>[0],
  runId: string,
  authorization: string,
) {
  const deadline = Date.now() + 20_000;
  let status = '';
  while (Date.now() < deadline) {
    status = (
      await request(server)
        .get(api(`/runs/${runId}`))
        .set('authorization', authorization)
    ).body.status;
    if (status === 'running' || status === 'provisioning') {
      await request(server)
        .post(api(`/runs/${runId}/cancel`))
        .set('authorization', authorization);
    }
    if (status === 'cancelled') return;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`the run ${runId} did not end: ${status}`);
}

/** Starts a run of a scenario on a test backend (as `authorization`): its id. */
export async function startRun(
  server: Parameters<typeof request>[0],
  scenarioId: string,
  authorization: string,
): Promise<string> {
  const res = await request(server)
    .post(api('/runs'))
    .set('authorization', authorization)
    .send({ scenarioId });
  if (res.status !== 201) throw new Error(`run: ${JSON.stringify(res.body)}`);
  return res.body.id;
}
