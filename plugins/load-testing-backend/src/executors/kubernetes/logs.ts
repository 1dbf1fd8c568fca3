import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { LogChunk } from '@internal/plugin-load-testing-common';
import fs from 'fs';
import path from 'path';
import { LogRange, readLogFile, sliceLog } from '../logFiles';
import { ClusterClient, apiMessage, apiStatus } from './clusters';
import { PodView, nodeName } from './podStatus';
import { KeptLog, RunLogStore } from '../../database/RunLogStore';

const NODE = /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/;
const LIVE_LOG_LIMIT = 16 * 1024 * 1024;
const ARCHIVE = { master: 4 * 1024 * 1024, worker: 1024 * 1024, workers: 50 };

async function inBatches<T>(
  items: T[],
  size: number,
  fn: (t: T) => Promise<void>,
) {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(fn));
  }
}

/** The pods of one run, as the logs need them. */
export interface RunPods {
  id: string;
  client: ClusterClient;
  namespace: string;
  pods: Map<string, PodView>;
}

/**
 * Logs of Kubernetes runs: read from the API server while the run's pods live, kept in
 * the database when its namespace goes (every backend replica reads them there; a
 * backend without one keeps them on disk), read from there after.
 */
export class PodLogs {
  constructor(
    private readonly workDir: string,
    private readonly logger: LoggerService,
    private readonly kept?: { store: RunLogStore; maxLogBytes: number },
  ) {}

  /** Removes a run's kept logs; nothing there is no error. */
  async remove(runId: string): Promise<void> {
    await this.kept?.store.remove(runId);
    await fs.promises.rm(path.dirname(this.dir(runId)), {
      recursive: true,
      force: true,
    });
  }

  private dir(runId: string) {
    if (!/^[0-9a-f-]{36}$/.test(runId))
      throw new NotFoundError(`No run ${runId}`);
    return path.join(this.workDir, 'runs', runId, 'logs');
  }

  /** Keeps the logs of a run's pods, which go with its namespace. */
  async archive(k: RunPods) {
    const dir = this.dir(k.id);
    if (!this.kept) await fs.promises.mkdir(dir, { recursive: true });
    const logs: KeptLog[] = [];
    const pods = [...k.pods.values()];
    const master = pods.filter(p => p.role === 'master');
    const workers = pods.filter(p => p.role === 'worker');
    const chosen = [
      ...master,
      ...workers.filter(p => p.problem),
      ...workers.filter(p => !p.problem).slice(0, ARCHIVE.workers),
    ];
    await inBatches(chosen, 8, async p => {
      const cap = Math.min(
        p.role === 'master' ? ARCHIVE.master : ARCHIVE.worker,
        this.kept?.maxLogBytes ?? Infinity,
      );
      try {
        const text = await k.client.core.readNamespacedPodLog({
          name: p.pod,
          namespace: k.namespace,
          limitBytes: this.kept ? cap + 1 : cap,
        });
        if (this.kept) {
          const bytes = Buffer.from(text ?? '');
          logs.push({
            node: nodeName(p),
            content: bytes.subarray(0, cap).toString('utf8'),
            truncated: bytes.length > cap,
          });
          return;
        }
        await fs.promises.writeFile(
          path.join(dir, `${nodeName(p)}.log`),
          text ?? '',
        );
      } catch (e) {
        if (apiStatus(e) !== 404 && apiStatus(e) !== 400)
          this.logger.debug(
            `Run ${k.id}: no log of ${p.pod}: ${apiMessage(e)}`,
          );
      }
    });
    await this.kept?.store.put(k.id, logs);
  }

  /** A node's log: from its pod while `live` has the run, else from the archive. */
  async read(
    runId: string,
    node: string,
    range: LogRange,
    live: RunPods | undefined,
  ): Promise<LogChunk> {
    if (!NODE.test(node)) throw new NotFoundError(`No node ${node}`);
    if (live) {
      const pod =
        node === 'master'
          ? [...live.pods.values()].find(p => p.role === 'master')
          : live.pods.get(node);
      if (!pod) throw new NotFoundError(`No node ${node} in run ${runId}`);
      let text = '';
      try {
        text =
          (await live.client.core.readNamespacedPodLog({
            name: pod.pod,
            namespace: live.namespace,
            limitBytes: LIVE_LOG_LIMIT,
          })) ?? '';
      } catch (e) {
        // a pod that has not started has no log yet
        if (apiStatus(e) !== 400)
          throw new NotFoundError(`No log for ${node}: ${apiMessage(e)}`);
      }
      return sliceLog(node, Buffer.from(text), range);
    }
    this.dir(runId);
    const kept = await this.kept?.store.get(runId, node);
    if (kept) return sliceLog(node, Buffer.from(kept.content), range);
    return readLogFile(
      path.join(this.dir(runId), `${node}.log`),
      node,
      range,
      `No log for node ${node} of run ${runId}`,
    );
  }
}
