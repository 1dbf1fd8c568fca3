import { usePermission } from '@backstage/plugin-permission-react';
import {
  loadTestingReportUpdatePermission,
  loadTestingRunCancelPermission,
  loadTestingRunCreatePermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingScenarioUpdatePermission,
} from '@internal/plugin-load-testing-common';

/** Whether the user may do an action, and if not, a sentence saying why. */
export interface Gate {
  allowed: boolean;
  loading: boolean;
  /** Set when the action is not allowed; shown as a tooltip. */
  reason?: string;
}

/** Whether the user may do `what` on the entity, with the reason when not. */
export function useGate(
  permission: typeof loadTestingRunCreatePermission,
  entityRef: string,
  what: string,
): Gate {
  const { allowed, loading, error } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  if (loading)
    return { allowed: false, loading, reason: 'Checking your permissions…' };
  if (allowed) return { allowed, loading };
  const reason = error
    ? `Could not check whether you may ${what}: ${error.message}`
    : `You don't have permission to ${what} for ${entityRef} (${permission.name}). Ask the owners of this entity.`;
  return { allowed: false, loading, reason };
}

/** Entity-scoped permissions of the Load Tests tab. */
export function useLoadTestingPermissions(entityRef: string) {
  return {
    createScenario: useGate(
      loadTestingScenarioCreatePermission,
      entityRef,
      'create scenarios',
    ),
    updateScenario: useGate(
      loadTestingScenarioUpdatePermission,
      entityRef,
      'edit scenarios',
    ),
    deleteScenario: useGate(
      loadTestingScenarioDeletePermission,
      entityRef,
      'delete scenarios',
    ),
    createRun: useGate(loadTestingRunCreatePermission, entityRef, 'start runs'),
    cancelRun: useGate(loadTestingRunCancelPermission, entityRef, 'stop runs'),
    updateReport: useGate(
      loadTestingReportUpdatePermission,
      entityRef,
      'write reports',
    ),
  };
}
