import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { RunHistoryTable } from './RunHistoryTable';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  ENTITY_REF,
  entity,
  finishedRun,
  mockLoadTestingApi,
  run,
  scenario,
} from '../../__fixtures__';

function Where() {
  const location = useLocation();
  return (
    <div data-testid="where">{`${location.pathname}${location.search}`}</div>
  );
}

describe('RunHistoryTable', () => {
  it('compares the runs ticked, in the order ticked', async () => {
    const items = [
      { ...run, id: 'live' },
      ...['r3', 'r2', 'r1', 'r0'].map(id => ({ ...finishedRun, id })),
    ];
    const api = mockLoadTestingApi({
      listRuns: jest.fn(async () => ({
        items,
        totalCount: items.length,
        offset: 0,
        limit: 10,
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[loadTestingApiRef, api]]}>
        <EntityProvider entity={entity}>
          <Routes>
            <Route
              path="/"
              element={
                <RunHistoryTable
                  entityRef={ENTITY_REF}
                  scenarios={[scenario]}
                />
              }
            />
            <Route path="/load-tests/compare" element={<Where />} />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/load-tests': rootRouteRef } },
    );
    // the toolbar is drawn anew on every change: find the button each time
    // (by text and label: role queries walk the whole table and are slow)
    const compare = () =>
      screen.getByText(/^Compare( \(\d\))?$/).closest('button')!;
    await screen.findByLabelText('Compare run r0');
    expect(compare()).toBeDisabled();
    const tick = (id: string) =>
      fireEvent.click(
        screen.getByLabelText(`Compare run ${id}`),
      );
    // a run still going cannot be compared
    expect(screen.getByLabelText('Compare run live')).toBeDisabled();
    tick('r1');
    expect(compare()).toBeDisabled();
    tick('r3');
    tick('r2');
    tick('r0');
    expect(compare()).toHaveTextContent('Compare (4)');
    // at most four
    tick('r3');
    expect(compare()).toHaveTextContent('Compare (3)');
    tick('r3');
    fireEvent.click(compare());
    expect(await screen.findByTestId('where')).toHaveTextContent(
      '/load-tests/compare?runs=r1,r2,r0,r3',
    );
  });
});
