import { parseEntityRef } from '@backstage/catalog-model';
import { Approval, PlanRun } from '@internal/plugin-load-testing-common';
import { NotificationPayload } from '@backstage/plugin-notifications-common';

/** Every notification of the plugin is filed under this topic. */
export const NOTIFICATION_TOPIC = 'load-testing';

/**
 * The path of an entity's Load Tests tab in the app, as the catalog's entity routes
 * spell it (kind and namespace in lower case), followed by `sub`.
 */
export function loadTestsPath(entityRef: string, sub: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [
    '/catalog',
    encodeURIComponent(namespace.toLocaleLowerCase('en-US')),
    encodeURIComponent(kind.toLocaleLowerCase('en-US')),
    encodeURIComponent(name),
    'load-tests',
    sub,
  ].join('/');
}

function entityName(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** `user:default/jane` as `jane`; anything that is not an entity ref as itself. */
export function refName(ref: string): string {
  return entityName(ref);
}

/**
 * The notification for the owners of a plan run that ended failed or inconclusive, of
 * either trigger; none for one that passed, was cancelled or skipped.
 */
export function planRunNotification(
  run: PlanRun,
): NotificationPayload | undefined {
  const failed = run.status === 'failed' || run.verdict === 'fail';
  const inconclusive =
    !failed && run.status === 'succeeded' && run.verdict === 'inconclusive';
  if (!failed && !inconclusive) return undefined;
  const outcome = failed ? 'failed' : 'was inconclusive';
  const reason =
    run.verdictReason ??
    run.steps.find(s => s.error)?.error ??
    'No reason was recorded';
  const how =
    run.trigger === 'schedule'
      ? 'Fired by its schedule'
      : `Run by hand by ${refName(run.triggeredBy)}`;
  return {
    title: `Load test plan ${run.planName} ${outcome} on ${entityName(run.entityRef)}`,
    description: `${reason.replace(/[.\s]+$/, '')}. ${how}.`,
    link: loadTestsPath(
      run.entityRef,
      `plan-runs/${encodeURIComponent(run.id)}`,
    ),
    severity: failed ? 'high' : 'normal',
    topic: NOTIFICATION_TOPIC,
    scope: run.id,
  };
}

/** `run of Checkout flow` or `plan nightly (version 3)`. */
function subjectName(approval: Approval): string {
  return approval.subject.kind === 'run'
    ? `run of ${approval.title}`
    : `plan ${approval.title} (version ${approval.subject.planVersion})`;
}

/** The notification for those who may approve what waits. */
export function approvalRequestedNotification(
  approval: Approval,
): NotificationPayload {
  const what = subjectName(approval);
  const reasons = approval.reasons.length
    ? approval.reasons.join('; ')
    : 'The approval rules ask for it';
  return {
    title: `A load test ${what} on ${entityName(approval.entityRef)} waits for approval`,
    description: `Requested by ${refName(approval.requestedBy)}: ${reasons}. It expires at ${approval.expiresAt}.`,
    link: loadTestsPath(approval.entityRef, 'approvals'),
    severity: 'normal',
    topic: NOTIFICATION_TOPIC,
    scope: `approval:${approval.id}`,
  };
}

/** Where the requester follows what the approval was for. */
function subjectLink(approval: Approval): string {
  return approval.subject.kind === 'run'
    ? loadTestsPath(
        approval.entityRef,
        `runs/${encodeURIComponent(approval.subject.runId)}`,
      )
    : loadTestsPath(
        approval.entityRef,
        `plans/${encodeURIComponent(approval.subject.planId)}`,
      );
}

/**
 * The notification for the requester of an approval that was approved, denied or
 * expired; `decider` is how the one who decided is named (a display name or the ref).
 */
export function approvalDecidedNotification(
  approval: Approval,
  decider?: string,
): NotificationPayload | undefined {
  const what = `Your ${subjectName(approval)}`;
  const by = decider ?? (approval.decidedBy && refName(approval.decidedBy));
  const comment = approval.comment?.trim();
  const base = {
    link: subjectLink(approval),
    topic: NOTIFICATION_TOPIC,
    scope: `approval:${approval.id}`,
  };
  switch (approval.state) {
    case 'approved':
      return {
        ...base,
        title: `${what} was approved by ${by ?? 'an approver'}${comment ? `: ${comment}` : ''}`,
        description:
          approval.subject.kind === 'run'
            ? `It starts now on ${entityName(approval.entityRef)}.`
            : `This version may run on ${entityName(approval.entityRef)}; a change of its steps or schedule asks again.`,
        severity: 'normal',
      };
    case 'denied':
      return {
        ...base,
        title: `${what} was denied by ${by ?? 'an approver'}${comment ? `: ${comment}` : ''}`,
        description:
          approval.subject.kind === 'run'
            ? `The run on ${entityName(approval.entityRef)} was cancelled.`
            : `This version does not run on ${entityName(approval.entityRef)}.`,
        severity: 'high',
      };
    case 'expired':
      return {
        ...base,
        title: `${what} expired without a decision`,
        description: `Nobody decided by ${approval.expiresAt}${
          approval.subject.kind === 'run' ? '; the run was cancelled' : ''
        }.`,
        severity: 'normal',
      };
    default:
      return undefined;
  }
}
