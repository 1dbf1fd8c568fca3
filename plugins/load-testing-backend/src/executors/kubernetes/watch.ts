import { LoggerService } from '@backstage/backend-plugin-api';
import type { Informer, V1Job, V1Pod } from '@kubernetes/client-node';
import { makeInformer } from '@kubernetes/client-node';
import { ExecutorExit } from '../types';
import { apiMessage } from './clusters';
import { KubeRun } from './kubeRun';
import { PodView, describePod, jobOutcome, podNodeEvent } from './podStatus';
import { LABELS } from './values';

/** Pods of large runs change in bursts: their node events go out together. */
const NODE_BATCH_MS = 250;

/** What watching a run needs of its executor. */
export interface WatchContext {
  logger: LoggerService;
  startTimeoutSeconds: number;
  /** Ends the run once: its pods are gone or it failed. */
  end(k: KubeRun, exit: ExecutorExit): void;
}

/**
 * Watches a run's pods and Jobs: mirrors pods as nodes, says when every pod is ready,
 * and ends the run when its master Job does or a pod cannot run.
 */
export function watchRun(k: KubeRun, ctx: WatchContext) {
  const selector = `${LABELS.run}=${k.id}`;
  const { client, namespace } = k;
  const pods = makeInformer<V1Pod>(
    client.kubeConfig,
    `/api/v1/namespaces/${namespace}/pods`,
    () => client.core.listNamespacedPod({ namespace, labelSelector: selector }),
    selector,
  );
  const jobs = makeInformer<V1Job>(
    client.kubeConfig,
    `/apis/batch/v1/namespaces/${namespace}/jobs`,
    () =>
      client.batch.listNamespacedJob({ namespace, labelSelector: selector }),
    selector,
  );
  pods.on('add', p => onPod(k, p, ctx));
  pods.on('update', p => onPod(k, p, ctx));
  jobs.on('add', j => onJob(k, j, ctx));
  jobs.on('update', j => onJob(k, j, ctx));
  for (const informer of [pods, jobs] as Array<Informer<any>>) {
    informer.on('error', err => {
      if (k.ending || k.detached) return;
      ctx.logger.debug(`Run ${k.id}: watch interrupted (${err}); restarting`);
      setTimeout(() => {
        if (!k.ending && !k.detached) informer.start().catch(() => {});
      }, 1000);
    });
    informer
      .start()
      .catch(err =>
        ctx.logger.warn(
          `Run ${k.id}: could not watch ${namespace}: ${apiMessage(err)}`,
        ),
      );
  }
  k.informers = [pods, jobs];
  if (!k.readyReported) {
    const left = k.createdAtMs + ctx.startTimeoutSeconds * 1000 - Date.now();
    k.startTimer = setTimeout(() => startTimedOut(k, ctx), Math.max(0, left));
  }
}

/** Records a pod's state and tells the listener what changed. */
export function notePod(k: KubeRun, pod: V1Pod): PodView {
  const view = describePod(pod);
  k.pods.set(view.pod, view);
  if (view.ready && view.phase === 'Running' && !k.seenReady.has(view.pod))
    k.seenReady.set(view.pod, Date.now());
  const event = podNodeEvent(view);
  // the API gives whole seconds; what this backend saw is finer when it agrees
  const seen = k.seenReady.get(view.pod);
  if (
    event.readyAt &&
    seen &&
    Math.abs(seen - Date.parse(event.readyAt)) < 1000
  )
    event.readyAt = new Date(seen).toISOString();
  const last = k.sent.get(view.pod);
  if (!last || JSON.stringify(last) !== JSON.stringify(event)) {
    k.sent.set(view.pod, event);
    k.queued.set(view.pod, event);
    k.flushTimer ??= setTimeout(() => flushNodes(k), NODE_BATCH_MS);
  }
  return view;
}

/** Sends the node changes not sent yet. */
export function flushNodes(k: KubeRun) {
  clearTimeout(k.flushTimer);
  k.flushTimer = undefined;
  if (!k.queued.size) return;
  const events = [...k.queued.values()];
  k.queued.clear();
  k.listener.onNodes(k.id, events);
}

function onPod(k: KubeRun, pod: V1Pod, ctx: WatchContext) {
  if (k.ending || k.detached) return;
  const view = notePod(k, pod);
  if (view.problem?.fatal) {
    ctx.end(k, {
      error: `${view.problem.reason}: ${view.role} pod ${view.pod}: ${view.problem.message}`,
    });
    return;
  }
  checkReady(k);
}

function checkReady(k: KubeRun) {
  if (k.readyReported) return;
  const running = [...k.pods.values()].filter(
    p => p.phase === 'Running' && p.ready,
  );
  const master = running.some(p => p.role === 'master');
  const workers = running.filter(p => p.role === 'worker');
  if (!master || workers.length < k.workers) return;
  k.readyReported = true;
  clearTimeout(k.startTimer);
  const last = Math.max(
    ...workers.map(p => k.seenReady.get(p.pod) ?? Date.now()),
  );
  k.placement = {
    ...k.placement,
    workersReadySeconds: Math.round((last - k.createdAtMs) / 100) / 10,
  };
  flushNodes(k);
  k.listener.onPlacement(k.id, k.placement);
  k.listener.onRunning(k.id);
}

function startTimedOut(k: KubeRun, ctx: WatchContext) {
  if (k.readyReported || k.ending || k.detached) return;
  const pods = [...k.pods.values()];
  const ready = pods.filter(p => p.ready).length;
  const expected = k.workers + 1;
  const stuck = pods.find(p => p.problem) ?? undefined;
  const what = `${expected - ready} of ${expected} pods not ready after ${ctx.startTimeoutSeconds} s (loadTesting.executors.kubernetes.startTimeoutSeconds)`;
  ctx.end(k, {
    error: stuck?.problem
      ? `${stuck.problem.reason}: ${stuck.problem.message} — ${what}`
      : `Pods did not start: ${what}`,
  });
}

function onJob(k: KubeRun, job: V1Job, ctx: WatchContext) {
  if (k.ending || k.detached) return;
  if (job.metadata?.labels?.[LABELS.role] !== 'master') return;
  const outcome = jobOutcome(job);
  if (!outcome) return;
  if ('complete' in outcome) {
    ctx.end(k, { exitCode: 0 });
    return;
  }
  const { reason, message } = outcome.failed;
  const masterPod = [...k.pods.values()].find(p => p.role === 'master');
  if (reason === 'DeadlineExceeded') {
    ctx.end(k, {
      error: `DeadlineExceeded: the run went past its deadline of ${job.spec?.activeDeadlineSeconds} s (activeDeadlineSeconds of the master Job)`,
    });
  } else if (masterPod?.problem) {
    ctx.end(k, {
      error: `${masterPod.problem.reason}: master pod ${masterPod.pod}: ${masterPod.problem.message}`,
    });
  } else if (masterPod?.exitCode !== undefined) {
    ctx.end(k, { exitCode: masterPod.exitCode });
  } else {
    ctx.end(k, {
      error: `The master Job failed: ${reason}${message ? ` (${message})` : ''}`,
    });
  }
}
