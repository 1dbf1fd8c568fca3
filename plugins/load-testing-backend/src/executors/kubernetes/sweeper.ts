import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterClient, apiMessage, apiStatus } from './clusters';
import { LABELS, MANAGED_BY, runNames } from './values';

/**
 * Removes run namespaces: one run's, and every namespace this backend instance made for
 * runs that are over or unknown. A namespace counts only with both the run prefix and
 * the instance label: anyone may label a namespace.
 */
export class NamespaceSweeper {
  constructor(
    private readonly config: { namespacePrefix: string; instance: string },
    private readonly clients: Map<string, ClusterClient>,
    private readonly logger: LoggerService,
  ) {}

  async delete(client: ClusterClient, name: string) {
    try {
      await client.core.deleteNamespace({ name });
    } catch (e) {
      if (apiStatus(e) !== 404) throw e;
    }
  }

  async sweep(runId: string): Promise<void> {
    const name = runNames(this.config.namespacePrefix, runId).namespace;
    for (const client of this.clients.values()) {
      try {
        const ns = await client.core.readNamespace({ name });
        if (ns.metadata?.labels?.[LABELS.instance] !== this.config.instance)
          continue;
        this.logger.info(
          `Deleting namespace ${name} of run ${runId} on ${client.name}`,
        );
        await this.delete(client, name);
      } catch (e) {
        if (apiStatus(e) !== 404)
          this.logger.warn(
            `Could not sweep run ${runId} on ${client.name}: ${apiMessage(e)}`,
          );
      }
    }
  }

  /** `followed`: runs this backend watches; `isActive`: runs the database has going. */
  async sweepAll(
    followed: (runId: string) => boolean,
    isActive: (runId: string) => Promise<boolean>,
  ): Promise<number> {
    let removed = 0;
    const labelSelector = `${LABELS.managedBy}=${MANAGED_BY},${LABELS.instance}=${this.config.instance}`;
    for (const client of this.clients.values()) {
      let list;
      try {
        list = await client.core.listNamespace({ labelSelector });
      } catch (e) {
        this.logger.warn(
          `Could not list run namespaces on ${client.name}: ${apiMessage(e)}`,
        );
        continue;
      }
      for (const ns of list.items) {
        const name = ns.metadata!.name!;
        const runId = ns.metadata?.labels?.[LABELS.run] ?? '';
        if (!name.startsWith(this.config.namespacePrefix)) continue;
        if (ns.status?.phase === 'Terminating' || followed(runId)) continue;
        if (runId && (await isActive(runId))) continue;
        this.logger.info(
          `Deleting namespace ${name} of a finished or unknown run on ${client.name}`,
        );
        await this.delete(client, name).catch(e =>
          this.logger.warn(`Could not delete ${name}: ${apiMessage(e)}`),
        );
        removed++;
      }
    }
    return removed;
  }
}
