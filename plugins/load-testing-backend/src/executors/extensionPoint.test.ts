import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Executor,
  ExecutorListener,
  ExecutorRunSpec,
  loadTestingExecutorsExtensionPoint,
} from '@internal/plugin-load-testing-node';
import crypto from 'crypto';
import request from 'supertest';
import {
  loadTestingModuleKubernetesExecutor,
  loadTestingModuleLocalExecutor,
  loadTestingPlugin,
} from '..';
import { TEST_ENTITIES } from '../__testUtils__/startBackend';

jest.setTimeout(60_000);

// the plugin and its built-in modules as the package's default export loads them (the
// test backend would stand in a plugin of its own for a module whose plugin comes from a loader)
const loadTestingBackend = [
  loadTestingPlugin,
  loadTestingModuleLocalExecutor,
  loadTestingModuleKubernetesExecutor,
];

/**
 * A company's own executor in a dozen lines: it runs nothing, and reports one final
 * snapshot of 10 requests through the monitor's webhook, signed as the monitor signs,
 * then says the master exited 0.
 */
class EchoExecutor implements Executor {
  readonly name = 'echo';
  started: string[] = [];
  constructor(private readonly fetchBase: () => string) {}

  async start(spec: ExecutorRunSpec, listener: ExecutorListener) {
    this.started.push(spec.run.id);
    listener.onNodes(spec.run.id, [
      { name: 'master', role: 'master', state: 'running', host: 'echo' },
    ]);
    listener.onRunning(spec.run.id);
    const t = Math.floor(Date.now() / 1000);
    const entry = {
      method: 'GET',
      name: '/echo',
      numRequests: 10,
      numFailures: 0,
      numNoneRequests: 0,
      totalResponseTime: 100,
      minResponseTime: 10,
      maxResponseTime: 10,
      totalContentLength: 0,
      totalRps: 10,
      totalFailPerSec: 0,
      startTime: t - 1,
      lastRequestTimestamp: t,
      delta: {
        requests: 10,
        failures: 0,
        totalResponseTime: 100,
        histogram: { '10': 10 },
      },
    };
    const body = JSON.stringify({
      seq: 1,
      ts: t,
      final: true,
      state: 'stopped',
      userCount: 1,
      entries: [entry],
      total: { ...entry, method: '', name: 'Aggregated' },
      perSecond: { '': [[t - 1, 10, 0]], 'GET /echo': [[t - 1, 10, 0]] },
      errors: [],
      exceptions: [],
      workers: [],
      master: { cpuPercent: 0, memoryBytes: 0 },
      exitCode: 0,
    });
    const url = new URL(spec.webhookUrl);
    const res = await fetch(`${this.fetchBase()}${url.pathname}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-load-testing-signature': `t=${t},v1=${crypto
          .createHmac('sha256', spec.secret)
          .update(`${t}.`)
          .update(body)
          .digest('hex')}`,
      },
      body,
    });
    if (res.status !== 201) throw new Error(`webhook said ${res.status}`);
    setTimeout(() => listener.onExit(spec.run.id, { exitCode: 0 }), 50);
  }
  async stop() {}
  async readLog(_runId: string, node: string) {
    return { node, offset: 0, nextOffset: 0, size: 0, text: '' };
  }
  async sweep() {}
  async shutdown() {}
  limitGraceSeconds() {
    return 5;
  }
  settings() {
    return { regions: ['here'] };
  }
}

describe('the executor extension point', () => {
  it('takes an executor from a module: it is offered, chosen, runs and reports', async () => {
    let base = '';
    const echo = new EchoExecutor(() => base);
    const echoModule = createBackendModule({
      pluginId: 'load-testing',
      moduleId: 'echo-executor',
      register(env) {
        env.registerInit({
          deps: {
            executors: loadTestingExecutorsExtensionPoint,
            logger: coreServices.logger,
          },
          async init({ executors }) {
            executors.addExecutor(echo);
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        ...loadTestingBackend,
        echoModule,
        catalogServiceMock.factory({ entities: TEST_ENTITIES }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            loadTesting: {
              // no built-in executor enabled: echo is the only one
              defaultExecutor: 'echo',
              webhook: { signingKey: 'ext-key' },
              targets: { allow: ['http://127.0.0.1:*'] },
            },
          },
        }),
      ],
    });
    const { server } = backend;
    base = `http://127.0.0.1:${server.port()}`;
    const user = mockCredentials.user.header('user:default/ann');
    const api = (p: string) => `/api/load-testing${p}`;

    const settings = (
      await request(server).get(api('/settings')).set('authorization', user)
    ).body;
    expect(settings).toMatchObject({
      executors: ['echo'],
      defaultExecutor: 'echo',
      echo: { regions: ['here'] },
    });
    const scenario = await request(server)
      .post(api('/scenarios'))
      .set('authorization', user)
      .send({
        entityRef: 'component:default/shop-api',
        name: 'echo',
        script:
          'from locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get("/echo")\n',
        parameters: { host: 'http://127.0.0.1:7070' },
      });
    expect([scenario.status, scenario.body.error?.message]).toEqual([
      201,
      undefined,
    ]);
    expect(scenario.body.parameters.executor).toBe('echo');
    // an executor no module added is refused by field
    const unknown = await request(server)
      .post(api('/runs'))
      .set('authorization', user)
      .send({
        scenarioId: scenario.body.id,
        parameters: { executor: 'nomad' },
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('parameters.executor');

    const started = await request(server)
      .post(api('/runs'))
      .set('authorization', user)
      .send({ scenarioId: scenario.body.id });
    expect(started.status).toBe(201);
    let run: any;
    for (let i = 0; i < 100; i++) {
      run = (
        await request(server)
          .get(api(`/runs/${started.body.id}`))
          .set('authorization', user)
      ).body;
      if (run.status === 'succeeded' || run.status === 'failed') break;
      await new Promise(r => setTimeout(r, 50));
    }
    expect(echo.started).toEqual([started.body.id]);
    expect(run).toMatchObject({
      executor: 'echo',
      status: 'succeeded',
      verdict: 'pass',
      totals: { total: { requests: 10 } },
    });
    await backend.stop();
  });

  it('refuses two executors of one name, and names that are not names', async () => {
    const twice = (name: string) =>
      createBackendModule({
        pluginId: 'load-testing',
        moduleId: `twice-${Math.random().toString(36).slice(2)}`,
        register(env) {
          env.registerInit({
            deps: { executors: loadTestingExecutorsExtensionPoint },
            async init({ executors }) {
              const e = new EchoExecutor(() => '');
              (e as any).name = name;
              executors.addExecutor(e);
              executors.addExecutor(e);
            },
          });
        },
      });
    for (const [name, message] of [
      ['echo', /already added/],
      ['Not A Name', /must match/],
    ] as const) {
      await expect(
        startTestBackend({
          features: [
            ...loadTestingBackend,
            twice(name),
            catalogServiceMock.factory({ entities: TEST_ENTITIES }),
            mockServices.rootConfig.factory({
              data: { loadTesting: { webhook: { signingKey: 'k' } } },
            }),
          ],
        }),
      ).rejects.toThrow(message);
    }
  });
});
