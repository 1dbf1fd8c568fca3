import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import { Router, isLoadTestingAvailable } from './Router';
import { loadTestingApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { entity, mockLoadTestingApi, permissionApi } from '../__fixtures__';

const plain = { ...entity, metadata: { name: 'other' } };

describe('Router', () => {
  it('is available only with the annotation', () => {
    expect(isLoadTestingAvailable(entity)).toBe(true);
    expect(isLoadTestingAvailable(plain)).toBe(false);
  });

  it('explains the missing annotation', async () => {
    await renderInTestApp(
      <EntityProvider entity={plain}>
        <Router />
      </EntityProvider>,
      { mountedRoutes: { '/load-tests': rootRouteRef } },
    );
    expect(
      await screen.findByText('load-testing.dev/enabled'),
    ).toBeInTheDocument();
  });

  it('routes to a run page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [loadTestingApiRef, mockLoadTestingApi()],
          [permissionApiRef, permissionApi()],
        ]}
      >
        <EntityProvider entity={entity}>
          <Router />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/load-tests': rootRouteRef },
        routeEntries: ['/runs/run-1'],
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Stop' }),
    ).toBeInTheDocument();
  });
});
