import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  FieldError,
  KubernetesPlacement,
  LogChunk,
  RunParameters,
} from '@internal/plugin-load-testing-common';
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { loadYaml } from '@kubernetes/client-node';
import { RunRow } from '../../database/Store';
import { LogRange } from '../logFiles';
import {
  Executor,
  ExecutorExit,
  ExecutorListener,
  ExecutorRunSpec,
  StopReason,
} from '../types';
import {
  ClusterClient,
  apiMessage,
  apiStatus,
  clusterClient,
} from './clusters';
import {
  EngineConfig,
  KubernetesExecutorConfig,
  kubernetesSettings,
} from './config';
import { podNodeEvent } from './podStatus';
import {
  EgressPlan,
  egressRules,
  planEgress,
  resolveHost,
} from './networkPolicy';
import { RunContext, checkRunParameters } from './runPolicy';
import { copiedSecrets } from './secretsPolicy';
import { KubeRun } from './kubeRun';
import { PodLogs } from './logs';
import { RunLogStore } from '../../database/RunLogStore';
import { NamespaceSweeper } from './sweeper';
import { checkRunTemplates } from './templateCheck';
import { WatchContext, flushNodes, notePod, watchRun } from './watch';
import { KubeObject, RunTemplates } from './templates';
import { LABELS, RunEgress, templateValues } from './values';

/**
 * Runs each load test in its own namespace: a ConfigMap with the script and the
 * engine files, a master Job and Service, a worker Job of N pods. Pods are watched;
 * the run ends when the master Job does, and its namespace is deleted.
 */
export class KubernetesExecutor implements Executor {
  readonly name = 'kubernetes' as const;
  readonly webhookBaseUrl?: string;
  readonly sweepIntervalMinutes: number;
  private readonly runs = new Map<string, KubeRun>();
  private readonly clients = new Map<string, ClusterClient>();
  private readonly templates: RunTemplates;
  private readonly logs: PodLogs;
  private readonly sweeper: NamespaceSweeper;
  private readonly watchContext: WatchContext;
  /** What the allowlist lets runs reach, before names are resolved. */
  private readonly egressPlan: EgressPlan;

  constructor(
    private readonly config: KubernetesExecutorConfig,
    private readonly logger: LoggerService,
    options: {
      webhookBaseUrl?: string;
      /** Where finished runs' logs are kept, for every backend replica to read. */
      logs?: { store: RunLogStore; maxLogBytes: number };
    } = {},
  ) {
    for (const c of config.clusters) this.clients.set(c.name, clusterClient(c));
    this.logs = new PodLogs(config.workDir, logger, options.logs);
    this.sweeper = new NamespaceSweeper(config, this.clients, logger);
    this.watchContext = {
      logger,
      startTimeoutSeconds: config.startTimeoutSeconds,
      end: (k, exit) => {
        this.end(k, exit);
      },
    };
    this.templates = RunTemplates.load(config.templates);
    this.webhookBaseUrl = config.webhookBaseUrl ?? options.webhookBaseUrl;
    this.sweepIntervalMinutes = config.sweepIntervalMinutes;
    checkRunTemplates(this.templates, config);
    this.egressPlan = planEgress(config.networkPolicy);
    if (config.networkPolicy.enabled && this.egressPlan.unmapped.length) {
      logger.warn(
        `Targets no NetworkPolicy can name: ${this.egressPlan.unmapped.join(', ')}; Kubernetes runs reach them only through loadTesting.executors.kubernetes.networkPolicy.egressCidrs`,
      );
    }
  }

  /** Pods get until the start timeout to be ready, then the deadline's slack. */
  limitGraceSeconds(): number {
    return this.config.startTimeoutSeconds + this.config.deadlineSlackSeconds;
  }

  private client(name: string | undefined): ClusterClient {
    const client = this.clients.get(name ?? this.config.defaultCluster);
    if (!client) throw new NotFoundError(`No Kubernetes cluster ${name}`);
    return client;
  }

  private engine(name: string | undefined): EngineConfig {
    const engine = name
      ? this.config.engines.find(e => e.name === name)
      : this.config.engines[0];
    if (!engine) throw new NotFoundError(`No engine ${name}`);
    return engine;
  }

  validate(params: RunParameters, context: RunContext = {}): FieldError[] {
    return checkRunParameters(params, context, this.config, this.egressPlan);
  }

  /** The run's objects, rendered from the templates (also used by tests). */
  render(
    spec: ExecutorRunSpec,
    egress?: RunEgress,
  ): {
    objects: KubeObject[];
    placement: KubernetesPlacement;
  } {
    const params = spec.run.parameters;
    const client = this.client(params.cluster);
    const engine = this.engine(params.engine);
    const values = templateValues({
      run: spec.run,
      spec,
      config: this.config,
      engine,
      egress,
    });
    const o = this.templates.renderAll(values);
    return {
      objects: [
        o.namespace,
        // before the Jobs: no pod of the run starts without it
        ...(this.config.networkPolicy.enabled ? [o.networkPolicy] : []),
        o.secret,
        o.configMap,
        o.masterService,
        o.masterJob,
        o.workerJob,
      ],
      placement: {
        cluster: client.name,
        namespace: values.namespace,
        image: engine.image,
      },
    };
  }

  /** Clusters, engines, Secrets and placement choices the run dialog offers. */
  settings() {
    return { ...kubernetesSettings(this.config) };
  }

  async start(
    spec: ExecutorRunSpec,
    listener: ExecutorListener,
  ): Promise<void> {
    const { run } = spec;
    // also when a run comes another way than through validate()
    const refused = this.validate(run.parameters, { entityRef: run.entityRef });
    if (refused.length) {
      throw new InputError(
        `The run breaks the platform's policy: ${refused.map(e => `${e.field} ${e.message}`).join('; ')}`,
      );
    }
    const { objects, placement } = this.render(
      spec,
      this.config.networkPolicy.enabled
        ? await egressRules({
            config: this.config.networkPolicy,
            plan: this.egressPlan,
            runHost: run.parameters.host,
            webhookUrl: spec.webhookUrl,
            resolve: resolveHost,
            warn: m => this.logger.warn(`Run ${run.id}: ${m}`),
          })
        : undefined,
    );
    const client = this.client(placement.cluster);
    const k: KubeRun = this.track(run, client, placement, listener);
    listener.onPlacement(run.id, placement);
    const t0 = performance.now();
    try {
      const [namespace, ...rest] = objects;
      // Secrets are read before anything is created: a refusal leaves no request in flight
      const secrets = await copiedSecrets({
        client,
        params: run.parameters,
        imagePullSecrets: this.config.imagePullSecrets,
        from: this.config.secretsNamespace,
        namespace: placement.namespace,
        instance: this.config.instance,
      });
      await this.create(client, namespace);
      const jobs = rest.filter(o => o.kind === 'Job');
      const others = rest.filter(o => o.kind !== 'Job');
      await allCreated([
        ...others.map(o => this.create(client, o)),
        ...this.serviceAccount(namespace).map(o => this.create(client, o)),
        ...secrets.map(o => this.create(client, o)),
      ]);
      await allCreated(jobs.map(o => this.create(client, o)));
    } catch (e) {
      this.runs.delete(run.id);
      await this.sweeper.delete(client, placement.namespace).catch(() => {});
      throw e;
    }
    this.logger.info(
      `Run ${run.id}: created ${objects.length} objects in namespace ${placement.namespace} of cluster ${client.name} in ${Math.round(performance.now() - t0)} ms`,
    );
    watchRun(k, this.watchContext);
  }

  private track(
    run: RunRow,
    client: ClusterClient,
    placement: KubernetesPlacement,
    listener: ExecutorListener,
  ): KubeRun {
    const k: KubeRun = {
      id: run.id,
      client,
      namespace: placement.namespace,
      listener,
      createdAtMs: Date.parse(run.createdAt),
      workers: run.parameters.workers,
      placement,
      pods: new Map(),
      seenReady: new Map(),
      sent: new Map(),
      queued: new Map(),
      informers: [],
      readyReported: placement.workersReadySeconds !== undefined,
    };
    this.runs.set(run.id, k);
    return k;
  }

  private async create(client: ClusterClient, object: KubeObject) {
    try {
      // the client serializes through its models, whose names differ from the wire's
      // in places (a NetworkPolicy's `from` is `_from`): hand it a model, not wire JSON
      await client.objects.create(
        loadYaml<KubernetesObject>(JSON.stringify(object)),
      );
    } catch (e) {
      throw new Error(
        `Kubernetes refused the ${object.kind} ${object.metadata?.name}: ${apiMessage(e)}`,
      );
    }
  }

  /** The pods' service account, when config names one: a new namespace has only `default`. */
  private serviceAccount(namespace: KubeObject): KubeObject[] {
    const name = this.config.serviceAccountName;
    if (!name) return [];
    return [
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name,
          namespace: namespace.metadata.name,
          labels: namespace.metadata.labels,
          annotations: this.config.serviceAccountAnnotations,
        },
      },
    ];
  }

  // ---- following a run -------------------------------------------------------------

  /** Ends a run once: keeps its logs, deletes its namespace, tells the listener. */
  private end(
    k: KubeRun,
    exit: ExecutorExit,
    waitForMaster = false,
  ): Promise<void> {
    k.ending ??= (async () => {
      clearTimeout(k.startTimer);
      clearTimeout(k.cancelTimer);
      // every pod the run had, also those the watch had not shown yet
      try {
        const { items } = await k.client.core.listNamespacedPod({
          namespace: k.namespace,
          labelSelector: `${LABELS.run}=${k.id}`,
        });
        for (const pod of items) notePod(k, pod);
      } catch (e) {
        this.logger.debug(`Run ${k.id}: could not list its pods: ${e}`);
      }
      flushNodes(k);
      // pods that had not ended go with the namespace; a stuck one keeps its reason
      const gone = [...k.pods.values()].filter(
        p =>
          p.phase !== 'Succeeded' && p.phase !== 'Failed' && !p.problem?.fatal,
      );
      if (gone.length) {
        k.listener.onNodes(
          k.id,
          gone.map(p => {
            const last = k.sent.get(p.pod) ?? podNodeEvent(p);
            return {
              ...last,
              state: 'stopped' as const,
              phase: p.problem ? last.phase : 'Deleted',
            };
          }),
        );
      }
      await this.logs
        .archive(k)
        .catch(e =>
          this.logger.warn(`Run ${k.id}: could not keep the pod logs: ${e}`),
        );
      await Promise.all(k.informers.map(i => i.stop().catch(() => {})));
      try {
        await this.sweeper.delete(k.client, k.namespace);
        if (waitForMaster) await this.masterGone(k);
      } catch (e) {
        this.logger.warn(
          `Run ${k.id}: could not delete namespace ${k.namespace} (the sweep will retry): ${apiMessage(e)}`,
        );
      }
      this.runs.delete(k.id);
      k.listener.onExit(k.id, {
        ...exit,
        stoppedBy: exit.stoppedBy ?? k.stoppedBy,
      });
    })();
    return k.ending;
  }

  /** Waits until the master pod is gone: Locust stopped and its monitor reported. */
  private async masterGone(k: KubeRun) {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const { items } = await k.client.core.listNamespacedPod({
        namespace: k.namespace,
        labelSelector: `${LABELS.run}=${k.id},${LABELS.role}=master`,
      });
      if (!items.length) return;
      await new Promise(r => setTimeout(r, 250));
    }
    this.logger.warn(`Run ${k.id}: the master pod is still there after 120 s`);
  }

  // ---- executor interface ------------------------------------------------------------

  async stop(
    runId: string,
    reason: StopReason,
    options: { monitorLive?: boolean } = {},
  ): Promise<void> {
    const k = this.runs.get(runId);
    if (!k) {
      if (reason !== 'shutdown') await this.sweep(runId);
      return;
    }
    if (reason === 'shutdown') {
      this.detach(k);
      return;
    }
    const stoppedBy = reason;
    k.stoppedBy = stoppedBy;
    if (options.monitorLive && !k.ending) {
      // The webhook's next answer tells the monitor to stop Locust: the master sends its
      // final statistics and exits, its Job completes and the run ends as any other.
      // Deleting the namespace (which sends SIGTERM too) waits on the namespace
      // controller: seconds to minutes on a busy cluster.
      const grace = this.config.stopGraceSeconds;
      clearTimeout(k.cancelTimer);
      k.cancelTimer = setTimeout(() => {
        this.logger.info(
          `Run ${runId}: Locust did not stop within ${grace} s of the cancel (stopGraceSeconds); deleting its namespace`,
        );
        this.end(k, { stoppedBy }, true).catch(() => {});
      }, grace * 1000);
      return;
    }
    // deleting the namespace sends SIGTERM: Locust stops and the monitor reports
    await this.end(k, { stoppedBy }, true);
  }

  private detach(k: KubeRun) {
    k.detached = true;
    clearTimeout(k.startTimer);
    clearTimeout(k.cancelTimer);
    flushNodes(k);
    for (const i of k.informers) i.stop().catch(() => {});
    this.runs.delete(k.id);
  }

  async readLog(
    runId: string,
    node: string,
    range: LogRange,
  ): Promise<LogChunk> {
    const k = this.runs.get(runId);
    return this.logs.read(runId, node, range, k && !k.ending ? k : undefined);
  }

  async resume(run: RunRow, listener: ExecutorListener): Promise<boolean> {
    const placement = run.placement;
    const client = placement && this.clients.get(placement.cluster);
    if (!placement || !client) return false;
    let ns: V1Namespace;
    try {
      ns = await client.core.readNamespace({ name: placement.namespace });
    } catch (e) {
      if (apiStatus(e) === 404) return false;
      throw e;
    }
    if (ns.status?.phase === 'Terminating') return false;
    const jobs = await client.batch.listNamespacedJob({
      namespace: placement.namespace,
      labelSelector: `${LABELS.run}=${run.id},${LABELS.role}=master`,
    });
    if (!jobs.items.length) return false;
    const k = this.track(run, client, placement, listener);
    watchRun(k, this.watchContext);
    return true;
  }

  sweep(runId: string): Promise<void> {
    return this.sweeper.sweep(runId);
  }

  sweepAll(isActive: (runId: string) => Promise<boolean>): Promise<number> {
    return this.sweeper.sweepAll(runId => this.runs.has(runId), isActive);
  }

  /** Retention deleted the run: the pod logs kept of it go too. */
  async deleteRunFiles(run: RunRow): Promise<void> {
    if (this.runs.has(run.id)) return;
    await this.logs.remove(run.id);
  }

  /** Lets go of the runs: they go on in the cluster and the next backend follows them. */
  async shutdown(): Promise<void> {
    const ending = [...this.runs.values()].map(k => k.ending).filter(Boolean);
    for (const k of [...this.runs.values()]) if (!k.ending) this.detach(k);
    await Promise.allSettled(ending);
  }
}

/** Waits for every creation, so none is still in flight when the namespace goes; throws the first refusal. */
async function allCreated(creations: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(creations);
  const refused = results.find(r => r.status === 'rejected');
  if (refused) throw (refused as PromiseRejectedResult).reason;
}
