import { compatWrapper } from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isLoadTestingAvailable } from '../components/Router';

/**
 * The Overview card of the new frontend system: the entity's last verdicts and a p95
 * sparkline, on entities with the Load Tests tab.
 * @alpha
 */
export const loadTestingEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isLoadTestingAvailable,
    loader: () =>
      import('../components/EntityLoadTestingCard').then(m =>
        compatWrapper(<m.EntityLoadTestingCard />),
      ),
  },
});
