import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ApprovalSummary,
  FieldError,
  Page,
  Plan,
  PlanInput,
  PlanRun,
  PlanRunSummary,
  loadTestingPlanCreatePermission,
  loadTestingPlanDeletePermission,
  loadTestingPlanUpdatePermission,
  loadTestingReadPermission,
  loadTestingRunCreatePermission,
  normalizeEntityRef,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { Store } from '../../database/Store';
import {
  PlanRow,
  PlanRunRow,
  PlanStore,
  isUniqueViolation,
} from '../../database/PlanStore';
import { AccessControl } from '../access';
import { Admission } from '../admission';
import { ValidationError, throwIfInvalid } from '../errors';
import { checkSchedule, nextFire } from './schedule';

export const MAX_GROUPS = 20;
export const MAX_STEPS_PER_GROUP = 10;

/** What the API shows of a plan run row. */
export function toPlanRunSummary(r: PlanRunRow): PlanRunSummary {
  return {
    id: r.id,
    planId: r.planId,
    planName: r.planName,
    planVersion: r.planVersion,
    entityRef: r.entityRef,
    trigger: r.trigger,
    triggeredBy: r.triggeredBy,
    status: r.status,
    verdict: r.verdict,
    verdictReason: r.verdictReason,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function toPlanRun(r: PlanRunRow): PlanRun {
  return { ...toPlanRunSummary(r), steps: r.steps };
}

/** The plan as the API and the approval rules see it. */
export function toPlan(row: PlanRow): Plan {
  return { ...row, schedule: row.schedule ?? null };
}

/** What tells the scheduler that a plan changed. */
export interface PlanScheduleListener {
  planChanged(plan: PlanRow): Promise<void>;
  planDeleted(planId: string): Promise<void>;
}

/** Plans of a test set: CRUD, with the same checks a run of each step would get. */
export class PlanService {
  constructor(
    private readonly deps: {
      store: Store;
      plans: PlanStore;
      access: AccessControl;
      admission: Admission;
      scheduler?: PlanScheduleListener;
      /** The approval of a plan version, when the approval rules asked for one. */
      approvalOf?: (
        planId: string,
        version: number,
      ) => Promise<ApprovalSummary | undefined>;
    },
  ) {}

  /** Set once the scheduler exists (it needs the runner, which needs this service). */
  setScheduler(scheduler: PlanScheduleListener) {
    this.deps.scheduler = scheduler;
  }

  private async decorate(rows: PlanRow[]): Promise<Plan[]> {
    const latest = await this.deps.plans.latestPlanRuns(rows.map(r => r.id));
    return Promise.all(
      rows.map(async r => {
        const last = latest.get(r.id);
        let nextRunAt: string | undefined;
        if (r.enabled && r.schedule) {
          try {
            nextRunAt = nextFire(r.schedule).toISOString();
          } catch {
            nextRunAt = undefined;
          }
        }
        const approval = await this.deps
          .approvalOf?.(r.id, r.version)
          .catch(() => undefined);
        return {
          ...toPlan(r),
          nextRunAt,
          lastRun: last ? toPlanRunSummary(last) : undefined,
          approval: approval
            ? {
                id: approval.id,
                state: approval.state,
                decidedBy: approval.decidedBy,
                decidedAt: approval.decidedAt,
                comment: approval.comment,
                expiresAt: approval.expiresAt,
              }
            : undefined,
        };
      }),
    );
  }

  private entityRefOf(value: unknown): string {
    const entityRef = normalizeEntityRef(value);
    if (!entityRef)
      throwIfInvalid([
        {
          field: 'entityRef',
          message: value
            ? 'must be an entity reference like component:default/my-service'
            : 'is required',
        },
      ]);
    return entityRef!;
  }

  async list(
    entityRefParam: unknown,
    credentials: BackstageCredentials,
  ): Promise<Plan[]> {
    const entityRef = this.entityRefOf(entityRefParam);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef,
    );
    return this.decorate(await this.deps.plans.listPlans(entityRef));
  }

  /** A plan the caller may read, or a 404 / 403. */
  async getRow(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<PlanRow> {
    const row = await this.deps.plans.getPlan(id);
    if (!row) throw new NotFoundError(`No plan ${id}`);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      row.entityRef,
    );
    return row;
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Plan> {
    return (await this.decorate([await this.getRow(id, credentials)]))[0];
  }

  /**
   * A plan input as stored, or a 400 naming every field at fault: each step's scenario
   * must be the entity's, and its parameters pass the checks a run of it would.
   */
  private async validate(
    body: any,
    entityRef: string,
  ): Promise<
    Omit<PlanRow, 'id' | 'version' | 'createdBy' | 'createdAt' | 'updatedAt'>
  > {
    const errors: FieldError[] = [];
    const name = typeof body?.name === 'string' ? body.name.trim() : '';
    if (!name) errors.push({ field: 'name', message: 'is required' });
    else if (name.length > 200)
      errors.push({ field: 'name', message: 'must be at most 200 characters' });
    const groups: PlanInput['groups'] = Array.isArray(body?.groups)
      ? body.groups
      : [];
    if (groups.length < 1 || groups.length > MAX_GROUPS)
      errors.push({
        field: 'groups',
        message: `must have 1 to ${MAX_GROUPS} groups`,
      });
    for (let g = 0; g < Math.min(groups.length, MAX_GROUPS); g++) {
      const steps = Array.isArray(groups[g]?.steps) ? groups[g].steps : [];
      if (steps.length < 1 || steps.length > MAX_STEPS_PER_GROUP) {
        errors.push({
          field: `groups[${g}].steps`,
          message: `must have 1 to ${MAX_STEPS_PER_GROUP} steps`,
        });
        continue;
      }
      for (let s = 0; s < steps.length; s++) {
        errors.push(
          ...(await this.checkStep(
            steps[s],
            entityRef,
            `groups[${g}].steps[${s}]`,
          )),
        );
      }
    }
    const schedule = body?.schedule ?? undefined;
    if (schedule) errors.push(...checkSchedule(schedule));
    const overlap = body?.overlap ?? 'skip';
    if (overlap !== 'skip' && overlap !== 'queue')
      errors.push({ field: 'overlap', message: 'must be skip or queue' });
    throwIfInvalid(errors);
    return {
      entityRef,
      name,
      description: body.description || undefined,
      groups: groups.map(g => ({
        steps: g.steps.map(s => ({
          scenarioId: s.scenarioId,
          ...(s.parameters && Object.keys(s.parameters).length
            ? { parameters: s.parameters }
            : {}),
        })),
      })),
      stopOnFailure: body.stopOnFailure ?? true,
      schedule: schedule
        ? { cron: String(schedule.cron).trim(), timezone: schedule.timezone }
        : undefined,
      overlap,
      enabled: body.enabled ?? true,
    };
  }

  private async checkStep(
    step: any,
    entityRef: string,
    field: string,
  ): Promise<FieldError[]> {
    const scenarioId = step?.scenarioId;
    if (typeof scenarioId !== 'string' || !scenarioId)
      return [{ field: `${field}.scenarioId`, message: 'is required' }];
    const scenario = await this.deps.store.getScenario(scenarioId);
    if (!scenario)
      return [
        { field: `${field}.scenarioId`, message: `no scenario ${scenarioId}` },
      ];
    if (scenario.entityRef !== entityRef)
      return [
        {
          field: `${field}.scenarioId`,
          message: `scenario "${scenario.name}" belongs to ${scenario.entityRef}, not ${entityRef}`,
        },
      ];
    try {
      this.deps.admission.checkParameters(
        scenario.parameters,
        step.parameters,
        scenario.shapeClass,
        entityRef,
      );
      return [];
    } catch (e) {
      // a refused target is a field of the plan like any other
      const fields = (e as ValidationError).fields;
      if (!Array.isArray(fields)) throw e;
      return fields.map(f => ({
        ...f,
        field: `${field}.${f.field.startsWith('parameters') ? f.field : `parameters.${f.field}`}`,
      }));
    }
  }

  /** A plan starts runs with the plugin's own credentials: its author must be able to. */
  private async requireWrite(
    credentials: BackstageCredentials,
    permission: typeof loadTestingPlanCreatePermission,
    entityRef: string,
  ) {
    await this.deps.access.require(credentials, permission, entityRef);
    await this.deps.access.require(
      credentials,
      loadTestingRunCreatePermission,
      entityRef,
    );
  }

  async create(
    body: any,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Plan> {
    const entityRef = this.entityRefOf(body?.entityRef);
    await this.requireWrite(
      credentials,
      loadTestingPlanCreatePermission,
      entityRef,
    );
    await this.deps.admission.requireEntity(entityRef, credentials);
    const value = await this.validate(body, entityRef);
    await this.assertNameFree(entityRef, value.name);
    const now = new Date().toISOString();
    const row: PlanRow = {
      ...value,
      id: crypto.randomUUID(),
      version: 1,
      createdBy: userRef,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.plans.createPlan(row);
    } catch (e) {
      if (isUniqueViolation(e)) this.nameTaken(entityRef, value.name);
      throw e;
    }
    await this.deps.scheduler?.planChanged(row);
    return (await this.decorate([row]))[0];
  }

  private nameTaken(entityRef: string, name: string): never {
    throw new ConflictError(`${entityRef} already has a plan named "${name}"`);
  }

  private async assertNameFree(
    entityRef: string,
    name: string,
    exceptId?: string,
  ) {
    const clash = (await this.deps.plans.listPlans(entityRef)).find(
      p => p.name.toLowerCase() === name.toLowerCase() && p.id !== exceptId,
    );
    if (clash) this.nameTaken(entityRef, name);
  }

  /** Replaces a plan; its version grows when its groups or its schedule change. */
  async update(
    id: string,
    body: any,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Plan> {
    const old = await this.getRow(id, credentials);
    await this.requireWrite(
      credentials,
      loadTestingPlanUpdatePermission,
      old.entityRef,
    );
    if (
      body?.entityRef !== undefined &&
      normalizeEntityRef(body.entityRef) !== old.entityRef
    )
      throwIfInvalid([
        {
          field: 'entityRef',
          message: `cannot change: the plan belongs to ${old.entityRef}`,
        },
      ]);
    const value = await this.validate(body, old.entityRef);
    await this.assertNameFree(old.entityRef, value.name, id);
    const changed =
      JSON.stringify(value.groups) !== JSON.stringify(old.groups) ||
      JSON.stringify(value.schedule ?? null) !==
        JSON.stringify(old.schedule ?? null);
    const row: PlanRow = {
      ...old,
      ...value,
      version: changed ? old.version + 1 : old.version,
      updatedBy: userRef,
      updatedAt: new Date().toISOString(),
    };
    try {
      await this.deps.plans.updatePlan(id, {
        ...row,
        schedule: row.schedule,
        description: row.description,
      });
    } catch (e) {
      if (isUniqueViolation(e)) this.nameTaken(old.entityRef, value.name);
      throw e;
    }
    await this.deps.scheduler?.planChanged(row);
    return (await this.decorate([row]))[0];
  }

  async delete(id: string, credentials: BackstageCredentials): Promise<void> {
    const old = await this.getRow(id, credentials);
    await this.deps.access.require(
      credentials,
      loadTestingPlanDeletePermission,
      old.entityRef,
    );
    await this.deps.plans.deletePlan(id);
    await this.deps.scheduler?.planDeleted(id);
  }

  /** A plan's runs, newest first. */
  async listRuns(
    id: string,
    page: { offset: number; limit: number },
    credentials: BackstageCredentials,
  ): Promise<Page<PlanRunSummary>> {
    await this.getRow(id, credentials);
    const { items, totalCount } = await this.deps.plans.listPlanRuns(id, page);
    return {
      items: items.map(toPlanRunSummary),
      totalCount,
      offset: page.offset,
      limit: page.limit,
    };
  }

  /** A plan run the caller may read. */
  async getRunRow(
    planRunId: string,
    credentials: BackstageCredentials,
  ): Promise<PlanRunRow> {
    const run = await this.deps.plans.getPlanRun(planRunId);
    if (!run) throw new NotFoundError(`No plan run ${planRunId}`);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      run.entityRef,
    );
    return run;
  }
}
