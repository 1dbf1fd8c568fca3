import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TestSetPage } from './TestSetPage';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  finishedRun,
  lockedEntity,
  mockLoadTestingApi,
  permissionApi,
  scenario,
} from '../../__fixtures__';

function render(
  api = mockLoadTestingApi(),
  denied: string[] = [],
  shown = denied.length ? lockedEntity : entity,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi(denied)],
      ]}
    >
      <EntityProvider entity={shown}>
        <TestSetPage />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef } },
  );
}

describe('TestSetPage', () => {
  it('tells a new user what to do when there are no scenarios', async () => {
    await render(
      mockLoadTestingApi({ listScenarios: jest.fn(async () => []) }),
    );
    expect(
      await screen.findByText('No load-test scenarios yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/A scenario is a Locust script/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /New scenario/ })).toBeEnabled();
  });

  it('lists scenarios with the figures of their last run, and the run history', async () => {
    const api = mockLoadTestingApi({
      listScenarios: jest.fn(async () => [
        { ...scenario, lastRun: finishedRun },
      ]),
    });
    await render(api);
    // the first link is the scenarios table, the second the run history
    const row = (
      await screen.findAllByRole('link', { name: scenario.name })
    )[0].closest('tr')!;
    expect(within(row).getByText('succeeded')).toBeInTheDocument();
    expect(within(row).getByText('PASS')).toBeInTheDocument();
    expect(within(row).getByText('15/s')).toBeInTheDocument();
    expect(within(row).getByText('42 ms')).toBeInTheDocument();
    expect(within(row).getByText('0.33 %')).toBeInTheDocument();
    expect(await screen.findByText('Run history')).toBeInTheDocument();
    expect(api.listRuns).toHaveBeenCalledWith({
      entityRef: 'component:default/shop-api',
      scenarioId: undefined,
      offset: 0,
      limit: 10,
    });
    expect(screen.getByText('1 min 01 s')).toBeInTheDocument();
  });

  it('opens the Run dialog from a scenario row', async () => {
    await render();
    fireEvent.click(
      await screen.findByRole('button', { name: `Run ${scenario.name}` }),
    );
    expect(await screen.findByRole('dialog')).toHaveTextContent(
      `Run “${scenario.name}”`,
    );
  });

  it('disables Run and New scenario for a user without permission, saying why', async () => {
    await render(mockLoadTestingApi(), [
      'load-testing.run.create',
      'load-testing.scenario.create',
    ]);
    const run = await screen.findByRole('button', {
      name: `Run ${scenario.name}`,
    });
    await waitFor(() => expect(run).toBeDisabled());
    expect(screen.getByRole('button', { name: /New scenario/ })).toBeDisabled();
    fireEvent.mouseOver(run.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      "You don't have permission to start runs for component:default/shop-api-locked (load-testing.run.create)",
    );
  });

  it('shows where repository scenarios come from, why the last read failed, and syncs on demand', async () => {
    const fromRepository = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'load-testing.dev/scenarios': './loadtests/',
        },
      },
    };
    const state = {
      entityRef: 'component:default/shop-api',
      url: 'https://git.example.com/shop/loadtests/load-testing.yaml',
      syncedAt: '2026-12-01T09:00:00.000Z',
      error:
        'scenarios[0] (browse): script is not valid Python: invalid syntax (line 2)',
      errorAt: '2026-12-01T09:10:00.000Z',
    };
    const api = mockLoadTestingApi({
      listScenarios: jest.fn(async () => [
        {
          ...scenario,
          source: {
            url: 'https://git.example.com/shop/loadtests/browse.py',
            descriptorUrl: state.url,
            version: 'abc',
          },
        },
      ]),
      getScenarioSource: jest.fn(async () => state),
      syncScenarioSource: jest.fn(async () => ({ ...state, error: undefined })),
    });
    await render(api, [], fromRepository);
    expect(
      await screen.findByTestId('scenario-source-error'),
    ).toHaveTextContent('invalid syntax (line 2)');
    expect(screen.getByTestId('scenario-repository')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Sync now/ }));
    await waitFor(() =>
      expect(api.syncScenarioSource).toHaveBeenCalledWith(
        'component:default/shop-api',
      ),
    );
  });
});
