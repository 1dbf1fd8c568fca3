import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** Who is told what, from `loadTesting.notifications` and `loadTesting.approvals`. */
export interface NotificationsConfig {
  /** `loadTesting.notifications.enabled`, default true. */
  enabled: boolean;
  /**
   * `loadTesting.approvals.notify`: users and groups told of waiting approvals;
   * empty means the entity's owners.
   */
  approvers: string[];
  /** `loadTesting.approvals.allowSelfApproval`: else the requester is not told. */
  allowSelfApproval: boolean;
}

/** Reads and checks the notifications' config; a bad entity ref fails the start. */
export function readNotificationsConfig(root: Config): NotificationsConfig {
  const c = root.getOptionalConfig('loadTesting');
  const approvers = (c?.getOptionalStringArray('approvals.notify') ?? []).map(
    (ref, i) => {
      try {
        // a bare name is a user, as the catalog reads `spec.owner`-like refs
        return stringifyEntityRef(
          parseEntityRef(ref, {
            defaultKind: 'user',
            defaultNamespace: 'default',
          }),
        );
      } catch (e) {
        throw new Error(
          `loadTesting.approvals.notify[${i}] is not an entity ref: ${e}`,
        );
      }
    },
  );
  return {
    enabled: c?.getOptionalBoolean('notifications.enabled') ?? true,
    approvers,
    allowSelfApproval:
      c?.getOptionalBoolean('approvals.allowSelfApproval') ?? false,
  };
}
