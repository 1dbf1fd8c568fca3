import {
  EndpointStats,
  REPORTED_PERCENTILES,
  Run,
} from '@internal/plugin-load-testing-common';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { exportFileStem } from '../ExportService';
import { LOCUST_STATS_COLUMNS, pyFloat, statsCsv } from './csv';
import { runHtml } from './html';
import { RUN_EXPORT_FORMAT, runJson } from './json';
import { runJunit } from './junit';
import { ExportInput } from './types';

const pct = (values: number[]) =>
  Object.fromEntries(REPORTED_PERCENTILES.map((p, i) => [p, values[i]]));

const stats = (over: Partial<EndpointStats>): EndpointStats => ({
  method: 'GET',
  name: '/',
  requests: 10,
  failures: 0,
  failureRatio: 0,
  averageMs: 12.5,
  minMs: 3.2,
  maxMs: 40.1,
  averageContentLength: 120,
  rps: 5,
  failuresPerSecond: 0,
  percentiles: pct([12, 13, 14, 15, 20, 30, 35, 40, 40, 40, 40]),
  ...over,
});

const run: Run = {
  id: '3f2a1b2c-0000-4000-8000-000000000001',
  scenarioId: 's1',
  scenarioName: 'Checkout <flow> & "pay"',
  entityRef: 'component:default/shop-api',
  status: 'succeeded',
  verdict: 'fail',
  createdBy: 'user:default/ann',
  createdAt: '2026-12-01T09:04:00.000Z',
  startedAt: '2026-12-01T09:05:30.000Z',
  finishedAt: '2026-12-01T09:06:30.000Z',
  executor: 'local',
  parameters: {
    users: 10,
    spawnRate: 5,
    duration: 60,
    workers: 2,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
    env: { TOKEN: 'not-in-the-html' },
  },
  thresholds: { percentiles: { p95: 25 } },
  script: 'from locust import HttpUser',
  scriptVersion: 'abc123',
  verdictDetails: {
    result: 'fail',
    checks: [
      {
        metric: 'p95',
        comparator: '<=',
        threshold: 25,
        actual: 30,
        passed: false,
        outcome: 'fail',
        source: 'threshold',
      },
      {
        metric: 'requests',
        comparator: '>=',
        threshold: 1,
        actual: 30,
        passed: true,
        source: 'run',
      },
    ],
    reasons: ['p95 30 ms > 25 ms'],
  },
};

const input = (over: Partial<ExportInput> = {}): ExportInput => ({
  run,
  totals: {
    total: stats({
      method: '',
      name: 'Aggregated',
      requests: 30,
      failures: 3,
      failureRatio: 0.1,
      rps: 0.5000000000000001,
      failuresPerSecond: 0.00005,
    }),
    endpoints: [
      stats({ name: '/b', method: 'POST', requests: 10 }),
      stats({ name: '/a, "quoted"', requests: 10, failures: 3 }),
      stats({ name: '/b', method: 'GET', requests: 10 }),
    ],
    durationSeconds: 60,
    peakUsers: 10,
  },
  series: {
    runId: run.id,
    endpoint: null,
    percentiles: ['p50', 'p95', 'p99'],
    endpoints: [],
    from: 1_000_000,
    to: 1_060_000,
    resolutionSeconds: 1,
    points: Array.from({ length: 60 }, (_, i) => ({
      t: 1_000_000 + (i + 1) * 1000,
      rps: 5 + (i % 7),
      failuresPerSecond: i % 10 === 0 ? 1 : 0,
      users: Math.min(10, i + 1),
      requests: 5,
      percentiles: {
        p50: i === 30 ? null : 12,
        p95: 30,
        p99: 40,
      },
    })),
  },
  errors: [
    {
      method: 'GET',
      name: '/a',
      error: 'HTTPError(<500 Server Error>)',
      occurrences: 3,
    },
  ],
  exceptions: [],
  report: {
    status: 'regression',
    tags: ['release-7'],
    archived: true,
    conclusions: {
      body: '# Slower\n<script>alert(1)</script> p95 grew',
      author: 'user:default/ann',
      createdAt: '2026-12-01T10:00:00.000Z',
    },
    conclusionHistory: [],
    issues: [
      {
        id: '1',
        url: 'https://github.com/example/shop-api/issues/7',
        title: 'p95 regression',
        addedBy: 'user:default/ann',
        addedAt: '2026-12-01T10:01:00.000Z',
      },
      {
        id: '2',
        url: ['javascript', 'alert(1)'].join(':'),
        title: 'not a link',
        addedBy: 'user:default/ann',
        addedAt: '2026-12-01T10:02:00.000Z',
      },
    ],
  },
  runUrl:
    'https://portal.example.com/catalog/default/component/shop-api/load-tests/runs/x',
  exportedAt: '2026-12-01T11:00:00.000Z',
  ...over,
});

describe('pyFloat', () => {
  it("writes floats as Python's repr does", () => {
    expect(
      [
        0,
        1,
        12.5,
        0.1 + 0.2,
        1e-4,
        5e-5,
        123456.789,
        1e16,
        1.5e16,
        1e15,
        3.0,
        2 / 3,
        1e-7,
      ].map(pyFloat),
    ).toEqual([
      '0.0',
      '1.0',
      '12.5',
      '0.30000000000000004',
      '0.0001',
      '5e-05',
      '123456.789',
      '1e+16',
      '1.5e+16',
      '1000000000000000.0',
      '3.0',
      '0.6666666666666666',
      '1e-07',
    ]);
  });
});

describe('statsCsv', () => {
  it("has Locust's columns, rows by name then method, Aggregated last, its number forms", () => {
    const lines = statsCsv(input().totals).split('\r\n');
    expect(lines[0]).toBe(LOCUST_STATS_COLUMNS.join(','));
    expect(lines.slice(1).map(l => l.split(',').slice(0, 2).join(','))).toEqual(
      ['GET,"/a', 'GET,/b', 'POST,/b', ',Aggregated', ''],
    );
    expect(lines[1]).toBe(
      'GET,"/a, ""quoted""",10,3,12,12.5,3.2,40.1,120.0,5.0,0.0,12,13,14,15,20,30,35,40,40,40,40',
    );
    expect(lines[4]).toBe(
      ',Aggregated,30,3,12,12.5,3.2,40.1,120.0,0.5000000000000001,5e-05,12,13,14,15,20,30,35,40,40,40,40',
    );
  });

  it('holds the median between min and max, as Locust does, and writes N/A without requests', () => {
    const csv = statsCsv({
      total: stats({
        name: 'Aggregated',
        method: '',
        minMs: 3.4,
        maxMs: 3.9,
        percentiles: pct(Array(11).fill(3)),
      }),
      endpoints: [
        stats({
          name: '/slow',
          minMs: 101.5,
          maxMs: 104.2,
          percentiles: pct(Array(11).fill(110)),
        }),
        stats({
          name: '/none',
          requests: 0,
          averageMs: 0,
          minMs: 0,
          maxMs: 0,
          averageContentLength: 0,
          rps: 0,
          percentiles: pct(Array(11).fill(0)),
        }),
      ],
      durationSeconds: 1,
      peakUsers: 1,
    });
    const rows = csv.split('\r\n').map(l => l.split(','));
    expect(rows[1].slice(0, 11)).toEqual([
      'GET',
      '/none',
      '0',
      '0',
      '0',
      '0.0',
      '0',
      '0',
      '0',
      '0.0',
      '0.0',
    ]);
    expect(rows[1].slice(11)).toEqual(Array(11).fill('N/A'));
    expect(rows[2][4]).toBe('104.2');
    expect(rows[3][4]).toBe('3.4');
  });

  it('is the header alone for a run without requests', () => {
    expect(statsCsv(null)).toBe(`${LOCUST_STATS_COLUMNS.join(',')}\r\n`);
  });
});

describe('runJson', () => {
  it('holds the run, verdict, totals, errors, report and series', () => {
    const doc = JSON.parse(runJson(input()));
    expect(doc.format).toBe(RUN_EXPORT_FORMAT);
    expect(doc.run).toMatchObject({
      id: run.id,
      status: 'succeeded',
      scriptVersion: 'abc123',
      parameters: { users: 10, workers: 2 },
      thresholds: { percentiles: { p95: 25 } },
      durationSeconds: 60,
    });
    expect(doc.verdict.checks).toHaveLength(2);
    expect(doc.totals.endpoints).toHaveLength(3);
    expect(doc.errors[0].occurrences).toBe(3);
    expect(doc.report.status).toBe('regression');
    expect(doc.report.issues).toHaveLength(2);
    expect(doc.series.points).toHaveLength(60);
    expect(doc.series.points[30].percentiles.p50).toBeNull();
  });

  it('has a null report when there is none', () => {
    expect(JSON.parse(runJson(input({ report: undefined }))).report).toBeNull();
  });
});

describe('runJunit', () => {
  it('is well-formed XML of the verdict checks, naming the run', () => {
    const xml = runJunit(input());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: n => ['testcase', 'property'].includes(n),
    }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect([suite.tests, suite.failures, suite.errors, suite.time]).toEqual([
      '2',
      '1',
      '0',
      '60.0',
    ]);
    expect(suite.testcase[0].failure.message).toBe('p95 30 ms > 25 ms');
    expect(
      suite.properties.property.find((p: any) => p.name === 'run.id').value,
    ).toBe(run.id);
  });
});

describe('runHtml', () => {
  const html = runHtml(input());

  it('is one page with its charts inline and nothing to load', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(|@import/i);
    expect(html).toContain("default-src 'none'");
    for (const title of [
      'Requests per second',
      'Response time percentiles (ms)',
      'Users',
    ])
      expect(html).toContain(`<title>${title}</title>`);
    // the gap where p50 had no value splits its line
    const p50 = html.match(/<path d="([^"]+)"[^>]*data-series="p50"/)![1];
    expect(p50.match(/M/g)).toHaveLength(2);
  });

  it('escapes what users wrote and links only web addresses', () => {
    expect(html).toContain('Checkout &lt;flow&gt; &amp; &quot;pay&quot;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      '<a href="https://github.com/example/shop-api/issues/7" rel="noreferrer noopener">p95 regression</a>',
    );
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('not-in-the-html');
  });

  it('shows the verdict, endpoint table, errors and report', () => {
    expect(html).toContain('Verdict: FAIL');
    expect(html).toContain('p95 30 ms &gt; 25 ms');
    expect(html).toContain('<strong>Aggregated</strong>');
    expect(html).toContain('HTTPError(&lt;500 Server Error&gt;)');
    expect(html).toContain('<span class="chip">regression</span>');
  });

  it('says so when there is no data', () => {
    const empty = runHtml(
      input({
        totals: null,
        series: { ...input().series, points: [] },
        report: undefined,
        run: { ...run, verdictDetails: undefined, verdict: undefined },
      }),
    );
    expect(empty).toContain('The run made no request.');
    expect(empty).toContain('No samples were kept for this run.');
    expect(empty).toContain('No verdict');
    expect(empty).not.toContain('id="report"');
  });
});

describe('exportFileStem', () => {
  it('is the scenario, the run id and its start, safe for any file system', () => {
    expect(exportFileStem(run)).toBe(
      'checkout-flow-pay-3f2a1b2c-20261201-0905',
    );
    expect(
      exportFileStem({ ...run, scenarioName: '日本', startedAt: undefined }),
    ).toBe('run-3f2a1b2c-20261201-0904');
  });
});
