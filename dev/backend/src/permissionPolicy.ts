import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  loadTestingPlanCreatePermission,
  loadTestingPlanDeletePermission,
  loadTestingPlanRunPermission,
  loadTestingPlanUpdatePermission,
  loadTestingReportUpdatePermission,
  loadTestingRunApprovePermission,
  loadTestingRunCancelPermission,
  loadTestingRunCreatePermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingScenarioUpdatePermission,
} from '@internal/plugin-load-testing-common';

const WRITE = [
  loadTestingRunCreatePermission,
  loadTestingRunCancelPermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioUpdatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingReportUpdatePermission,
  loadTestingPlanCreatePermission,
  loadTestingPlanUpdatePermission,
  loadTestingPlanDeletePermission,
  loadTestingPlanRunPermission,
  loadTestingRunApprovePermission,
];

/**
 * Everyone may read; the `viewer` user may not change scenarios, start and stop runs or
 * write reports or plans, or approve runs, so the portal shows what a user without those permissions sees.
 */
class DevPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const isViewer = user?.info.userEntityRef === 'user:development/viewer';
    if (isViewer && WRITE.some(p => isPermission(request.permission, p))) {
      return { result: AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const devPermissionPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'load-testing-dev-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DevPolicy());
      },
    });
  },
});
