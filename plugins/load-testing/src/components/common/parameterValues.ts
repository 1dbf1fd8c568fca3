import {
  FieldError,
  LoadTestingSettings,
  RunParameters,
  checkLimits,
  resolveRunParameters,
} from '@internal/plugin-load-testing-common';

/** The run parameters a form edits, as typed (strings until submitted). */
export interface ParameterValues {
  users: string;
  spawnRate: string;
  duration: string;
  workers: string;
  host: string;
}

export const PARAMETER_KEYS: Array<keyof ParameterValues> = [
  'users',
  'spawnRate',
  'duration',
  'workers',
  'host',
];

export function toParameterValues(p: Partial<RunParameters>): ParameterValues {
  const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    users: s(p.users),
    spawnRate: s(p.spawnRate),
    duration: s(p.duration),
    workers: s(p.workers),
    host: s(p.host),
  };
}

function num(v: string): number {
  return v.trim() === '' ? NaN : Number(v.trim());
}

export function fromParameterValues(
  v: ParameterValues,
): Partial<RunParameters> {
  return {
    users: num(v.users),
    spawnRate: num(v.spawnRate),
    duration: num(v.duration),
    workers: num(v.workers),
    host: v.host.trim(),
  };
}

/**
 * The checks the backend runs on run parameters, done before sending so the
 * user sees them at once: the common schema, then the configured limits.
 * `overrides` is what will be sent, when it holds more than `values` (executor,
 * Kubernetes placement).
 */
export function checkParameters(
  base: Partial<RunParameters> | undefined,
  values: ParameterValues,
  settings?: LoadTestingSettings,
  overrides: Partial<RunParameters> = fromParameterValues(values),
): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of PARAMETER_KEYS) {
    if (values[key].trim() === '')
      errors.push({ field: `parameters.${key}`, message: 'is required' });
  }
  const { value, errors: schema } = resolveRunParameters(base, overrides);
  errors.push(...schema);
  if (settings) errors.push(...checkLimits(value, settings.limits));
  return errors;
}
