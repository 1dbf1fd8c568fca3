import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'fs';
import os from 'os';
import path from 'path';
// the backend's own test harness (real Locust, a backend on SQLite): test-only
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import {
  LOCUST,
  LocustHarness,
} from '@internal/plugin-load-testing-backend/src/executors/local/__testUtils__/harness';
import { createScenarioAction } from './createScenario';
import { runAction } from './run';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { startTarget } from '@internal/plugin-load-testing-backend/src/__testUtils__/target';

// eslint-disable-next-line @typescript-eslint/no-var-requires

jest.setTimeout(120_000);
const describeIfLocust = LOCUST ? describe : describe.skip;
const ENTITY = 'component:default/shop-api';

describeIfLocust(
  'the scaffolder actions against the Load Tests API (real Locust)',
  () => {
    const harness = new LocustHarness();
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-scaffolder-'));
    let target: { url: string; close(): Promise<void> };
    let deps: Parameters<typeof createScenarioAction>[0];

    beforeAll(async () => {
      target = await startTarget({ port: 0 });
      await harness.start();
      const base = `http://127.0.0.1:${harness.server.port()}/api/load-testing`;
      deps = {
        discovery: {
          getBaseUrl: async () => base,
          getExternalBaseUrl: async () => base,
        },
        auth: mockServices.auth(),
        appBaseUrl: 'http://portal.test',
      };
      fs.mkdirSync(path.join(workspace, 'loadtests'));
      fs.writeFileSync(
        path.join(workspace, 'loadtests', 'browse.py'),
        'from locust import HttpUser, task, constant\n\nclass U(HttpUser):\n    wait_time = constant(0.2)\n\n    @task\n    def t(self):\n        self.client.get("/api/items")\n',
      );
    });

    afterAll(async () => {
      await harness.stop();
      await target?.close();
    });

    const context = (input: object, isDryRun = false) => {
      const ctx = createMockActionContext({
        workspacePath: workspace,
        input,
      } as any);
      // the scaffolder sets it on actions that support dry runs
      return Object.assign(ctx, { isDryRun });
    };

    const scenarioInput = (over: object = {}) => ({
      entityRef: 'Component:default/Shop-API',
      name: 'browse',
      scriptFile: 'loadtests/browse.py',
      parameters: {
        users: 2,
        spawnRate: 2,
        duration: 4,
        workers: 1,
        host: target.url,
      },
      thresholds: { percentiles: { p95: 5000 } },
      ...over,
    });

    it('creates nothing in a dry run, and says where the scenario would be', async () => {
      const ctx = context(scenarioInput(), true);
      await createScenarioAction(deps).handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('scenarioId', 'dry-run');
      expect(
        await harness.get(`/scenarios?entityRef=${encodeURIComponent(ENTITY)}`),
      ).toEqual({ items: [] });
    });

    it('creates the scenario from the workspace, refuses a second one of the name, replaces it when asked', async () => {
      const ctx = context(scenarioInput());
      await createScenarioAction(deps).handler(ctx as any);
      const id = (ctx.output as jest.Mock).mock.calls.find(
        c => c[0] === 'scenarioId',
      )[1];
      expect(ctx.output).toHaveBeenCalledWith(
        'scenarioUrl',
        `http://portal.test/catalog/default/component/shop-api/load-tests/scenarios/${id}`,
      );
      const saved = await harness.get(`/scenarios/${id}`);
      expect(saved).toMatchObject({ entityRef: ENTITY, name: 'browse' });
      expect(saved.script).toContain('self.client.get("/api/items")');

      await expect(
        createScenarioAction(deps).handler(context(scenarioInput()) as any),
      ).rejects.toThrow('already has a scenario named "browse"');
      const replaced = context(
        scenarioInput({ replace: true, description: 'the catalog' }),
      );
      await createScenarioAction(deps).handler(replaced as any);
      expect((await harness.get(`/scenarios/${id}`)).description).toBe(
        'the catalog',
      );
    });

    it("refuses a script the backend refuses, with the backend's reason", async () => {
      const ctx = context(
        scenarioInput({
          name: 'broken',
          scriptFile: undefined,
          script: 'def (',
        }),
      );
      await expect(
        createScenarioAction(deps).handler(ctx as any),
      ).rejects.toThrow(/script is not valid Python: .*\(line 1/);
    });

    it('runs the scenario and waits for its verdict; requirePass fails the step otherwise', async () => {
      const action = runAction({ ...deps, pollMs: 500 });
      const ctx = context({
        entityRef: ENTITY,
        scenario: 'browse',
        wait: true,
        timeoutMinutes: 2,
        requirePass: true,
      });
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('status', 'succeeded');
      expect(ctx.output).toHaveBeenCalledWith('verdict', 'pass');

      await createScenarioAction(deps).handler(
        context(
          scenarioInput({
            name: 'idle',
            scriptFile: undefined,
            script:
              'from locust import User, task, constant\n\nclass U(User):\n    wait_time = constant(1)\n\n    @task\n    def t(self):\n        pass\n',
          }),
        ) as any,
      );
      const idle = context({
        entityRef: ENTITY,
        scenario: 'idle',
        wait: true,
        timeoutMinutes: 2,
        requirePass: true,
      });
      await expect(action.handler(idle as any)).rejects.toThrow(
        /did not pass \(inconclusive: no requests were made\)/,
      );
    });
  },
);
