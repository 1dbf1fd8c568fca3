import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { LoadTestingClient, loadTestingApiRef } from '../api';

/**
 * The load-testing API for the new frontend system, built like the legacy plugin's.
 * @alpha
 */
export const loadTestingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: loadTestingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new LoadTestingClient({ discoveryApi, fetchApi }),
    }),
});
