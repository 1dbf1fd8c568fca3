import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { approvalsPageRouteRef } from '../routes';

/**
 * The approvals waiting for the signed-in user, at /load-testing/approvals.
 * @alpha
 */
export const loadTestingApprovalsPage = PageBlueprint.make({
  name: 'approvals',
  params: {
    path: '/load-testing/approvals',
    title: 'Load test approvals',
    routeRef: convertLegacyRouteRef(approvalsPageRouteRef),
    loader: () =>
      import('../components/Approvals').then(m =>
        compatWrapper(<m.ApprovalsPage />),
      ),
  },
});
