import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { TrendChart, trendRows } from './TrendChart';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { entity, mockLoadTestingApi, trend } from '../../__fixtures__';

async function render(api = mockLoadTestingApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <EntityProvider entity={entity}>
        <Routes>
          <Route path="/" element={<TrendChart scenarioId="sc-1" />} />
          <Route path="/load-tests/runs/:runId" element={<div>run page</div>} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef } },
  );
  return api;
}

describe('TrendChart', () => {
  it('draws p95, RPS and failures of each run, the baseline ringed', async () => {
    const api = await render();
    expect(await screen.findByTestId('trend-p95')).toHaveAttribute(
      'data-points',
      '3',
    );
    expect(api.getTrend).toHaveBeenCalledWith('sc-1', undefined);
    expect(screen.getByTestId('trend-rps')).toBeInTheDocument();
    expect(screen.getByTestId('trend-failures')).toBeInTheDocument();
    expect(
      screen.getByText(/the ringed one is the baseline/),
    ).toBeInTheDocument();
    const points = screen
      .getByTestId('trend-p95')
      .querySelectorAll('[data-testid^="trend-point-"]');
    expect(points).toHaveLength(3);
    // the baseline's point has a ring besides its dot
    const baseline = screen.getAllByTestId('trend-point-run-a')[0];
    expect(baseline.querySelectorAll('circle')).toHaveLength(2);
    expect(
      screen.getAllByTestId('trend-point-run-b')[0].querySelector('circle'),
    ).toHaveAttribute('fill', '#c62828');
    fireEvent.click(baseline);
    expect(await screen.findByText('run page')).toBeInTheDocument();
  });

  it('says there is nothing to draw yet', async () => {
    await render(
      mockLoadTestingApi({
        getTrend: jest.fn(async () => ({ scenarioId: 'sc-1', points: [] })),
      }),
    );
    expect(await screen.findByTestId('trend-empty')).toHaveTextContent(
      'No completed runs yet',
    );
  });

  it('gives failures in percent', () => {
    expect(trendRows(trend).map(r => [r.i, r.failurePercent])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
    ]);
  });
});
