import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Run } from '@internal/plugin-load-testing-common';
import { BaselineControls, BaselineNote } from './BaselineControls';
import { VerdictChecks } from './VerdictChecks';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  finishedRun,
  mockLoadTestingApi,
  permissionApi,
  run,
  scenario,
} from '../../__fixtures__';

async function render(
  node: JSX.Element,
  api = mockLoadTestingApi(),
  denied: string[] = [],
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi(denied)],
      ]}
    >
      <EntityProvider entity={entity}>{node}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef } },
  );
  return api;
}

const judged: Run = {
  ...finishedRun,
  id: 'run-2',
  verdict: 'fail',
  verdictDetails: {
    result: 'fail',
    reasons: [
      'p95 412 ms is 23 % worse than the baseline run run-1 (335 ms, margin 10 %)',
    ],
    checks: [
      {
        metric: 'baseline-p95',
        comparator: '<=',
        threshold: 368.5,
        actual: 412,
        passed: false,
        outcome: 'fail',
        source: 'baseline',
        message:
          'p95 412 ms is 23 % worse than the baseline run run-1 (335 ms, margin 10 %)',
      },
      {
        metric: 'baseline-failureRatio',
        comparator: '<=',
        threshold: 0.01,
        actual: 0.002,
        passed: true,
        source: 'baseline',
      },
    ],
    baseline: {
      runId: 'run-1',
      marginPercent: 10,
      p95Ms: 335,
      failureRatio: 0,
    },
  },
  baselineRunId: 'run-1',
};

describe('baselines on the run page', () => {
  it('makes a completed run the baseline, then shows the chip', async () => {
    const api = await render(<BaselineControls run={finishedRun} />);
    fireEvent.click(
      await screen.findByRole('button', { name: /Make baseline/ }),
    );
    await waitFor(() =>
      expect(api.setBaseline).toHaveBeenCalledWith(scenario.id, {
        runId: finishedRun.id,
      }),
    );
    expect(await screen.findByTestId('baseline-chip')).toHaveTextContent(
      'Baseline',
    );
  });

  it('shows the chip on the baseline run', async () => {
    const api = mockLoadTestingApi({
      getScenario: jest.fn(async () => ({
        ...scenario,
        baseline: { runId: finishedRun.id, marginPercent: 10 },
      })),
    });
    await render(<BaselineControls run={finishedRun} />, api);
    expect(await screen.findByTestId('baseline-chip')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Make baseline/ })).toBeNull();
  });

  it('needs the report update permission', async () => {
    // usePermission caches answers per entity: one no other test was allowed on
    const locked = {
      ...finishedRun,
      entityRef: 'component:default/shop-api-locked',
    };
    await render(<BaselineControls run={locked} />, undefined, [
      'load-testing.report.update',
    ]);
    expect(
      await screen.findByRole('button', { name: /Make baseline/ }),
    ).toBeDisabled();
  });

  it('offers nothing for a run that did not complete', async () => {
    const api = await render(
      <BaselineControls run={{ ...run, status: 'failed' }} />,
    );
    await waitFor(() => expect(api.getScenario).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: /Make baseline/ })).toBeNull();
  });

  it('shows the backend refusing', async () => {
    const api = mockLoadTestingApi({
      setBaseline: jest.fn(async () => {
        throw new Error('Run run-1 made no requests');
      }),
    });
    await render(<BaselineControls run={finishedRun} />, api);
    fireEvent.click(
      await screen.findByRole('button', { name: /Make baseline/ }),
    );
    expect(await screen.findByTestId('baseline-error')).toHaveTextContent(
      'made no requests',
    );
  });

  it('lists the baseline checks and links the baseline run', async () => {
    await render(<VerdictChecks run={judged} />);
    expect(
      await screen.findByTestId('verdict-check-baseline-p95'),
    ).toHaveTextContent('p95 vs baseline 412 ms ≤ 369 ms');
    expect(
      screen.getByTestId('verdict-check-baseline-failureRatio'),
    ).toHaveTextContent('failures vs baseline 0.2 % ≤ 1 %');
    expect(screen.getByTestId('verdict-reasons')).toHaveTextContent(
      '23 % worse',
    );
    const note = screen.getByTestId('baseline-note');
    expect(note).toHaveTextContent(
      'Compared with the baseline run run-1 (p95 335 ms, failures 0 %; margin 10 %).',
    );
    expect(screen.getByRole('link', { name: 'run-1' })).toHaveAttribute(
      'href',
      '/load-tests/runs/run-1',
    );
  });

  it('says nothing of a baseline for a run not compared with one', async () => {
    await render(<BaselineNote run={finishedRun} />);
    expect(screen.queryByTestId('baseline-note')).toBeNull();
  });
});
