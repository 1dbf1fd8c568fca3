import {
  createApiFactory,
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
