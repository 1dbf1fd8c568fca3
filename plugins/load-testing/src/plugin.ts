import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { LoadTestingClient, loadTestingApiRef } from './api';
import { rootRouteRef } from './routes';

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
  },
});

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
