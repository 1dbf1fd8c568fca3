// Names FilterPredicate (in the blueprint's config type) for the emitted declarations:
// npm nests filter-predicates 0.1 under frontend-plugin-api since 0.2 sits at the top.
/// <reference types="@backstage/filter-predicates" />
import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLoadTestingAvailable } from '../components/Router';
import { rootRouteRef } from '../routes';

/**
 * The Load Tests tab on the entity page of the new frontend system.
 * @alpha
 */
export const loadTestingEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/load-tests',
    title: 'Load Tests',
    // the same test as the legacy tab, so the tab shows exactly where the Router works
    filter: isLoadTestingAvailable,
    // the legacy ref: the tab's pages build their links from it and its sub-routes
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('../components/Router').then(m => compatWrapper(<m.Router />)),
  },
});
