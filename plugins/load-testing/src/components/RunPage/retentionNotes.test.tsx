import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { RunTotals } from '@internal/plugin-load-testing-common';
import { EndpointTable } from './EndpointTable';
import { RunCharts } from './RunCharts';

const START = Date.UTC(2027, 0, 15, 8, 2, 0);
const stats = {
  method: '',
  name: 'Aggregated',
  requests: 2400,
  failures: 0,
  failureRatio: 0,
  averageMs: 12,
  minMs: 2,
  maxMs: 80,
  averageContentLength: 0,
  rps: 4,
  failuresPerSecond: 0,
  percentiles: { p50: 10, p95: 40, p99: 70 },
};

describe('after retention dropped the raw samples', () => {
  it('the endpoint table of a window says which 10 minutes its figures are of', async () => {
    const totals: RunTotals = {
      total: stats,
      endpoints: [],
      durationSeconds: 600,
      peakUsers: 4,
      resolutionSeconds: 600,
      from: START - 120_000,
      to: START + 480_000,
    };
    await renderInTestApp(
      <EndpointTable
        totals={totals}
        live={false}
        window={{ from: 60, to: 240 }}
        startMs={START}
      />,
    );
    expect(
      screen.getByText(
        'Of 0:00–8:00 at 10-minute resolution: the window 1:00–4:00 widened to whole 10 minutes (retention dropped the raw samples)',
      ),
    ).toBeInTheDocument();
  });

  it('a window of a run with its raw samples says nothing of resolution', async () => {
    await renderInTestApp(
      <EndpointTable
        totals={{
          total: stats,
          endpoints: [],
          durationSeconds: 180,
          peakUsers: 4,
        }}
        live={false}
        window={{ from: 60, to: 240 }}
        startMs={START}
      />,
    );
    expect(screen.getByText(/^Of the window 1:00–4:00;/)).toBeInTheDocument();
    expect(screen.queryByText(/resolution/)).toBeNull();
  });

  it('the charts say they are at 10-minute resolution, and since when', async () => {
    await renderInTestApp(
      <RunCharts
        series={{
          runId: 'r',
          endpoint: null,
          percentiles: ['p95'],
          endpoints: [],
          resolutionSeconds: 600,
          points: [
            {
              t: START + 480_000,
              rps: 4,
              failuresPerSecond: 0,
              users: 4,
              requests: 2400,
              percentiles: { p95: 40 },
            },
          ],
        }}
        startMs={START}
        lastSampleMs={START + 7_000}
        live={false}
        percentiles={['p95']}
        onPercentilesChange={() => {}}
        endpoint=""
        onEndpointChange={() => {}}
        onWindowChange={() => {}}
        rawDroppedAt="2027-02-20T10:00:00.000Z"
      />,
    );
    expect(screen.getByTestId('resolution-note')).toHaveTextContent(
      'At 10-minute resolution: retention dropped the raw samples on 2027-02-20',
    );
  });
});
