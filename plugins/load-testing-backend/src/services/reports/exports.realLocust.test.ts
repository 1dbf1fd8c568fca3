/* eslint-disable jest/no-standalone-expect */
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  LOCUST,
  LocustHarness,
} from '../../executors/local/__testUtils__/harness';
import { parseCsv } from '../../executors/local/testing';
import { LOCUST_STATS_COLUMNS } from './exporters/csv';
import { startTarget } from '../../__testUtils__/target';

jest.setTimeout(120_000);

const SCRIPT = `
from locust import FastHttpUser, task, between

class Shopper(FastHttpUser):
    wait_time = between(0.01, 0.03)

    @task(5)
    def items(self):
        self.client.get("/api/items", name="/api/items, all")

    @task(2)
    def slow(self):
        self.client.get("/api/slow?ms=120", name="/api/slow")

    @task(1)
    def missing(self):
        self.client.get("/api/items/5000", name="/api/items/[missing]")

    @task(1)
    def order(self):
        self.client.post("/api/orders", json={"item": 7, "quantity": 1})
`;

const describeIfLocust = LOCUST ? describe : describe.skip;

describeIfLocust('exports of a run on real Locust', () => {
  const harness = new LocustHarness();
  let target: { url: string; close(): Promise<void> };
  let runId: string;
  const api = (p: string) => `/api/load-testing${p}`;
  const exportOf = (format: string) =>
    request(harness.server)
      .get(api(`/runs/${runId}/export?format=${format}`))
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => cb(null, text));
      });

  beforeAll(async () => {
    target = await startTarget({ port: 0 });
    await harness.start();
    const scenarioId = await harness.createScenario({
      name: 'exported shop',
      script: SCRIPT,
      parameters: {
        users: 8,
        spawnRate: 8,
        duration: 8,
        workers: 2,
        host: target.url,
      },
      thresholds: { percentiles: { p95: 5000 }, maxFailureRatio: 0.5 },
    });
    runId = await harness.startRun(scenarioId);
    const run = await harness.waitForEnd(runId);
    expect(run.status).toBe('succeeded');
  });

  afterAll(async () => {
    await harness.stop();
    await target?.close();
  });

  it('writes the CSV Locust itself wrote with --csv for the same run', async () => {
    const res = await exportOf('csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      new RegExp(
        `^attachment; filename="exported-shop-${runId.slice(0, 8)}-\\d{8}-\\d{4}\\.csv"$`,
      ),
    );
    const ours = parseCsv(res.body as string);
    const theirs = parseCsv(
      fs.readFileSync(
        path.join(harness.workDir, 'runs', runId, 'locust_stats.csv'),
        'utf8',
      ),
    );
    expect(ours[0]).toEqual(LOCUST_STATS_COLUMNS);
    expect(ours[0]).toEqual(theirs[0]);
    // the same rows in the same order: endpoints by name, then method, Aggregated last
    expect(ours.map(r => r.slice(0, 2))).toEqual(
      theirs.map(r => r.slice(0, 2)),
    );
    expect(ours.map(r => r[1])).toEqual([
      'Name',
      '/api/items, all',
      '/api/items/[missing]',
      '/api/orders',
      '/api/slow',
      'Aggregated',
    ]);
    const col = (name: string) => LOCUST_STATS_COLUMNS.indexOf(name);
    // the rates are Locust's own figures from the final snapshot the monitor sent
    // before Locust wrote its file: its clock may have moved on by then
    const rates = [col('Requests/s'), col('Failures/s')];
    for (let i = 1; i < theirs.length; i++) {
      const exact = (r: string[]) => r.filter((_, j) => !rates.includes(j));
      expect(exact(ours[i])).toEqual(exact(theirs[i]));
      for (const j of rates) {
        const [a, b] = [Number(ours[i][j]), Number(theirs[i][j])];
        expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(0.001, b * 0.02));
      }
    }
    expect(Number(ours[ours.length - 1][col('Request Count')])).toBeGreaterThan(
      50,
    );
  });

  it('exports JSON, JUnit and HTML of the same run', async () => {
    const json = await exportOf('json');
    expect(json.headers['content-disposition']).toMatch(/\.json"$/);
    const doc = JSON.parse(json.body as string);
    expect(doc.run).toMatchObject({ id: runId, status: 'succeeded' });
    expect(doc.verdict.result).toBe('pass');
    expect(doc.totals.endpoints).toHaveLength(4);
    expect(doc.series.points.length).toBeGreaterThan(3);
    expect(doc.series.points.length).toBeLessThanOrEqual(500);

    const junit = await exportOf('junit');
    expect(junit.headers['content-type']).toBe(
      'application/xml; charset=utf-8',
    );
    expect(XMLValidator.validate(junit.body as string)).toBe(true);
    const suite = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
    }).parse(junit.body as string).testsuites.testsuite;
    expect(Number(suite.tests)).toBe(doc.verdict.checks.length);
    expect(suite.failures).toBe('0');

    const html = await exportOf('html');
    expect(html.headers['content-disposition']).toMatch(/\.html"$/);
    expect(html.headers['content-security-policy']).toContain(
      "default-src 'none'",
    );
    expect((html.body as string).match(/<svg /g)).toHaveLength(3);
    expect(html.body as string).toContain('/api/items, all');
  });
});
