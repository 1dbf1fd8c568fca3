import {
  EXECUTOR_NAME_PATTERN,
  FieldError,
  LoadTestingSettings,
  RunParameters,
  RunStage,
  ScenarioInput,
  Thresholds,
} from './types';
import { parsePercentileKey } from './stats/percentiles';
import { checkKubernetesParameters } from './kubernetesParams';
import { normalizeEntityRef } from './entityRefs';
import { canonicalTarget } from './targets';

/** Defaults applied when a scenario leaves a parameter out. @public */
export const DEFAULT_RUN_PARAMETERS: RunParameters = {
  users: 10,
  spawnRate: 5,
  duration: 60,
  workers: 1,
  host: 'http://127.0.0.1:7070',
  executor: 'local',
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// a tag reaches Locust's command line: never something that reads as an option
const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Result of a validation: the normalized value when `errors` is empty. @public */
export interface Validated<T> {
  value: T;
  errors: FieldError[];
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function checkInt(
  errors: FieldError[],
  field: string,
  v: unknown,
  min: number,
): void {
  if (!isInt(v)) errors.push({ field, message: 'must be a whole number' });
  else if (v < min) errors.push({ field, message: `must be at least ${min}` });
}

function checkHost(errors: FieldError[], field: string, host: unknown) {
  if (typeof host !== 'string' || host.trim() === '') {
    errors.push({ field, message: 'is required' });
  } else if (!canonicalTarget(host)) {
    errors.push({
      field,
      message:
        'must be a plain http:// or https:// base URL such as http://127.0.0.1:7070 (no user info, query, fragment, spaces or backslashes)',
    });
  }
}

function checkStages(errors: FieldError[], prefix: string, stages: unknown) {
  if (!Array.isArray(stages)) {
    errors.push({ field: prefix, message: 'must be a list of stages' });
    return;
  }
  let previous = 0;
  stages.forEach((stage: Partial<RunStage>, i) => {
    const f = `${prefix}[${i}]`;
    checkInt(errors, `${f}.duration`, stage?.duration, 1);
    checkInt(errors, `${f}.users`, stage?.users, 0);
    if (typeof stage?.spawnRate !== 'number' || !(stage.spawnRate > 0)) {
      errors.push({
        field: `${f}.spawnRate`,
        message: 'must be a positive number',
      });
    }
    if (isInt(stage?.duration) && stage.duration <= previous) {
      errors.push({
        field: `${f}.duration`,
        message: 'stage end times must increase',
      });
    }
    if (isInt(stage?.duration)) previous = stage.duration;
  });
}

/**
 * Merges `overrides` over `base` and validates the result. Field names in
 * errors are prefixed with `prefix` (e.g. `parameters.users`).
 * @public
 */
export function resolveRunParameters(
  base: Partial<RunParameters> | undefined,
  overrides: Partial<RunParameters> | undefined,
  prefix = 'parameters',
): Validated<RunParameters> {
  const errors: FieldError[] = [];
  if (
    overrides !== undefined &&
    (typeof overrides !== 'object' ||
      overrides === null ||
      Array.isArray(overrides))
  ) {
    return {
      value: { ...DEFAULT_RUN_PARAMETERS },
      errors: [{ field: prefix, message: 'must be an object' }],
    };
  }
  const value = {
    ...DEFAULT_RUN_PARAMETERS,
    ...(base ?? {}),
    ...(overrides ?? {}),
  } as RunParameters;
  const f = (name: string) => `${prefix}.${name}`;
  checkInt(errors, f('users'), value.users, 1);
  if (typeof value.spawnRate !== 'number' || !(value.spawnRate > 0)) {
    errors.push({
      field: f('spawnRate'),
      message: 'must be a positive number',
    });
  }
  checkInt(errors, f('duration'), value.duration, 1);
  checkInt(errors, f('workers'), value.workers, 1);
  checkHost(errors, f('host'), value.host);
  if (
    typeof value.executor !== 'string' ||
    !EXECUTOR_NAME_PATTERN.test(value.executor)
  ) {
    errors.push({
      field: f('executor'),
      message: 'must be the name of an executor, such as local or kubernetes',
    });
  }
  if (value.tags !== undefined) {
    if (
      !Array.isArray(value.tags) ||
      value.tags.some(t => typeof t !== 'string' || !TAG.test(t))
    ) {
      errors.push({
        field: f('tags'),
        message:
          'must be a list of names (letters, digits, _ . -, starting with a letter or digit)',
      });
    }
  }
  if (value.env !== undefined) {
    if (
      typeof value.env !== 'object' ||
      value.env === null ||
      Array.isArray(value.env)
    ) {
      errors.push({ field: f('env'), message: 'must be an object of strings' });
    } else {
      for (const [k, v] of Object.entries(value.env)) {
        if (!ENV_NAME.test(k)) {
          errors.push({
            field: f(`env.${k}`),
            message: 'is not a valid variable name',
          });
        } else if (typeof v !== 'string') {
          errors.push({ field: f(`env.${k}`), message: 'must be a string' });
        }
      }
    }
  }
  errors.push(...checkKubernetesParameters(value, prefix));
  if (value.stages !== undefined && value.stages !== null) {
    checkStages(errors, f('stages'), value.stages);
    if (
      Array.isArray(value.stages) &&
      value.stages.length > 0 &&
      errors.length === 0
    ) {
      // the last stage ends the run; users is the peak for limits
      value.duration = value.stages[value.stages.length - 1].duration;
      value.users = Math.max(...value.stages.map(s => s.users));
    }
  } else {
    delete value.stages;
  }
  value.host = canonicalTarget(value.host) ?? value.host;
  return { value, errors };
}

/**
 * The platform's limits on resolved parameters: the same check when a scenario is saved,
 * when a run starts, and in the forms.
 * @public
 */
export function checkLimits(
  value: RunParameters,
  limits: LoadTestingSettings['limits'],
  prefix = 'parameters',
): FieldError[] {
  const errors: FieldError[] = [];
  const over = (field: string, max: number, what: string, key: string) =>
    errors.push({
      field: `${prefix}.${field}`,
      message: `exceeds the limit of ${max} ${what} (loadTesting.limits.${key})`,
    });
  if (isInt(value.users) && value.users > limits.maxUsers)
    over('users', limits.maxUsers, 'users', 'maxUsers');
  if (isInt(value.workers) && value.workers > limits.maxWorkers)
    over('workers', limits.maxWorkers, 'workers', 'maxWorkers');
  if (isInt(value.duration) && value.duration > limits.maxDurationSeconds)
    over(
      'duration',
      limits.maxDurationSeconds,
      'seconds',
      'maxDurationSeconds',
    );
  value.stages?.forEach((stage, i) => {
    if (isInt(stage?.users) && stage.users > limits.maxUsers)
      over(`stages[${i}].users`, limits.maxUsers, 'users', 'maxUsers');
  });
  return errors;
}

/** Validates thresholds. @public */
export function validateThresholds(
  input: unknown,
  prefix = 'thresholds',
): Validated<Thresholds> {
  const errors: FieldError[] = [];
  if (input === undefined || input === null) return { value: {}, errors };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return {
      value: {},
      errors: [{ field: prefix, message: 'must be an object' }],
    };
  }
  const t = input as Thresholds;
  const nonNegative = (name: keyof Thresholds) => {
    const v = t[name];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) {
      errors.push({
        field: `${prefix}.${name}`,
        message: 'must be a number ≥ 0',
      });
    }
  };
  nonNegative('maxAverageMs');
  nonNegative('minRps');
  nonNegative('maxFailureRatio');
  if (typeof t.maxFailureRatio === 'number' && t.maxFailureRatio > 1) {
    errors.push({
      field: `${prefix}.maxFailureRatio`,
      message: 'is a fraction between 0 and 1 (0.01 = 1 %)',
    });
  }
  if (t.percentiles !== undefined) {
    if (typeof t.percentiles !== 'object' || t.percentiles === null) {
      errors.push({
        field: `${prefix}.percentiles`,
        message: 'must be an object like {"p95": 300}',
      });
    } else {
      for (const [key, ms] of Object.entries(t.percentiles)) {
        if (parsePercentileKey(key) === undefined) {
          errors.push({
            field: `${prefix}.percentiles.${key}`,
            message: 'is not a percentile; use p50, p95, p99.9…',
          });
        } else if (typeof ms !== 'number' || !(ms >= 0)) {
          errors.push({
            field: `${prefix}.percentiles.${key}`,
            message: 'must be a number of ms ≥ 0',
          });
        }
      }
    }
  }
  return { value: t, errors };
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} _.()'-]{0,99}$/u;

/**
 * Validates the body of a scenario create or update; `defaults` fill the parameters it
 * leaves out (the backend's default executor). @public
 */
export function validateScenarioInput(
  input: unknown,
  defaults?: Partial<RunParameters>,
): Validated<ScenarioInput> {
  const errors: FieldError[] = [];
  const body = (input ?? {}) as Partial<ScenarioInput>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      value: body as ScenarioInput,
      errors: [{ field: 'body', message: 'must be a JSON object' }],
    };
  }
  const entityRef = normalizeEntityRef(body.entityRef);
  if (!entityRef || !/^[a-z0-9-_]+:[^/]+\/.+$/.test(entityRef)) {
    errors.push({
      field: 'entityRef',
      message: 'must be an entity reference like component:default/my-service',
    });
  }
  if (typeof body.name !== 'string' || !NAME.test(body.name.trim())) {
    errors.push({
      field: 'name',
      message:
        typeof body.name === 'string' && body.name.trim() !== ''
          ? "may hold 1-100 letters, digits, spaces and _ . ( ) ' -, starting with a letter or digit"
          : 'is required',
    });
  }
  if (body.description !== undefined && typeof body.description !== 'string') {
    errors.push({ field: 'description', message: 'must be text' });
  }
  if (typeof body.script !== 'string' || body.script.trim() === '') {
    errors.push({
      field: 'script',
      message: 'is required: a Locust file in Python',
    });
  } else if (body.script.length > 512 * 1024) {
    errors.push({ field: 'script', message: 'is larger than 512 KiB' });
  }
  const params = resolveRunParameters(defaults, body.parameters);
  errors.push(...params.errors);
  const thresholds = validateThresholds(body.thresholds);
  errors.push(...thresholds.errors);
  return {
    value: {
      entityRef: entityRef ?? (body.entityRef as string),
      name: typeof body.name === 'string' ? body.name.trim() : '',
      description: body.description,
      script: body.script as string,
      parameters: params.value,
      thresholds: thresholds.value,
    },
    errors,
  };
}

/**
 * The shape of a staged run: the users each stage aims at, from its start, and the end of
 * the last stage.
 * @public
 */
export function stagesShape(stages: RunStage[]): {
  className: string;
  planned: Array<[number, number]>;
  endsAfterSeconds: number;
} {
  const planned: Array<[number, number]> = [];
  let start = 0;
  for (const stage of stages) {
    if (planned[planned.length - 1]?.[1] !== stage.users)
      planned.push([start, stage.users]);
    start = stage.duration;
  }
  return { className: 'stages', planned, endsAfterSeconds: start };
}
