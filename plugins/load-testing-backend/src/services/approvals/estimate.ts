import {
  LoadEstimate,
  PodResources,
  RunParameters,
} from '@internal/plugin-load-testing-common';
import { parseQuantity } from '../../executors/kubernetes/values';
import { ApprovalRules } from './approvalsConfig';

/** What a run's CPU is counted at, per role, in cores. */
export interface CpuRequests {
  /** Defaults of the kubernetes executor (`loadTesting.kubernetes.resources`). */
  kubernetes?: { master: PodResources; worker: PodResources };
  /** Cores a local worker, and the local master, are counted for. */
  localCoresPerWorker: number;
}

function cores(
  own: PodResources | undefined,
  fallback: PodResources | undefined,
  otherwise: number,
): number {
  const q = own?.requests?.cpu ?? fallback?.requests?.cpu;
  const n = q === undefined ? NaN : parseQuantity(q);
  return Number.isFinite(n) && n >= 0 ? n : otherwise;
}

/**
 * The size of a run: users (the peak of its stages), workers, its time limit, and
 * CPU-core-hours = (workers × a worker's CPU request + the master's) × hours. On
 * Kubernetes the requests are the run's own or the executor's defaults; elsewhere each
 * process counts `localCoresPerWorker` cores.
 */
export function estimateRun(
  params: RunParameters,
  cpu: CpuRequests,
): LoadEstimate {
  const users = params.stages?.length
    ? Math.max(params.users ?? 0, ...params.stages.map(s => s.users))
    : params.users;
  const workers = Math.max(0, params.workers ?? 0);
  const local = cpu.localCoresPerWorker;
  const k8s = params.executor === 'kubernetes';
  const worker = k8s
    ? cores(params.resources?.worker, cpu.kubernetes?.worker, local)
    : local;
  const master = k8s
    ? cores(params.resources?.master, cpu.kubernetes?.master, local)
    : local;
  const hours = params.duration / 3600;
  return {
    users,
    workers,
    durationSeconds: params.duration,
    coreHours: round((workers * worker + master) * hours),
  };
}

/** Runs side by side add up; a group's time is its longest step. */
export function sumEstimates(list: LoadEstimate[]): LoadEstimate {
  return {
    users: list.reduce((n, e) => n + e.users, 0),
    workers: list.reduce((n, e) => n + e.workers, 0),
    durationSeconds: Math.max(0, ...list.map(e => e.durationSeconds)),
    coreHours: round(list.reduce((n, e) => n + e.coreHours, 0)),
  };
}

/** The largest of each figure. */
export function maxEstimates(list: LoadEstimate[]): LoadEstimate {
  return {
    users: Math.max(0, ...list.map(e => e.users)),
    workers: Math.max(0, ...list.map(e => e.workers)),
    durationSeconds: Math.max(0, ...list.map(e => e.durationSeconds)),
    coreHours: Math.max(0, ...list.map(e => e.coreHours)),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** `1.5`, `40`, `0.125`: a figure as messages show it. */
export function figure(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** One line per rule the estimate is above, naming the rule and its figure. */
export function approvalReasons(
  e: LoadEstimate,
  rules: ApprovalRules,
): string[] {
  const key = 'loadTesting.approvals.rules';
  const out: string[] = [];
  if (rules.aboveUsers !== undefined && e.users > rules.aboveUsers)
    out.push(
      `${e.users} users is above ${rules.aboveUsers} (${key}.aboveUsers)`,
    );
  if (rules.aboveWorkers !== undefined && e.workers > rules.aboveWorkers)
    out.push(
      `${e.workers} workers is above ${rules.aboveWorkers} (${key}.aboveWorkers)`,
    );
  const minutes = e.durationSeconds / 60;
  if (rules.aboveMinutes !== undefined && minutes > rules.aboveMinutes)
    out.push(
      `${figure(minutes)} minutes is above ${rules.aboveMinutes} (${key}.aboveMinutes)`,
    );
  if (rules.aboveCoreHours !== undefined && e.coreHours > rules.aboveCoreHours)
    out.push(
      `${figure(e.coreHours)} CPU-core-hours is above ${rules.aboveCoreHours} (${key}.aboveCoreHours)`,
    );
  return out;
}
