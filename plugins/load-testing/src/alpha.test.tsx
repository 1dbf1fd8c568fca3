import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  coreExtensionData,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import loadTestingPlugin from './alpha';
import { LoadTestingClient, loadTestingApiRef } from './api';
import { rootRouteRef } from './routes';
import { entity, mockLoadTestingApi, permissionApi } from './__fixtures__';

const plain = { ...entity, metadata: { name: 'other' } };
const content = loadTestingPlugin.getExtension('entity-content:load-testing');

/**
 * Renders the tab for an entity the way the entity page does: its element at its
 * path, its route ref mounted there so the pages can build their links.
 */
async function renderTab(location: string) {
  const tester = createExtensionTester(content);
  const path = tester.get(coreExtensionData.routePath);
  const routeRef = tester.get(coreExtensionData.routeRef);
  if (!routeRef) {
    throw new Error('the tab has no route ref to mount');
  }
  const api = mockLoadTestingApi();
  await renderInTestApp(
    <EntityProvider entity={entity}>{tester.reactElement()}</EntityProvider>,
    {
      apis: [
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi()],
      ],
      mountedRoutes: { [path]: routeRef },
      mountPath: path,
      initialRouteEntries: [location],
    },
  );
  return api;
}

describe('load-testing plugin for the new frontend system', () => {
  it('is the load-testing plugin with its API and its entity tab', () => {
    expect(loadTestingPlugin.pluginId).toBe('load-testing');
    const api = createExtensionTester(
      loadTestingPlugin.getExtension('api:load-testing'),
    ).snapshot();
    expect(api.id).toBe('api:load-testing');
    expect(api.outputs).toEqual(['core.api.factory']);
    const tab = createExtensionTester(content).snapshot();
    expect(tab.id).toBe('entity-content:load-testing');
    expect(tab.outputs).toEqual(
      expect.arrayContaining([
        'core.reactElement',
        'core.routing.path',
        'core.routing.ref',
        'catalog.entity-content-title',
        'catalog.entity-filter-function',
      ]),
    );
  });

  it('builds the client from discovery and fetch', () => {
    const factory = createExtensionTester(
      loadTestingPlugin.getExtension('api:load-testing'),
    ).get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(loadTestingApiRef.id);
    expect(factory.deps).toEqual({
      discoveryApi: discoveryApiRef,
      fetchApi: fetchApiRef,
    });
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://localhost/api' },
      fetchApi: { fetch: async () => new Response() },
    });
    expect(client).toBeInstanceOf(LoadTestingClient);
  });

  it('mounts the tab at /load-tests with the legacy route ref, titled Load Tests', () => {
    const tester = createExtensionTester(content);
    expect(tester.get(coreExtensionData.routePath)).toBe('/load-tests');
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      convertLegacyRouteRef(rootRouteRef),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Load Tests',
    );
  });

  it('shows the tab only on entities with the annotation', () => {
    const filter = createExtensionTester(content).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter).toBeDefined();
    expect(filter!(entity)).toBe(true);
    expect(filter!(plain)).toBe(false);
  });

  it('renders the test set with links below the tab', async () => {
    const api = await renderTab('/load-tests');
    const scenario = await screen.findByRole('link', {
      name: 'Browse and order',
    });
    expect(scenario).toHaveAttribute('href', '/load-tests/scenarios/sc-1');
    expect(api.listScenarios).toHaveBeenCalledWith(
      'component:default/shop-api',
    );
  });

  it('routes to a run page inside the tab', async () => {
    await renderTab('/load-tests/runs/run-1');
    expect(
      await screen.findByRole('button', { name: 'Stop' }),
    ).toBeInTheDocument();
  });
});
