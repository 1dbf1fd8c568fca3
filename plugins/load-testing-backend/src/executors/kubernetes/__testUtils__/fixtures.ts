import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { RunParameters } from '@internal/plugin-load-testing-common';
import { RunRow } from '../../../database/Store';
import { readKubernetesConfig } from '../config';

/** Parameters of a Kubernetes run, for unit tests. */
export const TEST_PARAMS: RunParameters = {
  users: 20,
  spawnRate: 5,
  duration: 120,
  workers: 3,
  host: 'http://shop-api.shop.svc:8080',
  executor: 'kubernetes',
};

/** The executor's config for one cluster, with `kubernetes` over it. */
export function testKubernetesConfig(kubernetes: JsonObject = {}) {
  return readKubernetesConfig(
    new ConfigReader({
      loadTesting: {
        executors: {
          kubernetes: {
            enabled: true,
            clusters: [
              {
                name: 'c',
                url: 'https://127.0.0.1:1',
                serviceAccountToken: 't',
              },
            ],
            ...kubernetes,
          },
        },
      },
    }),
  )!;
}

/** A stored run of TEST_PARAMS with `parameters` over them. */
export function testRun(
  parameters: Partial<RunParameters> = {},
  row: Partial<RunRow> = {},
): RunRow {
  return {
    id: 'r-123',
    scenarioId: 's-9',
    scenarioName: 'Checkout peak',
    entityRef: 'component:default/shop-api',
    status: 'provisioning',
    executor: 'kubernetes',
    script: 'from locust import HttpUser\n',
    parameters: { ...TEST_PARAMS, ...parameters },
    thresholds: {},
    createdBy: 'user:default/jane',
    createdAt: '2025-03-01T10:00:00.000Z',
    finalReceived: false,
    ...row,
  };
}
