import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { TEMPLATE_NAMES, TemplateName } from './config';

const manifestsDir = resolvePackagePath(
  '@internal/plugin-load-testing-backend',
  'assets/kubernetes',
);

const FILES: Record<TemplateName, string> = {
  namespace: 'namespace.yaml',
  secret: 'secret.yaml',
  configMap: 'configmap.yaml',
  masterService: 'master-service.yaml',
  masterJob: 'master-job.yaml',
  workerJob: 'worker-job.yaml',
  networkPolicy: 'network-policy.yaml',
};

const KINDS: Record<TemplateName, string> = {
  namespace: 'Namespace',
  secret: 'Secret',
  configMap: 'ConfigMap',
  masterService: 'Service',
  masterJob: 'Job',
  workerJob: 'Job',
  networkPolicy: 'NetworkPolicy',
};

const WHOLE = /^\$\{([A-Za-z0-9_.]+)\}$/;
const PART = /\$\{([A-Za-z0-9_.]+)\}/g;

/** A Kubernetes object as rendered from a template. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export class TemplateError extends Error {}

function lookup(values: unknown, key: string, where: string): unknown {
  let v: any = values;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object' || !(part in v)) {
      throw new TemplateError(`${where}: unknown value \${${key}}`);
    }
    v = v[part];
  }
  return v;
}

/**
 * Replaces placeholders in a parsed YAML document. A string that is exactly `${a.b}`
 * becomes that value, whatever its type (a missing value removes the key); `${a.b}`
 * inside a longer string is replaced by its text; a list item that is exactly
 * `${a.b}` and whose value is a list is spread into its list. Values are substituted
 * after parsing, so they never change the document's structure.
 */
export function renderTemplate(
  doc: unknown,
  values: object,
  where: string,
): unknown {
  if (typeof doc === 'string') {
    const whole = WHOLE.exec(doc);
    if (whole) return lookup(values, whole[1], where);
    return doc.replace(PART, (_m, key: string) => {
      const v = lookup(values, key, where);
      if (v !== null && typeof v === 'object') {
        throw new TemplateError(
          `${where}: \${${key}} is not text; use it as a whole value`,
        );
      }
      return v === undefined || v === null ? '' : String(v);
    });
  }
  if (Array.isArray(doc)) {
    return doc
      .flatMap(item => {
        const r = renderTemplate(item, values, where);
        return typeof item === 'string' && WHOLE.test(item) && Array.isArray(r)
          ? r
          : [r];
      })
      .filter(item => item !== undefined && item !== null);
  }
  if (doc !== null && typeof doc === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) {
      const r = renderTemplate(v, values, where);
      if (r !== undefined && r !== null) out[k] = r;
    }
    return out;
  }
  return doc;
}

/** The run's object templates, the shipped ones unless config names others. */
export class RunTemplates {
  private constructor(
    private readonly docs: Record<TemplateName, { doc: unknown; file: string }>,
  ) {}

  static load(overrides: Partial<Record<TemplateName, string>>): RunTemplates {
    const docs = {} as Record<TemplateName, { doc: unknown; file: string }>;
    for (const name of TEMPLATE_NAMES) {
      const file = overrides[name] ?? path.join(manifestsDir, FILES[name]);
      let doc: any;
      try {
        doc = YAML.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new TemplateError(
          `Kubernetes template ${name} (${file}) could not be read: ${(e as Error).message}`,
        );
      }
      if (doc?.kind !== KINDS[name]) {
        throw new TemplateError(
          `Kubernetes template ${name} (${file}) must describe a ${KINDS[name]}, not ${doc?.kind}`,
        );
      }
      docs[name] = { doc, file };
    }
    return new RunTemplates(docs);
  }

  render(name: TemplateName, values: object): KubeObject {
    const { doc, file } = this.docs[name];
    return renderTemplate(
      doc,
      values,
      `${name} template (${file})`,
    ) as KubeObject;
  }

  renderAll(values: object): Record<TemplateName, KubeObject> {
    const out = {} as Record<TemplateName, KubeObject>;
    for (const name of TEMPLATE_NAMES) out[name] = this.render(name, values);
    return out;
  }
}
