import { InputError } from '@backstage/errors';
import { parse } from 'yaml';

/** One scenario of a repository's descriptor. */
export interface DescriptorScenario {
  name: string;
  description?: string;
  /** The script, relative to the descriptor. */
  script: string;
  parameters?: unknown;
  thresholds?: unknown;
}

export const DESCRIPTOR_API_VERSION = 'load-testing.dev/v1alpha1';
const MAX_SCENARIOS = 50;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The scenarios a `load-testing.yaml` lists, or an InputError naming each thing wrong
 * in it (`scenarios[1].script is required`).
 */
export function parseDescriptor(text: string): DescriptorScenario[] {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 10, prettyErrors: true });
  } catch (e) {
    throw new InputError(
      `is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const problems: string[] = [];
  if (!isObject(doc)) throw new InputError('must be a YAML mapping');
  if (doc.apiVersion !== DESCRIPTOR_API_VERSION)
    problems.push(`apiVersion must be ${DESCRIPTOR_API_VERSION}`);
  if (doc.kind !== 'Scenarios') problems.push('kind must be Scenarios');
  const list = doc.scenarios;
  if (!Array.isArray(list) || list.length === 0)
    problems.push('scenarios must list at least one scenario');
  else if (list.length > MAX_SCENARIOS)
    problems.push(`scenarios lists ${list.length}; at most ${MAX_SCENARIOS}`);
  const scenarios: DescriptorScenario[] = [];
  (Array.isArray(list) ? list.slice(0, MAX_SCENARIOS) : []).forEach((s, i) => {
    const at = `scenarios[${i}]`;
    if (!isObject(s)) {
      problems.push(`${at} must be a mapping`);
      return;
    }
    if (typeof s.name !== 'string' || !s.name.trim())
      problems.push(`${at}.name is required`);
    if (typeof s.script !== 'string' || !s.script.trim())
      problems.push(
        `${at}.script is required: the Locust file, relative to this descriptor`,
      );
    else if (/^[a-z][a-z0-9+.-]*:|^\/|(^|\/)\.\.(\/|$)/i.test(s.script))
      problems.push(
        `${at}.script must be a path inside the descriptor's folder`,
      );
    if (s.description !== undefined && typeof s.description !== 'string')
      problems.push(`${at}.description must be text`);
    scenarios.push({
      name: String(s.name ?? '').trim(),
      description:
        typeof s.description === 'string' ? s.description : undefined,
      script: String(s.script ?? ''),
      parameters: s.parameters,
      thresholds: s.thresholds,
    });
  });
  const names = scenarios.map(s => s.name.toLowerCase());
  names.forEach((n, i) => {
    if (n && names.indexOf(n) !== i)
      problems.push(
        `scenarios[${i}].name "${scenarios[i].name}" is listed twice`,
      );
  });
  if (problems.length) throw new InputError(problems.join('; '));
  return scenarios;
}
