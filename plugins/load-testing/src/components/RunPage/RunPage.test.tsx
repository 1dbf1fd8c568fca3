import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RunPage } from './RunPage';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  finishedRun,
  kubernetesNodes,
  kubernetesRun,
  lockedEntity,
  mockLoadTestingApi,
  permissionApi,
  run,
} from '../../__fixtures__';

async function render(
  api = mockLoadTestingApi(),
  denied: string[] = [],
  runId = run.id,
  routeEntries?: string[],
) {
  const shown = denied.length ? lockedEntity : entity;
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi(denied)],
      ]}
    >
      <EntityProvider entity={shown}>
        <RunPage runId={runId} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef }, routeEntries },
  );
  return api;
}

describe('RunPage', () => {
  it('shows a live run: status, Stop, charts, endpoints, errors, nodes and logs', async () => {
    const api = await render();
    expect(await screen.findByTestId('run-status')).toHaveTextContent(
      'running',
    );
    expect(screen.getByRole('button', { name: 'Stop' })).toBeEnabled();
    // the last 2 s before the newest sample are still incomplete and stay hidden
    expect(screen.getByTestId('chart-throughput')).toHaveAttribute(
      'data-points',
      '28',
    );
    expect(
      screen.getByTestId('chart-throughput').querySelector('.recharts-line'),
    ).not.toBeNull();
    const endpoints = screen.getByTestId('endpoint-table');
    expect(within(endpoints).getByText('/api/items')).toBeInTheDocument();
    expect(within(endpoints).getByText('Aggregated')).toBeInTheDocument();
    expect(screen.getByTestId('errors-table')).toHaveTextContent(
      'HTTPError 500',
    );
    expect(screen.getByRole('cell', { name: 'worker-1' })).toBeInTheDocument();
    expect(screen.getByText('50 MiB')).toBeInTheDocument();
    // a local run has no placement
    expect(screen.queryByTestId('run-placement')).toBeNull();
    await waitFor(() =>
      expect(api.getLog).toHaveBeenCalledWith(run.id, 'master', {
        tail: 65536,
      }),
    );
    expect(api.getSeries).toHaveBeenCalledWith(run.id, {
      percentiles: ['p50', 'p95', 'p99'],
      endpoint: undefined,
      points: 300,
    });
  });

  it('asks for another endpoint and other percentiles when picked', async () => {
    const api = await render();
    await screen.findByTestId('run-status');
    fireEvent.click(screen.getByRole('button', { name: 'p99.9' }));
    await waitFor(() =>
      expect(api.getSeries).toHaveBeenLastCalledWith(run.id, {
        percentiles: ['p50', 'p95', 'p99', 'p99.9'],
        endpoint: undefined,
        points: 300,
      }),
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /All endpoints/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'POST /api/orders' }),
    );
    await waitFor(() =>
      expect(api.getSeries).toHaveBeenLastCalledWith(run.id, {
        percentiles: ['p50', 'p95', 'p99', 'p99.9'],
        endpoint: 'POST /api/orders',
        points: 300,
      }),
    );
  });

  it('stops a run', async () => {
    const api = await render();
    fireEvent.click(await screen.findByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(api.cancelRun).toHaveBeenCalledWith(run.id));
  });

  it('does not let a user without the cancel permission stop a run', async () => {
    await render(mockLoadTestingApi(), ['load-testing.run.cancel']);
    await screen.findByTestId('run-status');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Stop' })).toBeDisabled(),
    );
  });

  it('polls while live, shows the verdict once the run ended, then stops polling', async () => {
    // the run ends only once the page was seen live, however slow the machine
    let seenLive: () => void = () => {};
    const live = new Promise<void>(resolve => {
      seenLive = resolve;
    });
    const getRun = jest
      .fn()
      .mockResolvedValueOnce(run)
      .mockImplementation(() => live.then(() => finishedRun));
    const api = await render(mockLoadTestingApi({ getRun }));
    expect(await screen.findByTestId('run-status')).toHaveTextContent(
      'running',
    );
    seenLive();
    expect(await screen.findByTestId('run-verdict')).toHaveTextContent('PASS');
    expect(screen.queryByRole('button', { name: 'Stop' })).toBeNull();
    expect(screen.getByTestId('verdict-checks')).toHaveTextContent(
      'p95 42 ms ≤ 500 ms',
    );
    // once ended every point is final: none is hidden
    expect(screen.getByTestId('chart-throughput')).toHaveAttribute(
      'data-points',
      '30',
    );
    const calls = getRun.mock.calls.length;
    await new Promise(r => setTimeout(r, 2500));
    expect(getRun).toHaveBeenCalledTimes(calls);
    expect(api.getEndpoints).toHaveBeenCalledTimes(calls);
  }, 15000);

  it('puts the reason and the logs first when a run failed before any sample', async () => {
    const failed = {
      ...run,
      status: 'failed' as const,
      statusReason:
        'The Locust master exited with code 1: RuntimeError (script line 6)',
      finishedAt: '2026-11-27T08:00:05.000Z',
      lastSampleAt: undefined,
    };
    const api = mockLoadTestingApi({
      getRun: jest.fn(async () => failed),
      getSeries: jest.fn(async () => ({
        runId: run.id,
        endpoint: null,
        percentiles: [],
        endpoints: [],
        points: [],
      })),
      getEndpoints: jest.fn(async () => null),
      getLog: jest.fn(async () => ({
        node: 'master',
        offset: 0,
        nextOffset: 40,
        size: 40,
        text: 'RuntimeError: oops\n',
      })),
    });
    await render(api);
    expect(await screen.findByTestId('run-status-reason')).toHaveTextContent(
      'RuntimeError (script line 6)',
    );
    expect(screen.queryByTestId('endpoint-table')).toBeNull();
    expect(screen.queryByTestId('chart-throughput')).toBeNull();
    expect(screen.getByText('Logs')).toBeInTheDocument();
  });

  it('shows where a Kubernetes run runs, when its workers were ready and its placement parameters', async () => {
    await render(
      mockLoadTestingApi({
        getRun: jest.fn(async () => kubernetesRun),
        getNodes: jest.fn(async () => kubernetesNodes),
      }),
      [],
      kubernetesRun.id,
    );
    const placement = await screen.findByTestId('run-placement');
    expect(placement).toHaveTextContent('Cluster dev-eu');
    expect(placement).toHaveTextContent('Namespace load-tests');
    expect(placement).toHaveTextContent(
      'Engine locust-2.32 (locustio/locust:2.32.3)',
    );
    expect(screen.getByTestId('run-workers-ready')).toHaveTextContent(
      'Workers ready in 4.2 s',
    );
    for (const text of [
      'worker: requests CPU 500m, memory 512Mi; limits CPU 1',
      '10.0.0.5 → shop-api.internal, auth.internal',
      'pool=load',
      'dedicated=load:NoSchedule',
      'API_TOKEN (from shop-api-tokens, key token)',
    ])
      expect(screen.getByText(text)).toBeInTheDocument();
    // the nodes table shows the pods and why one cannot start
    expect(
      screen.getByRole('cell', { name: 'lt-run-k8s-worker-1' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('node-message-worker-2')).toHaveTextContent(
      'Unschedulable: 0/2 nodes are available',
    );
  });

  it('waits for the workers of a Kubernetes run that is provisioning', async () => {
    const provisioning = {
      ...kubernetesRun,
      status: 'provisioning' as const,
      startedAt: undefined,
      lastSampleAt: undefined,
      kubernetes: { cluster: 'dev-eu', namespace: 'load-tests' },
    };
    await render(
      mockLoadTestingApi({
        getRun: jest.fn(async () => provisioning),
        getNodes: jest.fn(async () => kubernetesNodes),
      }),
      [],
      kubernetesRun.id,
    );
    expect(await screen.findByTestId('run-workers-ready')).toHaveTextContent(
      'waiting for workers…',
    );
    expect(screen.getByTestId('run-placement')).toHaveTextContent(
      'Engine locust-2.32',
    );
  });

  it('opens the window a link names: its series and its endpoint table, the whole run in the header', async () => {
    const from = Date.parse(finishedRun.startedAt!) + 5000;
    const to = from + 10000;
    const api = mockLoadTestingApi({
      getRun: jest.fn().mockResolvedValue(finishedRun),
    });
    await render(api, [], finishedRun.id, [`/?from=${from}&to=${to}`]);
    expect(
      await within(await screen.findByTestId('endpoint-table')).findByText(
        /^Of the window 0:05–0:15/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('zoom')).toHaveTextContent('Window 0:05–0:15');
    expect(api.getSeries).toHaveBeenCalledWith(
      finishedRun.id,
      expect.objectContaining({ from, to }),
    );
    expect(api.getEndpoints).toHaveBeenCalledWith(finishedRun.id);
    expect(api.getEndpoints).toHaveBeenCalledWith(finishedRun.id, { from, to });
  });
});
