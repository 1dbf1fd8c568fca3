/**
 * The Load Tests tab for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  loadTestingApi,
  loadTestingEntityCard,
  loadTestingEntityContent,
  loadTestingApprovalsPage,
} from './alpha/index';
import { approvalsPageRouteRef, rootRouteRef } from './routes';

export {
  loadTestingApi,
  loadTestingEntityCard,
  loadTestingEntityContent,
  loadTestingApprovalsPage,
} from './alpha/index';

/**
 * The load-testing plugin for the new frontend system: its API and the
 * Load Tests entity tab.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'load-testing',
  title: 'Load Tests',
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({
    entityContent: rootRouteRef,
    approvalsPage: approvalsPageRouteRef,
  }),
  extensions: [
    loadTestingApi,
    loadTestingEntityContent,
    loadTestingEntityCard,
    loadTestingApprovalsPage,
  ],
});
