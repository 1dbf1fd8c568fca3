import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, within } from '@testing-library/react';
import { RunSeries } from '@internal/plugin-load-testing-common';
import { ComparePage } from './ComparePage';
import { overlayRows, runIdsFromQuery } from './overlay';
import { formatChange } from './ChangeTable';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  mockLoadTestingApi,
  permissionApi,
  series,
} from '../../__fixtures__';

async function render(location: string, api = mockLoadTestingApi()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi()],
      ]}
    >
      <EntityProvider entity={entity}>
        <ComparePage />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/load-tests': rootRouteRef },
      routeEntries: [location],
    },
  );
  return api;
}

describe('ComparePage', () => {
  it('shows the conditions, each change and the overlaid charts', async () => {
    const api = await render('/load-tests/compare?runs=run-a,run-b');
    expect(await screen.findByTestId('compare-page')).toBeInTheDocument();
    expect(api.compareRuns).toHaveBeenCalledWith(['run-a', 'run-b']);
    expect(api.getSeries).toHaveBeenCalledWith('run-b', {
      percentiles: ['p95'],
      points: 300,
    });
    expect(screen.getByTestId('conditions-summary')).toHaveTextContent(
      'Conditions differ: users 10 → 20',
    );
    const differs = screen
      .getByTestId('conditions')
      .querySelectorAll('[data-differs="true"]');
    expect([...differs].map(r => r.firstChild!.textContent)).toEqual(['users']);
    const worse = screen.getByTestId('change-Total-p95-1');
    expect(worse).toHaveAttribute('data-direction', 'worse');
    expect(worse).toHaveTextContent('50.4 ms +8.4 ms (+20 %)');
    expect(screen.getByTestId('change-Total-rps-1')).toHaveAttribute(
      'data-direction',
      'better',
    );
    // an endpoint only the first run requested
    const table = screen.getByTestId('compare-table');
    expect(within(table).getByText('not in run #2')).toBeInTheDocument();
    expect(screen.getByTestId('change-/api/items-p95-1')).toHaveTextContent(
      '–',
    );
    expect(screen.getByTestId('overlay-rps')).toHaveAttribute(
      'data-points',
      '30',
    );
    expect(screen.getByTestId('compared-run-0')).toHaveTextContent(
      'the reference',
    );
  });

  it('says the conditions were the same', async () => {
    const api = mockLoadTestingApi();
    const same = await api.compareRuns([]);
    api.compareRuns.mockResolvedValue({
      ...same,
      sameConditions: true,
      differences: [],
    });
    await render('/load-tests/compare?runs=run-a,run-b', api);
    expect(await screen.findByTestId('conditions-summary')).toHaveTextContent(
      'Same conditions',
    );
  });

  it('asks for runs when fewer than two are named', async () => {
    const api = await render('/load-tests/compare?runs=run-a');
    expect(
      await screen.findByText(/Pick 2 to 4 runs in the run history/),
    ).toBeInTheDocument();
    expect(api.compareRuns).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal", async () => {
    const api = mockLoadTestingApi({
      compareRuns: jest.fn(async () => {
        throw new Error('You are not allowed to load-testing.read');
      }),
    });
    await render('/load-tests/compare?runs=run-a,run-b', api);
    expect(
      await screen.findByText(/Could not compare the runs/),
    ).toHaveTextContent('not allowed');
  });
});

describe('overlayRows', () => {
  const at = (start: number, seconds: number[], rps: number): RunSeries => ({
    ...series,
    points: seconds.map(s => ({
      ...series.points[0],
      t: start + s * 1000,
      rps,
      percentiles: { p95: rps * 2 },
    })),
  });

  it('aligns each run at its own first point', () => {
    const rows = overlayRows(
      [at(1_000_000, [0, 1, 2], 10), at(9_000_000, [0, 2], 20), undefined],
      [
        { key: 'rps', read: p => p.rps },
        { key: 'p95', read: p => p.percentiles.p95 },
      ],
    );
    expect(rows).toEqual([
      { s: 0, rps_0: 10, p95_0: 20, rps_1: 20, p95_1: 40 },
      { s: 1, rps_0: 10, p95_0: 20 },
      { s: 2, rps_0: 10, p95_0: 20, rps_1: 20, p95_1: 40 },
    ]);
  });

  it('starts each run at its first point with requests', () => {
    const starting = at(5_000, [0, 1, 2, 3], 10);
    starting.points[0] = { ...starting.points[0], requests: 0, rps: 0 };
    starting.points[1] = { ...starting.points[1], requests: 0, rps: 0 };
    const rows = overlayRows([starting], [{ key: 'rps', read: p => p.rps }]);
    expect(rows).toEqual([
      { s: 0, rps_0: 10 },
      { s: 1, rps_0: 10 },
    ]);
  });

  it('reads at most four distinct run ids from the query', () => {
    expect(runIdsFromQuery('a, b,a,,c,d,e')).toEqual(['a', 'b', 'c', 'd']);
    expect(runIdsFromQuery(null)).toEqual([]);
  });

  it('formats a change with its sign and percent', () => {
    expect(
      formatChange('rps', {
        absolute: -2,
        percent: -11.76,
        direction: 'worse',
      }),
    ).toBe('−2/s (−11.8 %)');
    expect(
      formatChange('failureRatio', {
        absolute: 0.05,
        percent: null,
        direction: 'worse',
      }),
    ).toBe('+5 pts');
  });
});
