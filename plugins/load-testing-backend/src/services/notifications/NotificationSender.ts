import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { Approval, PlanRun } from '@internal/plugin-load-testing-common';
import { LoadTestingEvents } from '../events';
import {
  approvalDecidedNotification,
  approvalRequestedNotification,
  planRunNotification,
} from './messages';
import { NotificationsConfig } from './notificationsConfig';

function isUserRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'user';
  } catch {
    return false;
  }
}

function displayName(entity: Entity): string | undefined {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName)
    return profile.displayName;
  return entity.metadata.title ?? entity.metadata.name;
}

/**
 * Tells people through Backstage's notifications: the entity's owners of a plan run
 * that failed or was inconclusive, the approvers of what waits for them, the requester
 * of a decision. A notification that cannot be sent is logged; it never disturbs a
 * run or a plan.
 */
export class NotificationSender {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      config: NotificationsConfig;
    },
  ) {}

  /** Subscribes to the plugin's events, unless notifications are turned off. */
  listen(events: LoadTestingEvents): void {
    if (!this.deps.config.enabled) {
      this.deps.logger.info(
        'Notifications are off (loadTesting.notifications.enabled: false)',
      );
      return;
    }
    events.on('planRunFinished', run => this.planRunFinished(run));
    events.on('approvalRequested', a => this.approvalRequested(a));
    events.on('approvalDecided', a => this.approvalDecided(a));
  }

  /** The entity's owners, resolved by the notifications backend from the entity. */
  async planRunFinished(run: PlanRun): Promise<void> {
    const payload = planRunNotification(run);
    if (!payload) return;
    await this.send(`plan run ${run.id}`, {
      recipients: { type: 'entity', entityRef: run.entityRef },
      payload,
    });
  }

  /** The configured approvers, else the entity's owners; not the requester unless they may approve. */
  async approvalRequested(approval: Approval): Promise<void> {
    const { approvers, allowSelfApproval } = this.deps.config;
    const exclude =
      !allowSelfApproval && isUserRef(approval.requestedBy)
        ? approval.requestedBy
        : undefined;
    await this.send(`approval ${approval.id}`, {
      recipients: {
        type: 'entity',
        entityRef: approvers.length ? approvers : approval.entityRef,
        ...(exclude ? { excludeEntityRef: exclude } : {}),
      },
      payload: approvalRequestedNotification(approval),
    });
  }

  /** The requester, when it is a user (not a service token). */
  async approvalDecided(approval: Approval): Promise<void> {
    if (!isUserRef(approval.requestedBy)) return;
    const decider = approval.decidedBy
      ? await this.nameOf(approval.decidedBy)
      : undefined;
    const payload = approvalDecidedNotification(approval, decider);
    if (!payload) return;
    await this.send(`approval ${approval.id}`, {
      recipients: { type: 'entity', entityRef: approval.requestedBy },
      payload,
    });
  }

  /** A user's display name from the catalog, else the name in the ref. */
  private async nameOf(ref: string): Promise<string> {
    try {
      const entity = await this.deps.catalog.getEntityByRef(ref, {
        credentials: await this.deps.auth.getOwnServiceCredentials(),
      });
      if (entity) return displayName(entity) ?? ref;
    } catch (e) {
      this.deps.logger.debug(`Could not read ${ref} from the catalog: ${e}`);
    }
    try {
      return parseEntityRef(ref).name;
    } catch {
      return ref;
    }
  }

  private async send(about: string, options: NotificationSendOptions) {
    try {
      await this.deps.notifications.send(options);
    } catch (e) {
      this.deps.logger.warn(
        `Could not send the notification of ${about} ("${options.payload.title}"): ${e}`,
      );
    }
  }
}
