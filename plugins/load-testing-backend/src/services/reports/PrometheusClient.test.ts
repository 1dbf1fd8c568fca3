import { ConfigReader } from '@backstage/config';
import http from 'http';
import { AddressInfo } from 'net';
import {
  PrometheusClient,
  PrometheusError,
  readPrometheusConfig,
} from './PrometheusClient';
import { prometheusStep } from './ResourcesService';

/** An HTTP server on 127.0.0.1 answering with `handler`; its URL. */
async function serve(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const range = {
  start: 1_800_000_000_000,
  end: 1_800_000_060_000,
  stepSeconds: 1,
};

describe('PrometheusClient', () => {
  it('reads its config with the secrets as headers, and none without a base URL', () => {
    expect(readPrometheusConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readPrometheusConfig(
        new ConfigReader({
          loadTesting: {
            prometheus: {
              baseUrl: 'http://prom:9090/',
              token: 't0k',
              headers: { 'X-Scope-OrgID': 'shop' },
            },
          },
        }),
      ),
    ).toEqual({
      baseUrl: 'http://prom:9090',
      headers: { 'X-Scope-OrgID': 'shop', Authorization: 'Bearer t0k' },
      timeoutMs: 10_000,
    });
    expect(() =>
      readPrometheusConfig(
        new ConfigReader({ loadTesting: { prometheus: { baseUrl: 'prom' } } }),
      ),
    ).toThrow(/http\(s\) URL/);
  });

  it('posts the range query with its headers and hands on series, NaN as null', async () => {
    let seen: { body: string; headers: http.IncomingHttpHeaders } | undefined;
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => {
        seen = { body, headers: req.headers };
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              resultType: 'matrix',
              result: [
                {
                  metric: { path: '/api/items' },
                  values: [
                    [1800000000, '12.5'],
                    [1800000001, 'NaN'],
                  ],
                },
              ],
            },
          }),
        );
      });
    });
    try {
      const client = new PrometheusClient({
        baseUrl: server.url,
        headers: { Authorization: 'Bearer t0k' },
        timeoutMs: 2000,
      });
      expect(await client.queryRange('sum(up)', range)).toEqual({
        series: [
          {
            labels: { path: '/api/items' },
            points: [
              [1_800_000_000_000, 12.5],
              [1_800_000_001_000, null],
            ],
          },
        ],
      });
      const params = new URLSearchParams(seen!.body);
      expect(Object.fromEntries(params)).toEqual({
        query: 'sum(up)',
        start: '1800000000.000',
        end: '1800000060.000',
        step: '1',
        timeout: '2s',
      });
      expect(seen!.headers.authorization).toBe('Bearer t0k');
    } finally {
      await server.close();
    }
  });

  it('says Prometheus is unreachable when nothing listens, or nothing answers in time', async () => {
    const silent = await serve(() => {});
    const closed = await serve(() => {});
    await closed.close();
    try {
      const client = (url: string) =>
        new PrometheusClient({ baseUrl: url, headers: {}, timeoutMs: 500 });
      await expect(client(closed.url).queryRange('up', range)).rejects.toThrow(
        /^Prometheus is unreachable: .*ECONNREFUSED/,
      );
      const started = Date.now();
      const slow = client(silent.url).queryRange('up', range);
      await expect(slow).rejects.toBeInstanceOf(PrometheusError);
      await expect(slow).rejects.toThrow(
        'Prometheus is unreachable: no answer within 0.5 s',
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await silent.close();
    }
  });

  it('chooses whole-second steps for at most 500 points', () => {
    expect(prometheusStep(60_000)).toBe(1);
    expect(prometheusStep(500_000)).toBe(1);
    expect(prometheusStep(501_000)).toBe(2);
    expect(prometheusStep(3_600_000)).toBe(8);
  });
});
