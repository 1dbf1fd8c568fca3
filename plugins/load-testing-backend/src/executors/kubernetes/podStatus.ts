import type { V1ContainerStatus, V1Job, V1Pod } from '@kubernetes/client-node';
import { NodeRole } from '@internal/plugin-load-testing-common';
import { NodeEvent } from '../types';
import { LABELS } from './values';

/** Why a pod cannot do its work. `fatal` problems end the run at once. */
export interface PodProblem {
  reason: string;
  message: string;
  fatal: boolean;
}

/** What the run needs to know about one pod. */
export interface PodView {
  pod: string;
  role: NodeRole;
  phase: string;
  host?: string;
  restarts: number;
  ready: boolean;
  readyAt?: string;
  exitCode?: number;
  problem?: PodProblem;
}

const PULL_FAILURES = [
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
];
const CONFIG_FAILURES = ['CreateContainerConfigError', 'CreateContainerError'];

function containerProblem(
  s: V1ContainerStatus,
  limits: Record<string, string> | undefined,
): PodProblem | undefined {
  const waiting = s.state?.waiting;
  const terminated = s.state?.terminated ?? s.lastState?.terminated;
  if (terminated?.reason === 'OOMKilled') {
    const limit = limits?.memory ? ` of ${limits.memory}` : '';
    return {
      reason: 'OOMKilled',
      message: `the container ran out of memory (limit${limit || ' not set'}); raise its memory limit or lower the users per worker`,
      fatal: true,
    };
  }
  if (!waiting?.reason) return undefined;
  if (PULL_FAILURES.includes(waiting.reason)) {
    return {
      reason: waiting.reason,
      message: waiting.message || `image ${s.image} could not be pulled`,
      fatal: true,
    };
  }
  if (waiting.reason === 'ErrImagePull') {
    return {
      reason: waiting.reason,
      message: waiting.message || `pulling image ${s.image} failed`,
      fatal: false,
    };
  }
  if (waiting.reason === 'CrashLoopBackOff') {
    const last = s.lastState?.terminated;
    const exit = last
      ? `; last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}`
      : '';
    return {
      reason: 'CrashLoopBackOff',
      message: `the container keeps exiting: restarted ${s.restartCount} times${exit}; see its log`,
      fatal: true,
    };
  }
  if (CONFIG_FAILURES.includes(waiting.reason)) {
    return {
      reason: waiting.reason,
      message: waiting.message || 'the container could not be created',
      fatal: true,
    };
  }
  return undefined;
}

/** Reads the state of a pod of a run. */
export function describePod(pod: V1Pod): PodView {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  const ready = status.conditions?.find(c => c.type === 'Ready');
  const view: PodView = {
    pod: pod.metadata?.name ?? '',
    role:
      pod.metadata?.labels?.[LABELS.role] === 'master' ? 'master' : 'worker',
    phase: status.phase ?? 'Pending',
    host: pod.spec?.nodeName,
    restarts: containers.reduce((n, c) => n + (c.restartCount ?? 0), 0),
    ready: ready?.status === 'True',
  };
  if (view.ready && ready?.lastTransitionTime)
    view.readyAt = new Date(ready.lastTransitionTime).toISOString();
  const terminated = containers.find(c => c.state?.terminated)?.state
    ?.terminated;
  if (terminated) view.exitCode = terminated.exitCode;

  const scheduled = status.conditions?.find(c => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    view.problem = {
      reason: 'Unschedulable',
      message: scheduled.message || 'no node can run this pod',
      fatal: false,
    };
  }
  const limits = pod.spec?.containers?.[0]?.resources?.limits as
    Record<string, string> | undefined;
  for (const c of containers) {
    const p = containerProblem(c, limits);
    if (p && (!view.problem || p.fatal)) view.problem = p;
  }
  if (!view.problem && status.reason === 'Evicted') {
    view.problem = {
      reason: 'Evicted',
      message: status.message || 'the node evicted the pod',
      fatal: true,
    };
  }
  return view;
}

/** The node a pod is shown as: `master`, or the worker's pod name. */
export function nodeName(view: PodView): string {
  return view.role === 'master' ? 'master' : view.pod;
}

/** The node row change for a pod. */
export function podNodeEvent(view: PodView): NodeEvent {
  let state: NodeEvent['state'];
  if (view.phase === 'Succeeded') state = 'exited';
  else if (view.phase === 'Failed' || view.problem?.fatal) state = 'failed';
  else if (view.phase === 'Running' && view.ready) state = 'ready';
  else state = 'starting';
  return {
    name: nodeName(view),
    role: view.role,
    state,
    pod: view.pod,
    phase:
      view.problem && view.phase !== 'Failed'
        ? view.problem.reason
        : view.phase,
    host: view.host,
    restarts: view.restarts,
    readyAt: view.readyAt,
    exitCode: view.exitCode,
    message: view.problem
      ? `${view.problem.reason}: ${view.problem.message}`
      : undefined,
  };
}

/** How a Job ended, if it did. */
export function jobOutcome(
  job: V1Job,
):
  | { complete: true }
  | { failed: { reason: string; message: string } }
  | undefined {
  for (const c of job.status?.conditions ?? []) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return { complete: true };
    if (c.type === 'Failed') {
      return {
        failed: { reason: c.reason ?? 'Failed', message: c.message ?? '' },
      };
    }
  }
  return undefined;
}
