import {
  Plan,
  PlanInput,
  PlanOverlap,
  RunParameters,
} from '@internal/plugin-load-testing-common';
import { PARAMETER_KEYS, ParameterValues, toParameterValues } from '../common';
import { StageValues, fromStageValues, toStageValues } from '../StagesEditor';
import { browserTimeZone } from './cronWords';

/** A step as the editor holds it: blank parameters keep the scenario's defaults. */
export interface StepValues {
  scenarioId: string;
  params: ParameterValues;
  stages: StageValues[];
}

export interface PlanFormValues {
  name: string;
  description: string;
  groups: Array<{ steps: StepValues[] }>;
  stopOnFailure: boolean;
  scheduled: boolean;
  cron: string;
  timezone: string;
  overlap: PlanOverlap;
  enabled: boolean;
}

export function emptyStep(scenarioId = ''): StepValues {
  return { scenarioId, params: toParameterValues({}), stages: [] };
}

export function emptyPlan(scenarioId = ''): PlanFormValues {
  return {
    name: '',
    description: '',
    groups: [{ steps: [emptyStep(scenarioId)] }],
    stopOnFailure: true,
    scheduled: false,
    cron: '0 2 * * 1-5',
    timezone: browserTimeZone(),
    overlap: 'skip',
    enabled: true,
  };
}

export function planToForm(plan: Plan): PlanFormValues {
  return {
    name: plan.name,
    description: plan.description ?? '',
    groups: plan.groups.map(g => ({
      steps: g.steps.map(s => ({
        scenarioId: s.scenarioId,
        params: toParameterValues(s.parameters ?? {}),
        stages: toStageValues(s.parameters?.stages),
      })),
    })),
    stopOnFailure: plan.stopOnFailure,
    scheduled: Boolean(plan.schedule),
    cron: plan.schedule?.cron ?? '0 2 * * 1-5',
    timezone: plan.schedule?.timezone ?? browserTimeZone(),
    overlap: plan.overlap,
    enabled: plan.enabled,
  };
}

function overrides(step: StepValues): Partial<RunParameters> | undefined {
  const out: Record<string, unknown> = {};
  for (const key of PARAMETER_KEYS) {
    const v = step.params[key].trim();
    if (v === '') continue;
    out[key] = key === 'host' ? v : Number(v);
  }
  if (step.stages.length) out.stages = fromStageValues(step.stages);
  return Object.keys(out).length ? (out as Partial<RunParameters>) : undefined;
}

/** The body of POST /plans or PUT /plans/:id. */
export function formToPlanInput(
  entityRef: string,
  v: PlanFormValues,
): PlanInput {
  return {
    entityRef,
    name: v.name.trim(),
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    groups: v.groups.map(g => ({
      steps: g.steps.map(s => {
        const parameters = overrides(s);
        return parameters
          ? { scenarioId: s.scenarioId, parameters }
          : { scenarioId: s.scenarioId };
      }),
    })),
    stopOnFailure: v.stopOnFailure,
    schedule: v.scheduled
      ? { cron: v.cron.trim(), timezone: v.timezone }
      : null,
    overlap: v.overlap,
    enabled: v.enabled,
  };
}

/**
 * The API's messages about one step, keyed as the step's own fields are
 * (`parameters.users`, `scenarioId`).
 */
export function stepFields(
  fields: Record<string, string>,
  group: number,
  step: number,
): Record<string, string> {
  const prefix = `groups[${group}].steps[${step}].`;
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(fields))
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = msg;
  return out;
}

/** A plan as its input, to save it with one thing changed (PUT takes only these). */
export function planInput(plan: Plan): PlanInput {
  return {
    entityRef: plan.entityRef,
    name: plan.name,
    ...(plan.description ? { description: plan.description } : {}),
    groups: plan.groups,
    stopOnFailure: plan.stopOnFailure,
    schedule: plan.schedule ?? null,
    overlap: plan.overlap,
    enabled: plan.enabled,
  };
}
