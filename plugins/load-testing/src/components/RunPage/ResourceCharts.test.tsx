import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { screen } from '@testing-library/react';
import {
  RunPrometheus,
  RunResources,
} from '@internal/plugin-load-testing-common';
import { ResourceCharts } from './ResourceCharts';
import { loadTestingApiRef } from '../../api';
import { finishedRun, mockLoadTestingApi, series } from '../../__fixtures__';
import {
  prometheusRows,
  resourceRows,
  seriesName,
  sharedDomain,
} from './resourceData';

const start = Date.parse(finishedRun.startedAt!);

const resources: RunResources = {
  from: start + 5000,
  to: start + 30_000,
  nodes: ['master', 'worker-1', 'worker-2'].map((name, n) => ({
    name,
    role: name === 'master' ? 'master' : 'worker',
    points: Array.from({ length: 6 }, (_, i) => ({
      ts: start + (i + 1) * 5000,
      cpuPercent: n === 2 ? 97 : 10 * n + i,
      memoryBytes: (50 + n) * 1024 * 1024,
    })),
  })),
};

const target: RunPrometheus = {
  configured: true,
  query: 'sum(rate(http_requests_total[5s]))',
  unit: 'req/s',
  series: [
    {
      labels: {},
      points: Array.from({ length: 61 }, (_, i) => [
        start - 30_000 + i * 1000,
        i < 30 ? 0 : 15,
      ]),
    },
  ],
};

async function render(
  api = mockLoadTestingApi(),
  window?: { from: number; to: number },
) {
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <ResourceCharts
        runId={finishedRun.id}
        series={series}
        startMs={start}
        lastSampleMs={Date.parse(finishedRun.lastSampleAt!)}
        live={false}
        window={window}
      />
    </TestApiProvider>,
  );
  return api;
}

describe('ResourceCharts', () => {
  it("draws each generator's CPU and memory and the target's metrics on the run's time axis", async () => {
    const api = await render(
      mockLoadTestingApi({
        getResources: jest.fn(async () => resources),
        getPrometheus: jest.fn(async () => target),
      }),
    );
    const cpu = await screen.findByTestId('chart-generators-cpu');
    expect(cpu).toHaveAttribute('data-points', '6');
    expect(cpu.querySelectorAll('.recharts-line')).toHaveLength(3);
    expect(cpu).toHaveTextContent('worker-2');
    expect(screen.getByTestId('chart-generators-memory')).toHaveAttribute(
      'data-points',
      '6',
    );
    const prom = screen.getByTestId('chart-target-prometheus');
    expect(prom).toHaveTextContent(
      'Target: sum(rate(http_requests_total[5s]))',
    );
    expect(prom.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(api.getResources).toHaveBeenCalledWith(finishedRun.id, {
      points: 500,
    });
    expect(api.getPrometheus).toHaveBeenCalledWith(finishedRun.id, undefined);
  });

  it('asks for the zoomed window', async () => {
    const window = { from: start + 10_000, to: start + 20_000 };
    const api = await render(
      mockLoadTestingApi({ getResources: jest.fn(async () => resources) }),
      window,
    );
    await screen.findByTestId('chart-generators-cpu');
    expect(api.getResources).toHaveBeenCalledWith(finishedRun.id, {
      ...window,
      points: 500,
    });
    expect(api.getPrometheus).toHaveBeenCalledWith(finishedRun.id, window);
  });

  it("shows nothing of the target without a query, and Prometheus' message when it fails", async () => {
    await render(
      mockLoadTestingApi({ getResources: jest.fn(async () => resources) }),
    );
    await screen.findByTestId('chart-generators-cpu');
    expect(screen.queryByTestId('chart-target-prometheus')).toBeNull();
    expect(screen.queryByTestId('target-error')).toBeNull();

    const failing = mockLoadTestingApi({
      getPrometheus: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'PrometheusError',
                message: 'Prometheus is unreachable: ECONNREFUSED',
              },
              response: { statusCode: 502 },
            }),
            { status: 502, headers: { 'content-type': 'application/json' } },
          ) as any,
        );
      }),
    });
    await render(failing);
    expect(await screen.findByTestId('target-error')).toHaveTextContent(
      'Prometheus is unreachable: ECONNREFUSED',
    );
    expect(screen.getByTestId('resources-empty')).toHaveTextContent(
      'No CPU or memory was recorded',
    );
  });
});

describe('resource chart data', () => {
  it('shares the x domain of the results charts, and rows keyed by elapsed seconds', () => {
    expect(sharedDomain({ series, startMs: start, live: false })).toEqual([
      0, 30,
    ]);
    expect(
      sharedDomain({
        series,
        startMs: start,
        live: false,
        window: { from: start + 10_000, to: start + 20_000 },
      }),
    ).toEqual([1, 30]);
    const { rows, nodes } = resourceRows(resources, start);
    expect(nodes).toEqual(['master', 'worker-1', 'worker-2']);
    expect(rows[0]).toEqual({
      t: start + 5000,
      s: 5,
      'cpu:master': 0,
      'mem:master': 50,
      'cpu:worker-1': 10,
      'mem:worker-1': 51,
      'cpu:worker-2': 97,
      'mem:worker-2': 52,
    });
    const prom = prometheusRows(target, start);
    expect(prom[0]).toEqual({ t: start - 30_000, s: -30, p0: 0 });
    expect(prom).toHaveLength(61);
  });

  it('names a series by its labels', () => {
    expect(seriesName({}, 'sum(up)')).toBe('sum(up)');
    expect(
      seriesName({ __name__: 'up', job: 'target', instance: 'x:1' }, 'up'),
    ).toBe('up{job="target", instance="x:1"}');
  });
});
