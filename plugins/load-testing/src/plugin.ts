import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { LoadTestingClient, loadTestingApiRef } from './api';
import { approvalsPageRouteRef, rootRouteRef } from './routes';

/** @public */
export const loadTestingPlugin = createPlugin({
  id: 'load-testing',
  apis: [
    createApiFactory({
      api: loadTestingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LoadTestingClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityContent: rootRouteRef,
    approvalsPage: approvalsPageRouteRef,
  },
});

/**
 * The approvals waiting for the signed-in user, as a page of its own (e.g. at
 * /load-testing/approvals).
 * @public
 */
export const LoadTestingApprovalsPage = loadTestingPlugin.provide(
  createRoutableExtension({
    name: 'LoadTestingApprovalsPage',
    component: () =>
      import('./components/Approvals').then(m => m.StandaloneApprovalsPage),
    mountPoint: approvalsPageRouteRef,
  }),
);

/**
 * The Load Tests tab: scenarios, runs and live results of the current entity.
 * @public
 */
export const EntityLoadTestingContent = loadTestingPlugin.provide(
  createRoutableExtension({
    name: 'EntityLoadTestingContent',
    component: () => import('./components/Router').then(m => m.Router),
    mountPoint: rootRouteRef,
  }),
);

/**
 * An Overview card: the entity's last verdicts and a p95 sparkline of its recent runs.
 * @public
 */
export const EntityLoadTestingCard = loadTestingPlugin.provide(
  createComponentExtension({
    name: 'EntityLoadTestingCard',
    component: {
      lazy: () =>
        import('./components/EntityLoadTestingCard').then(
          m => m.EntityLoadTestingCard,
        ),
    },
  }),
);
