import {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Approval,
  ApprovalDecision,
  ApprovalState,
  LoadEstimate,
  Plan,
  QuotaUsage,
  RunParameters,
  RunStatus,
  isTerminalStatus,
  loadTestingReadPermission,
  loadTestingRunApprovePermission,
  normalizeEntityRef,
  resolveRunParameters,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { ApprovalStore } from '../../database/ApprovalStore';
import { Store } from '../../database/Store';
import { AccessControl } from '../access';
import { RefusedError, throwIfInvalid } from '../errors';
import { LoadTestingEvents } from '../events';
import { ApprovalsConfig, formatWait } from './approvalsConfig';
import {
  CpuRequests,
  approvalReasons,
  estimateRun,
  maxEstimates,
  sumEstimates,
} from './estimate';
import { PERIOD_MS, overBudget, usageOf } from './quotas';

/** What approvals need of runs: start one that was approved, end one that was not. */
export interface ApprovedRunStarter {
  startApproved(runId: string): Promise<boolean>;
  finish(runId: string, status: RunStatus, reason?: string): Promise<void>;
  getStatus(runId: string): Promise<RunStatus | undefined>;
}

/** What admission decided of a run about to be created. */
export interface RunAdmission {
  estimate: LoadEstimate;
  ownerGroup?: string;
  /** Why the run waits for an approval; empty when it does not. */
  reasons: string[];
  /** The plan approval that lets it start without its own. */
  coveredBy?: string;
}

/** The state of a plan version's approval, for the plan runner. */
export interface PlanApprovalCheck {
  state: 'not-needed' | 'approved' | 'pending' | 'denied' | 'expired';
  approval?: Approval;
}

export const MAX_COMMENT = 2000;

/**
 * Approval rules and quotas at admission; decisions, expiry, and the approvals of plan
 * versions.
 */
export class ApprovalService {
  private runs?: ApprovedRunStarter;

  constructor(
    private readonly deps: {
      config: ApprovalsConfig;
      approvals: ApprovalStore;
      store: Store;
      access: AccessControl;
      permissions: PermissionsService;
      catalog: CatalogService;
      logger: LoggerService;
      cpu: CpuRequests;
      /** Default run parameters of this backend (its default executor). */
      defaults: () => Partial<RunParameters>;
      events?: LoadTestingEvents;
      now?: () => number;
    },
  ) {}

  /** Runs are created after approvals exist: they hand themselves over. */
  bind(runs: ApprovedRunStarter): void {
    this.runs = runs;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  // ---- admission ----------------------------------------------------------------------

  /**
   * Estimates a run, refuses it (403) when it does not fit a quota, and says whether it
   * must wait for an approval. A plan approval id makes it covered: it does not wait.
   */
  async admit(input: {
    entityRef: string;
    parameters: RunParameters;
    credentials: BackstageCredentials;
    planApprovalId?: string;
    /** A plan's step: the approved version of its plan covers it. */
    planRunId?: string;
  }): Promise<RunAdmission> {
    const estimate = estimateRun(input.parameters, this.deps.cpu);
    const ownerGroup = await this.ownerOf(input.entityRef, input.credentials);
    await this.requireQuota(input.entityRef, ownerGroup, estimate.coreHours);
    if (input.planApprovalId) {
      const approval = await this.deps.approvals.get(input.planApprovalId);
      if (
        !approval ||
        approval.subject.kind !== 'plan' ||
        approval.state !== 'approved' ||
        approval.entityRef !== input.entityRef
      )
        throw new NotAllowedError(
          `Plan approval ${input.planApprovalId} does not cover a run of ${input.entityRef}`,
        );
      return { estimate, ownerGroup, reasons: [], coveredBy: approval.id };
    }
    if (input.planRunId) {
      const approval = await this.deps.approvals.approvedForPlanRun(
        input.planRunId,
      );
      if (approval && approval.entityRef === input.entityRef)
        return { estimate, ownerGroup, reasons: [], coveredBy: approval.id };
    }
    return {
      estimate,
      ownerGroup,
      reasons: approvalReasons(estimate, this.deps.config.rules),
    };
  }

  /** Records what admission decided once the run exists; asks for its approval if needed. */
  async admitted(
    run: {
      id: string;
      entityRef: string;
      scenarioName: string;
      createdBy: string;
    },
    admission: RunAdmission,
  ): Promise<Approval | undefined> {
    await this.deps.approvals.stampRun(run.id, {
      coreHours: admission.estimate.coreHours,
      ownerGroup: admission.ownerGroup,
      approvalId: admission.coveredBy,
    });
    if (!admission.reasons.length || admission.coveredBy) return undefined;
    return this.request({
      subject: { kind: 'run', runId: run.id },
      entityRef: run.entityRef,
      title: run.scenarioName,
      requestedBy: run.createdBy,
      reasons: admission.reasons,
      estimate: admission.estimate,
    });
  }

  private async request(
    a: Pick<
      Approval,
      'subject' | 'entityRef' | 'title' | 'requestedBy' | 'reasons' | 'estimate'
    >,
  ): Promise<Approval> {
    const now = this.now();
    const approval: Approval = {
      ...a,
      id: crypto.randomUUID(),
      state: 'pending',
      requestedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.deps.config.expiresAfterMs).toISOString(),
    };
    await this.deps.approvals.create(approval);
    this.deps.events?.emit('approvalRequested', approval);
    return approval;
  }

  /** The entity's owner as a normalized ref (kind `group` when the owner omits it). */
  private async ownerOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    try {
      const entity = await this.deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
      if (typeof owner !== 'string' || !owner) return undefined;
      const ref = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity!.metadata.namespace ?? 'default',
      });
      return normalizeEntityRef(stringifyEntityRef(ref));
    } catch (e) {
      this.deps.logger.warn(`Could not read the owner of ${entityRef}: ${e}`);
      return undefined;
    }
  }

  // ---- quotas -------------------------------------------------------------------------

  /** Every configured budget of the entity and its owning group, and its use. */
  async usage(
    entityRef: string,
    ownerGroup: string | undefined,
  ): Promise<QuotaUsage[]> {
    const { perEntity, perGroup } = this.deps.config.quotas;
    const now = this.now();
    const since = new Date(now - PERIOD_MS.week).toISOString();
    const out: QuotaUsage[] = [];
    const scopes = [
      { scope: 'entity' as const, ref: entityRef, budgets: perEntity },
      ...(ownerGroup
        ? [{ scope: 'group' as const, ref: ownerGroup, budgets: perGroup }]
        : []),
    ];
    for (const s of scopes) {
      const periods = (['day', 'week'] as const).filter(
        p => s.budgets[p] !== undefined,
      );
      if (!periods.length) continue;
      const runs = await this.deps.approvals.quotaRuns(
        s.scope === 'entity' ? { entityRef: s.ref } : { ownerGroup: s.ref },
        since,
      );
      for (const period of periods)
        out.push(
          usageOf(
            runs,
            {
              scope: s.scope,
              ref: s.ref,
              period,
              limitCoreHours: s.budgets[period]!,
            },
            now,
          ),
        );
    }
    return out;
  }

  private async requireQuota(
    entityRef: string,
    ownerGroup: string | undefined,
    needs: number,
  ): Promise<void> {
    for (const u of await this.usage(entityRef, ownerGroup)) {
      const refusal = overBudget(u, needs);
      if (refusal)
        throw new RefusedError(refusal, [
          { field: 'parameters', message: refusal },
        ]);
    }
  }

  /** GET /quotas: the budgets of an entity the caller may read. */
  async quotas(
    entityRefRaw: unknown,
    credentials: BackstageCredentials,
  ): Promise<QuotaUsage[]> {
    const entityRef = this.entityRefParam(entityRefRaw);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      entityRef,
    );
    const owner = await this.ownerOf(entityRef, credentials);
    return this.usage(entityRef, owner);
  }

  private entityRefParam(raw: unknown): string {
    const ref = normalizeEntityRef(raw);
    if (!ref)
      throwIfInvalid([
        {
          field: 'entityRef',
          message:
            'must be an entity reference like component:default/my-service',
        },
      ]);
    return ref!;
  }

  // ---- reads --------------------------------------------------------------------------

  /**
   * With an entity: its approvals, for a reader of it. Without: the approvals the caller
   * may decide.
   */
  async list(
    query: { state?: ApprovalState; entityRef?: unknown },
    credentials: BackstageCredentials,
  ): Promise<Approval[]> {
    await this.expireDue();
    if (query.entityRef !== undefined) {
      const entityRef = this.entityRefParam(query.entityRef);
      await this.deps.access.require(
        credentials,
        loadTestingReadPermission,
        entityRef,
      );
      return this.deps.approvals.list({ state: query.state, entityRef });
    }
    const all = await this.deps.approvals.list({ state: query.state });
    const refs = [...new Set(all.map(a => a.entityRef))];
    if (!refs.length) return [];
    const decisions = await this.deps.permissions.authorize(
      refs.map(resourceRef => ({
        permission: loadTestingRunApprovePermission,
        resourceRef,
      })),
      { credentials },
    );
    const allowed = new Set(
      refs.filter((_, i) => decisions[i]?.result === AuthorizeResult.ALLOW),
    );
    return all.filter(a => allowed.has(a.entityRef));
  }

  async get(id: string, credentials: BackstageCredentials): Promise<Approval> {
    await this.expireDue();
    const approval = await this.deps.approvals.get(id);
    if (!approval) throw new NotFoundError(`No approval ${id}`);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      approval.entityRef,
    );
    return approval;
  }

  /** The approval a run waited for, or the plan approval that covered it. */
  async forRun(runId: string): Promise<Approval | undefined> {
    const approval = await this.deps.approvals.forRun(runId);
    if (approval?.state === 'pending' && this.overdue(approval)) {
      await this.expireDue();
      return this.deps.approvals.get(approval.id);
    }
    return approval;
  }

  private overdue(a: Approval): boolean {
    return Date.parse(a.expiresAt) <= this.now();
  }

  // ---- decisions ----------------------------------------------------------------------

  async decide(
    id: string,
    body: ApprovalDecision,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<Approval> {
    if (body?.decision !== 'approve' && body?.decision !== 'deny')
      throwIfInvalid([
        { field: 'decision', message: 'must be approve or deny' },
      ]);
    const comment = body.comment?.trim() || undefined;
    if (comment && comment.length > MAX_COMMENT)
      throwIfInvalid([
        {
          field: 'comment',
          message: `must be at most ${MAX_COMMENT} characters`,
        },
      ]);
    await this.expireDue();
    const approval = await this.deps.approvals.get(id);
    if (!approval) throw new NotFoundError(`No approval ${id}`);
    await this.deps.access.require(
      credentials,
      loadTestingRunApprovePermission,
      approval.entityRef,
    );
    if (approval.state !== 'pending')
      throw new ConflictError(
        `Approval ${id} was already ${approval.state}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}`,
      );
    if (approval.requestedBy === userRef && !this.deps.config.allowSelfApproval)
      throw new NotAllowedError(
        'You cannot decide an approval you asked for (loadTesting.approvals.allowSelfApproval is false)',
      );
    if (approval.subject.kind === 'run') {
      const status = await this.runs?.getStatus(approval.subject.runId);
      if (!status || isTerminalStatus(status))
        throw new ConflictError(
          `The run of approval ${id} already ended (${status ?? 'deleted'})`,
        );
    }
    const decided = await this.deps.approvals.decide(id, {
      state: body.decision === 'approve' ? 'approved' : 'denied',
      decidedBy: userRef,
      decidedAt: new Date(this.now()).toISOString(),
      comment,
    });
    if (!decided)
      throw new ConflictError(`Approval ${id} was decided meanwhile`);
    if (approval.subject.kind === 'run') {
      const runId = approval.subject.runId;
      if (body.decision === 'approve') await this.runs?.startApproved(runId);
      else
        await this.runs?.finish(
          runId,
          'cancelled',
          `denied by ${userRef}${comment ? `: ${comment}` : ''}`,
        );
    }
    const out = (await this.deps.approvals.get(id))!;
    this.deps.events?.emit('approvalDecided', out);
    return out;
  }

  /** Expires approvals whose time is up; their runs are cancelled. */
  async expireDue(): Promise<number> {
    const now = new Date(this.now()).toISOString();
    let expired = 0;
    for (const a of await this.deps.approvals.listOverdue(now)) {
      const changed = await this.deps.approvals.decide(a.id, {
        state: 'expired',
        decidedAt: now,
      });
      if (!changed) continue;
      expired++;
      if (a.subject.kind === 'run')
        await this.runs?.finish(
          a.subject.runId,
          'cancelled',
          `the approval expired after ${formatWait(this.deps.config.expiresAfterMs)}`,
        );
      const out = await this.deps.approvals.get(a.id);
      if (out) this.deps.events?.emit('approvalDecided', out);
    }
    return expired;
  }

  // ---- plans --------------------------------------------------------------------------

  /**
   * The size of a plan: each group's steps side by side add up, and the largest group
   * (figure by figure) is what the rules measure.
   */
  async estimatePlan(plan: Plan): Promise<LoadEstimate> {
    const groups: LoadEstimate[] = [];
    for (const group of plan.groups) {
      const steps: LoadEstimate[] = [];
      for (const step of group.steps) {
        const scenario = await this.deps.store.getScenario(step.scenarioId);
        if (!scenario) continue;
        const { value } = resolveRunParameters(
          { ...this.deps.defaults(), ...scenario.parameters },
          step.parameters,
        );
        steps.push(estimateRun(value, this.deps.cpu));
      }
      groups.push(sumEstimates(steps));
    }
    return maxEstimates(groups);
  }

  /**
   * Whether a plan version may start its runs. Asked once per version: an approved
   * version covers every fire of it; a pending one waits; a denied version stays denied
   * (a new version asks again); an expired approval (or none) asks anew and is pending.
   */
  async checkPlan(plan: Plan, requestedBy: string): Promise<PlanApprovalCheck> {
    const estimate = await this.estimatePlan(plan);
    const reasons = approvalReasons(estimate, this.deps.config.rules);
    if (!reasons.length) return { state: 'not-needed' };
    await this.expireDue();
    const last = await this.deps.approvals.forPlanVersion(
      plan.id,
      plan.version,
    );
    if (
      last &&
      (last.state === 'approved' ||
        last.state === 'denied' ||
        last.state === 'pending')
    )
      return { state: last.state, approval: last };
    const approval = await this.request({
      subject: { kind: 'plan', planId: plan.id, planVersion: plan.version },
      entityRef: plan.entityRef,
      title: `${plan.name} (plan, version ${plan.version})`,
      requestedBy,
      reasons,
      estimate,
    });
    return { state: 'pending', approval };
  }
}
