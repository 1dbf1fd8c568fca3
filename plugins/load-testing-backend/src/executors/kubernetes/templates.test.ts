import { RunParameters } from '@internal/plugin-load-testing-common';
import fs from 'fs';
import os from 'os';
import path from 'path';
import YAML from 'yaml';
import { testKubernetesConfig, testRun } from './__testUtils__/fixtures';
import { RunTemplates, TemplateError, renderTemplate } from './templates';
import { LABELS, templateValues } from './values';

const WHERE = 'test template (test.yaml)';
const render = (yaml: string, values: object) =>
  renderTemplate(YAML.parse(yaml), values, WHERE);

describe('renderTemplate', () => {
  const values = {
    name: 'shop',
    count: 3,
    on: true,
    labels: { a: '1', b: '2' },
    list: [{ ip: '10.0.0.1', hostnames: ['x'] }],
    missing: undefined,
    nothing: null,
    nested: { deeper: { value: 'v' } },
  };

  it('puts a whole placeholder in as the value, whatever its type', () => {
    expect(
      render(
        'n: ${count}\nb: ${on}\nl: ${labels}\na: ${list}\nd: ${nested.deeper.value}',
        values,
      ),
    ).toEqual({
      n: 3,
      b: true,
      l: { a: '1', b: '2' },
      a: [{ ip: '10.0.0.1', hostnames: ['x'] }],
      d: 'v',
    });
  });

  it('removes a key whose value is missing or null', () => {
    expect(
      render(
        'keep: 1\nm: ${missing}\nz: ${nothing}\ns:\n  x: ${missing}',
        values,
      ),
    ).toEqual({ keep: 1, s: {} });
  });

  it('puts text in for a placeholder inside a longer string', () => {
    expect(
      render('name: lt-${name}-${count}-${on}\nempty: "[${missing}]"', values),
    ).toEqual({ name: 'lt-shop-3-true', empty: '[]' });
  });

  it('refuses an object inside a longer string', () => {
    expect(() => render('x: "labels: ${labels}"', values)).toThrow(
      new TemplateError(
        `${WHERE}: \${labels} is not text; use it as a whole value`,
      ),
    );
  });

  it('names an unknown placeholder', () => {
    expect(() => render('x: ${nope.at.all}', values)).toThrow(TemplateError);
    expect(() => render('x: ${nope.at.all}', values)).toThrow(
      `${WHERE}: unknown value \${nope.at.all}`,
    );
    expect(() => render('x: a-${name.first}', values)).toThrow(
      'unknown value ${name.first}',
    );
  });

  it('drops removed items from lists', () => {
    expect(
      render('l: [a, "${missing}", "${count}", "${nothing}"]', values),
    ).toEqual({ l: ['a', 3] });
  });

  it('never lets a value change the structure of the document', () => {
    const evil = 'shop\n- injected: true\nother: ${name}';
    const out = render('name: ${v}\nlist:\n  - ${v}\ntext: "x ${v}"', {
      v: evil,
      name: 'n',
    }) as any;
    expect(out).toEqual({
      name: evil,
      list: [evil],
      text: `x ${evil}`,
    });
    expect(Object.keys(out)).toEqual(['name', 'list', 'text']);
  });

  it('spreads a list value into the list it is an item of', () => {
    expect(
      render(
        'l:\n  - a\n  - ${list}\n  - ${one}\n  - ${none}\n  - "x-${count}"',
        {
          list: ['b', { c: 1 }],
          one: { d: 2 },
          none: [],
          count: 3,
        },
      ),
    ).toEqual({ l: ['a', 'b', { c: 1 }, { d: 2 }, 'x-3'] });
  });

  it('leaves keys, numbers and other scalars alone', () => {
    expect(render('${name}: 1\nn: 2\nb: false\nz: ~', values)).toEqual({
      '${name}': 1,
      n: 2,
      b: false,
    });
  });
});

function runValues(parameters: Partial<RunParameters> = {}) {
  const config = testKubernetesConfig();
  const run = testRun(
    { workers: 4, host: 'http://shop-api:8080', ...parameters },
    {
      id: 'r-42',
      scenarioId: 's-1',
      scenarioName: 'Smoke',
      script: 'x = "${names.secret}"\n',
    },
  );
  return templateValues({
    run,
    spec: { webhookUrl: 'http://b/hook', secret: 'sig', intervalSeconds: 5 },
    config,
    engine: config.engines[0],
  });
}

describe('RunTemplates', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-templates-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('refuses an override of the wrong kind, naming template and file', () => {
    const file = write(
      'ns.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    );
    expect(() => RunTemplates.load({ namespace: file })).toThrow(
      `Kubernetes template namespace (${file}) must describe a Namespace, not ConfigMap`,
    );
  });

  it('refuses an override it cannot read', () => {
    const file = path.join(dir, 'absent.yaml');
    expect(() => RunTemplates.load({ workerJob: file })).toThrow(
      `Kubernetes template workerJob (${file}) could not be read`,
    );
    const bad = write('bad.yaml', 'kind: [Job\n');
    expect(() => RunTemplates.load({ masterJob: bad })).toThrow(TemplateError);
  });

  it('renders with an override', () => {
    const file = write(
      'ns-override.yaml',
      [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: team-${run.id}',
        '  labels: ${labels}',
        '  annotations:',
        '    owner: platform',
      ].join('\n'),
    );
    const templates = RunTemplates.load({ namespace: file });
    const v = runValues();
    const ns = templates.render('namespace', v);
    expect(ns.metadata).toEqual({
      name: 'team-r-42',
      labels: v.labels,
      annotations: { owner: 'platform' },
    });
    // the others stay the shipped ones
    expect(templates.render('secret', v).kind).toBe('Secret');
  });

  it('renders the shipped templates', () => {
    const v = runValues();
    const o = RunTemplates.load({}).renderAll(v);
    expect(Object.values(o).map(x => x.kind)).toEqual([
      'Namespace',
      'Secret',
      'ConfigMap',
      'Service',
      'Job',
      'Job',
      'NetworkPolicy',
    ]);
    expect(o.namespace.metadata).toEqual({
      name: 'load-test-r-42',
      labels: v.labels,
      annotations: v.annotations,
    });
    expect(o.namespace.metadata.labels?.[LABELS.run]).toBe('r-42');
    for (const x of Object.values(o).slice(1)) {
      expect(x.metadata.namespace).toBe('load-test-r-42');
    }

    const workers = o.workerJob as any;
    expect(workers.spec.parallelism).toBe(4);
    expect(workers.spec.completions).toBe(4);
    expect(workers.spec.activeDeadlineSeconds).toBe(600 + 120 + 240);
    const pod = workers.spec.template.spec;
    expect(pod).not.toHaveProperty('hostAliases');
    expect(pod).not.toHaveProperty('serviceAccountName');
    expect(pod).not.toHaveProperty('affinity');
    expect(pod.containers[0].env).toEqual(v.worker.env);
    expect(pod.containers[0].resources).toEqual(v.worker.resources);

    const master = o.masterJob as any;
    expect(master.spec.completions).toBe(1);
    expect(master.spec.template.metadata.labels[LABELS.role]).toBe('master');
    expect((o.masterService as any).spec.selector).toEqual(v.master.selector);
    expect((o.secret as any).stringData).toEqual({ LT_WEBHOOK_SECRET: 'sig' });
    // a placeholder in the script is text, not a template
    expect((o.configMap as any).data['locustfile.py']).toBe(
      'x = "${names.secret}"\n',
    );
  });

  it("renders the run's NetworkPolicy from its egress rules", () => {
    const rule = (cidr: string, port?: number) => ({
      to: [{ ipBlock: { cidr } }],
      ...(port ? { ports: [{ protocol: 'TCP', port }] } : {}),
    });
    const egress = {
      dns: [rule('10.96.0.10/32', 53)],
      webhook: [rule('192.0.2.10/32', 443)],
      targets: [rule('10.1.2.3/32', 8080), rule('10.20.0.0/16')],
    };
    const o = RunTemplates.load({}).renderAll({ ...runValues(), egress });
    expect(o.networkPolicy.metadata.namespace).toBe('load-test-r-42');
    expect((o.networkPolicy as any).spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [
        {
          to: [{ podSelector: {} }],
          ports: [{ protocol: 'TCP', port: 5557 }],
        },
        ...egress.dns,
        ...egress.webhook,
        ...egress.targets,
      ],
    });
  });

  it('puts host aliases in every pod when given', () => {
    const hostAliases = [{ ip: '10.1.2.3', hostnames: ['shop.internal'] }];
    const o = RunTemplates.load({}).renderAll(runValues({ hostAliases }));
    for (const job of [o.masterJob, o.workerJob] as any[]) {
      expect(job.spec.template.spec.hostAliases).toEqual(hostAliases);
    }
  });
});
