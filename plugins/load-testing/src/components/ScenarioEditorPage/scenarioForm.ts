import {
  DEFAULT_RUN_PARAMETERS,
  FieldError,
  LoadTestingSettings,
  Scenario,
  ScenarioInput,
  Thresholds,
  validateScenarioInput,
} from '@internal/plugin-load-testing-common';
import {
  ParameterValues,
  checkParameters,
  fromParameterValues,
  toParameterValues,
} from '../common';
import { DEFAULT_SCENARIO_NAME, DEFAULT_SCRIPT } from './defaultScript';
import {
  StageValues,
  fromStageValues,
  toStageValues,
} from '../StagesEditor';

/** Thresholds as typed; the failure ratio in percent, as people say it. */
export interface ThresholdValues {
  p95: string;
  p99: string;
  failurePercent: string;
  minRps: string;
}

export interface ScenarioFormValues {
  name: string;
  description: string;
  script: string;
  parameters: ParameterValues;
  /** Users over time; none: steady load for the duration. */
  stages?: StageValues[];
  thresholds: ThresholdValues;
}

/** API field path of each threshold input. */
export const THRESHOLD_FIELDS: Record<keyof ThresholdValues, string> = {
  p95: 'thresholds.percentiles.p95',
  p99: 'thresholds.percentiles.p99',
  failurePercent: 'thresholds.maxFailureRatio',
  minRps: 'thresholds.minRps',
};

const str = (v: number | undefined) => (v === undefined ? '' : String(v));

export function toFormValues(scenario?: Scenario): ScenarioFormValues {
  if (!scenario) {
    return {
      name: DEFAULT_SCENARIO_NAME,
      description: '',
      script: DEFAULT_SCRIPT,
      parameters: toParameterValues(DEFAULT_RUN_PARAMETERS),
      thresholds: { p95: '500', p99: '', failurePercent: '1', minRps: '' },
    };
  }
  const t = scenario.thresholds ?? {};
  return {
    name: scenario.name,
    description: scenario.description ?? '',
    script: scenario.script,
    parameters: toParameterValues(scenario.parameters),
    stages: toStageValues(scenario.parameters.stages),
    thresholds: {
      p95: str(t.percentiles?.p95),
      p99: str(t.percentiles?.p99),
      // 0.015 * 100 is 1.5000000000000002 in floating point
      failurePercent:
        t.maxFailureRatio === undefined
          ? ''
          : String(Number((t.maxFailureRatio * 100).toFixed(6))),
      minRps: str(t.minRps),
    },
  };
}

const optional = (v: string) =>
  v.trim() === '' ? undefined : Number(v.trim());

/** Thresholds to send; keeps the ones this form does not edit (other percentiles, average). */
export function toThresholds(
  values: ThresholdValues,
  base: Thresholds = {},
): Thresholds {
  const percentiles: Record<string, number> = { ...(base.percentiles ?? {}) };
  delete percentiles.p95;
  delete percentiles.p99;
  const p95 = optional(values.p95);
  const p99 = optional(values.p99);
  if (p95 !== undefined) percentiles.p95 = p95;
  if (p99 !== undefined) percentiles.p99 = p99;
  const failure = optional(values.failurePercent);
  const out: Thresholds = {
    ...base,
    percentiles: Object.keys(percentiles).length ? percentiles : undefined,
    maxFailureRatio: failure === undefined ? undefined : failure / 100,
    minRps: optional(values.minRps),
  };
  for (const k of Object.keys(out) as Array<keyof Thresholds>) {
    if (out[k] === undefined) delete out[k];
  }
  return out;
}

// the form's stages replace the scenario's; none removes them
function stagesOf(values: ScenarioFormValues) {
  if (!values.stages) return {};
  return {
    stages: values.stages.length ? fromStageValues(values.stages) : undefined,
  };
}

/** The body of POST/PUT /scenarios; keeps parameters the form does not edit (tags, env…). */
export function toScenarioInput(
  values: ScenarioFormValues,
  entityRef: string,
  base?: Scenario,
): ScenarioInput {
  return {
    entityRef,
    name: values.name.trim(),
    description: values.description.trim() || undefined,
    script: values.script,
    parameters: {
      ...(base?.parameters ?? {}),
      ...fromParameterValues(values.parameters),
      ...stagesOf(values),
    },
    thresholds: toThresholds(values.thresholds, base?.thresholds),
  };
}

/** The backend's checks, run before saving, plus the percent range of this form. */
export function checkScenario(
  values: ScenarioFormValues,
  entityRef: string,
  base?: Scenario,
  settings?: LoadTestingSettings,
): FieldError[] {
  const input = toScenarioInput(values, entityRef, base);
  const errors = validateScenarioInput(input).errors.filter(
    e => !e.field.startsWith('parameters.'),
  );
  errors.push(
    ...checkParameters(base?.parameters, values.parameters, settings, {
      ...fromParameterValues(values.parameters),
      ...stagesOf(values),
    }),
  );
  const failure = optional(values.thresholds.failurePercent);
  if (
    failure !== undefined &&
    (Number.isNaN(failure) || failure < 0 || failure > 100)
  ) {
    const i = errors.findIndex(
      e => e.field === THRESHOLD_FIELDS.failurePercent,
    );
    if (i >= 0) errors.splice(i, 1);
    errors.push({
      field: THRESHOLD_FIELDS.failurePercent,
      message: 'must be between 0 and 100 %',
    });
  }
  return errors;
}
