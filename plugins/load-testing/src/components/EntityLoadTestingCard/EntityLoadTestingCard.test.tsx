import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { RunSummaryRow } from '@internal/plugin-load-testing-common';
import { EntityLoadTestingCard, cardFigures } from './EntityLoadTestingCard';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import alphaPlugin from '../../alpha';
import { EntityLoadTestingCard as LegacyCard } from '../../plugin';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { entity, finishedRun, mockLoadTestingApi } from '../../__fixtures__';

const runs: RunSummaryRow[] = [
  // newest first, as the backend lists them
  {
    ...finishedRun,
    id: 'r7',
    status: 'running',
    verdict: undefined,
    p95Ms: 90,
  },
  ...(['fail', 'pass', 'inconclusive', 'pass', 'pass', 'fail'] as const).map(
    (verdict, i) => ({
      ...finishedRun,
      id: `r${6 - i}`,
      verdict,
      p95Ms: 40 + i,
      createdAt: `2026-11-2${8 - i}T08:00:00.000Z`,
    }),
  ),
  { ...finishedRun, id: 'r0', status: 'cancelled', verdict: undefined },
];

async function render(items: RunSummaryRow[]) {
  const api = mockLoadTestingApi({
    listRuns: jest.fn(async () => ({
      items,
      totalCount: items.length,
      offset: 0,
      limit: 30,
    })),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityLoadTestingCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/default/component/shop-api/load-tests': rootRouteRef,
      },
    },
  );
  return api;
}

describe('EntityLoadTestingCard', () => {
  it('shows the last five verdicts, each linking to its run, and a p95 sparkline', async () => {
    const api = await render(runs);
    const verdicts = await screen.findByTestId('load-testing-verdicts');
    expect(api.listRuns).toHaveBeenCalledWith({
      entityRef: 'component:default/shop-api',
      limit: 30,
    });
    const chips = within(verdicts).getAllByTestId('run-verdict');
    expect(chips.map(c => c.textContent)).toEqual([
      'FAIL',
      'PASS',
      'INCONCLUSIVE',
      'PASS',
      'PASS',
    ]);
    expect(screen.getByTestId('card-run-r6')).toHaveAttribute(
      'href',
      '/catalog/default/component/shop-api/load-tests/runs/r6',
    );
    const sparkline = screen.getByTestId('load-testing-sparkline');
    // the completed runs only: not the running or the cancelled one
    expect(sparkline).toHaveAttribute('data-points', '6');
    expect(sparkline).toHaveTextContent('latest 40 ms');
  });

  it('has an empty state when the entity has no runs', async () => {
    await render([]);
    expect(
      await screen.findByTestId('load-testing-card-empty'),
    ).toHaveTextContent('No load test has run yet');
    expect(
      screen.getByRole('link', { name: 'Open Load Tests' }),
    ).toHaveAttribute('href', '/catalog/default/component/shop-api/load-tests');
  });

  it('draws the sparkline oldest first', () => {
    const { sparkline, judged } = cardFigures(runs);
    expect(sparkline.map(p => p.runId)).toEqual([
      'r1',
      'r2',
      'r3',
      'r4',
      'r5',
      'r6',
    ]);
    expect(judged.map(r => r.id)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
  });

  it('is exported for both frontend systems', () => {
    expect(LegacyCard).toBeDefined();
    const card = createExtensionTester(
      alphaPlugin.getExtension('entity-card:load-testing/overview'),
    ).snapshot();
    expect(card.id).toBe('entity-card:load-testing/overview');
  });
});
