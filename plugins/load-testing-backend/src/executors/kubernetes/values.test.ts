import { RunParameters } from '@internal/plugin-load-testing-common';
import { testKubernetesConfig, testRun } from './__testUtils__/fixtures';
import {
  LABELS,
  MANAGED_BY,
  labelValue,
  mergeResources,
  parseQuantity,
  templateValues,
} from './values';

const config = testKubernetesConfig;
const run = testRun;

const SPEC = {
  webhookUrl: 'http://backstage/api/load-testing/webhook/r-123',
  secret: 's3cret',
  intervalSeconds: 5,
};

describe('labelValue', () => {
  it('turns an entity ref into a label value', () => {
    expect(labelValue('component:default/shop-api')).toBe(
      'component.default.shop-api',
    );
    expect(labelValue('a_b-c.D9')).toBe('a_b-c.D9');
  });

  it('cuts long names to 63 characters', () => {
    expect(labelValue('x'.repeat(100))).toBe('x'.repeat(63));
    expect(labelValue(`${'a'.repeat(62)}-b`)).toBe('a'.repeat(62));
  });

  it('starts and ends with an alphanumeric character', () => {
    expect(labelValue('--shop api__')).toBe('shop.api');
    expect(labelValue('.:/')).toBe('');
    const v = labelValue(`${'é'.repeat(10)}${'a'.repeat(70)}`);
    expect(v).toMatch(/^[A-Za-z0-9]([A-Za-z0-9-_.]*[A-Za-z0-9])?$/);
    expect(v.length).toBeLessThanOrEqual(63);
  });
});

describe('parseQuantity', () => {
  it('reads Kubernetes quantities', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1Gi')).toBe(1073741824);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('1G')).toBe(1e9);
  });

  it('gives NaN for what is not a quantity', () => {
    for (const q of ['bad', '', '1Xi', '1.2.3', '-1', '1 Gi']) {
      expect(parseQuantity(q)).toBeNaN();
    }
  });
});

describe('mergeResources', () => {
  const defaults = {
    requests: { cpu: '1', memory: '512Mi' },
    limits: { memory: '1Gi' },
  };

  it('keeps the defaults key by key', () => {
    expect(mergeResources(defaults, undefined)).toEqual(defaults);
    expect(mergeResources(defaults, { limits: { cpu: '2' } })).toEqual({
      requests: { cpu: '1', memory: '512Mi' },
      limits: { cpu: '2', memory: '1Gi' },
    });
    expect(mergeResources(defaults, { requests: { cpu: '250m' } })).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { memory: '1Gi' },
    });
    expect(mergeResources({}, undefined)).toEqual({});
  });

  it('lowers a default request above a limit the run sets', () => {
    expect(
      mergeResources(defaults, { limits: { cpu: '500m', memory: '256Mi' } }),
    ).toEqual({
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
    // a limit above the request leaves it alone
    expect(mergeResources(defaults, { limits: { memory: '2Gi' } })).toEqual({
      requests: { cpu: '1', memory: '512Mi' },
      limits: { memory: '2Gi' },
    });
  });

  it('raises a default limit below a request the run sets', () => {
    expect(mergeResources(defaults, { requests: { memory: '2Gi' } })).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { memory: '2Gi' },
    });
  });

  it('keeps a request the run sets even above its limit', () => {
    // the API server refuses it, with a message naming both
    expect(
      mergeResources(defaults, {
        requests: { memory: '2Gi' },
        limits: { memory: '1Gi' },
      }),
    ).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { memory: '1Gi' },
    });
  });
});

describe('templateValues', () => {
  const values = (params: Partial<RunParameters> = {}, k = config()) =>
    templateValues({
      run: run(params),
      spec: SPEC,
      config: k,
      engine: k.engines[0],
    });

  it('labels and annotates the run', () => {
    const v = values();
    expect(v.namespace).toBe('load-test-r-123');
    expect(v.labels).toEqual({
      [LABELS.managedBy]: MANAGED_BY,
      [LABELS.instance]: 'backstage',
      [LABELS.run]: 'r-123',
      [LABELS.scenario]: 's-9',
      [LABELS.entity]: 'component.default.shop-api',
    });
    expect(v.master.labels[LABELS.role]).toBe('master');
    expect(v.worker.selector).toEqual({
      [LABELS.run]: 'r-123',
      [LABELS.role]: 'worker',
    });
    expect(v.annotations).toEqual({
      'load-testing.dev/entity-ref': 'component:default/shop-api',
      'load-testing.dev/scenario-name': 'Checkout peak',
      'load-testing.dev/created-by': 'user:default/jane',
    });
    expect(v.image).toBe('locustio/locust:2.47.0');
    expect(v.secretData).toEqual({ LT_WEBHOOK_SECRET: 's3cret' });
  });

  it('gives the pods their variables, without the webhook secret', () => {
    const v = values({
      env: { TARGET: 'eu' },
      secretEnv: [{ name: 'TOKEN', secret: 'shop-token', key: 'token' }],
    });
    for (const env of [v.master.env, v.worker.env]) {
      const names = env.map(e => e.name);
      expect(names).not.toContain('LT_WEBHOOK_SECRET');
      expect(env).toContainEqual({ name: 'LT_RUN_ID', value: 'r-123' });
      expect(env).toContainEqual({ name: 'TARGET', value: 'eu' });
      expect(env).toContainEqual({
        name: 'TOKEN',
        valueFrom: { secretKeyRef: { name: 'shop-token', key: 'token' } },
      });
    }
    expect(v.master.env).toContainEqual({
      name: 'LT_NODE_NAME',
      value: 'master',
    });
    expect(v.worker.env).toContainEqual({
      name: 'LT_NODE_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
  });

  it('merges node selector and tolerations from config then run', () => {
    const k = config({
      nodeSelector: { pool: 'load', zone: 'a' },
      tolerations: [{ key: 'load', operator: 'Exists', effect: 'NoSchedule' }],
    });
    const v = values(
      {
        nodeSelector: { zone: 'b' },
        tolerations: [{ key: 'spot', operator: 'Exists' }],
      },
      k,
    );
    expect(v.nodeSelector).toEqual({ pool: 'load', zone: 'b' });
    expect(v.tolerations).toEqual([
      { key: 'load', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists' },
    ]);
  });

  it('leaves out empty lists and maps', () => {
    const v = values({ hostAliases: [], tolerations: [], nodeSelector: {} });
    expect(v.hostAliases).toBeUndefined();
    expect(v.tolerations).toBeUndefined();
    expect(v.nodeSelector).toBeUndefined();
    expect(v.imagePullSecrets).toBeUndefined();
    expect(
      values({}, config({ imagePullSecrets: ['reg'] })).imagePullSecrets,
    ).toEqual([{ name: 'reg' }]);
  });

  it('sets the deadline from start timeout, duration and slack', () => {
    const v = values(
      { duration: 300 },
      config({ startTimeoutSeconds: 60, deadlineSlackSeconds: 30 }),
    );
    expect(v.activeDeadlineSeconds).toBe(60 + 300 + 30);
    expect(values().activeDeadlineSeconds).toBe(600 + 120 + 240);
    expect(v.files['start.sh']).toContain('--expect-workers-max-wait 60');
  });

  it('merges resources and counts the workers', () => {
    const v = values({
      workers: 5,
      resources: { worker: { limits: { memory: '256Mi' } } },
    });
    expect(v.workers).toBe(5);
    expect(v.workerBackoffLimit).toBe(10);
    expect(v.worker.resources).toEqual({
      requests: { cpu: '1', memory: '256Mi' },
      limits: { memory: '256Mi' },
    });
    expect(v.master.resources).toEqual(config().resources.master);
    expect(Object.keys(v.files).sort()).toEqual([
      'guard.py',
      'locustfile.py',
      'monitor.py',
      'shape.py',
      'start.sh',
    ]);
  });
});
