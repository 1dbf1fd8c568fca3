import {
  loadTestingPlanCreatePermission,
  loadTestingPlanDeletePermission,
  loadTestingPlanRunPermission,
  loadTestingPlanUpdatePermission,
} from '@internal/plugin-load-testing-common';
import { useGate } from './useLoadTestingPermissions';

/** Entity-scoped permissions of plans. */
export function usePlanPermissions(entityRef: string) {
  return {
    createPlan: useGate(
      loadTestingPlanCreatePermission,
      entityRef,
      'create plans',
    ),
    updatePlan: useGate(
      loadTestingPlanUpdatePermission,
      entityRef,
      'edit, pause or resume plans',
    ),
    deletePlan: useGate(
      loadTestingPlanDeletePermission,
      entityRef,
      'delete plans',
    ),
    runPlan: useGate(
      loadTestingPlanRunPermission,
      entityRef,
      'run plans or cancel their runs',
    ),
  };
}
