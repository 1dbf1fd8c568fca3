/* eslint-disable jest/no-standalone-expect */
import {
  REPORTED_PERCENTILES,
  Run,
} from '@internal/plugin-load-testing-common';
import { Entity } from '@backstage/catalog-model';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import { startLoadTestingBackend } from '../../../__testUtils__/startBackend';
import { findProcesses } from '../processes';
import { PausableProxy, parseLocustCsv, parseLocustSummary } from '../testing';

export const LOCUST = process.env.LOCUST_BIN;
export const ENTITY = 'component:default/shop-api';
export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const api = (p: string) => `/api/load-testing${p}`;

type Backend = Awaited<ReturnType<typeof startLoadTestingBackend>>;

/** Polls `fn` until it gives a value, at most `ms`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 90_000,
): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await fn();
    if (v) return v;
    await sleep(250);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * A backend with the local executor running real Locust, reached by the monitor through
 * a proxy (which can be cut, or pointed at the next backend after a restart), with the
 * run folder and database kept across backends.
 */
export class LocustHarness {
  readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-real-'));
  private readonly database = {
    client: 'better-sqlite3',
    connection: { directory: path.join(this.workDir, 'db') },
  };
  backend!: Backend;
  proxy!: PausableProxy;

  constructor(
    private readonly loadTesting: Record<string, any> = {},
    /** The catalog's entities, when not the tests' usual ones. */
    private readonly entities?: Entity[],
  ) {}

  async start() {
    // a backend started later (a restart) is reached through the same proxy
    this.proxy = new PausableProxy(() => this.backend.server.port());
    this.backend = await this.startBackend(await this.proxy.start());
  }

  startBackend(proxyPort = this.proxy.port): Promise<Backend> {
    const { executors, ...rest } = this.loadTesting;
    return startLoadTestingBackend({
      database: this.database,
      entities: this.entities,
      loadTesting: {
        ...rest,
        executors: {
          local: {
            enabled: true,
            locustCommand: LOCUST,
            workDir: this.workDir,
            stopGraceSeconds: 10,
            ...executors?.local,
          },
        },
        webhook: {
          baseUrl: `http://127.0.0.1:${proxyPort}/api/load-testing`,
          signingKey: 'k',
        },
        targets: { allow: ['http://127.0.0.1:*'] },
        limits: { maxConcurrentRunsPerEntity: 1, ...rest.limits },
      },
    });
  }

  /** Stops this backend gracefully and starts the next one on the same database. */
  async restart(between?: () => Promise<void>) {
    await this.backend.stop();
    await between?.();
    this.backend = await this.startBackend();
  }

  async stop() {
    await this.backend?.stop();
    await this.proxy?.stop();
  }

  get server() {
    return this.backend.server;
  }

  async createScenario(body: Record<string, unknown>): Promise<string> {
    const res = await request(this.server)
      .post(api('/scenarios'))
      .send({ entityRef: ENTITY, ...body });
    if (res.status !== 201)
      throw new Error(`Could not create the scenario: ${res.text}`);
    return res.body.id;
  }

  async startRun(scenarioId: string, parameters: object = {}): Promise<string> {
    const res = await request(this.server)
      .post(api('/runs'))
      .send({ scenarioId, parameters });
    if (res.status !== 201) throw new Error(`Could not start: ${res.text}`);
    return res.body.id;
  }

  async get(p: string) {
    return (await request(this.server).get(api(p))).body;
  }

  getRun(id: string): Promise<Run> {
    return this.get(`/runs/${id}`);
  }

  waitForEnd(id: string, ms?: number): Promise<Run> {
    return waitFor(
      'the run to end',
      async () => {
        const run = await this.getRun(id);
        return ['succeeded', 'failed', 'cancelled', 'lost'].includes(run.status)
          ? run
          : undefined;
      },
      ms,
    );
  }

  nodePid(id: string, name: string): Promise<number> {
    return waitFor(`${name} to have a pid`, async () => {
      const nodes = (await this.get(`/runs/${id}/nodes`)).items;
      return nodes.find((n: any) => n.name === name)?.pid as number | undefined;
    });
  }

  async expectNoLocustLeft(id: string, withinMs: number) {
    await waitFor(
      'every Locust process of the run to exit',
      async () =>
        (await findProcesses(`/runs/${id}/`)).length === 0 ? true : undefined,
      withinMs,
    );
  }

  /** Our totals must be Locust's own final statistics: its printed summary and its CSV. */
  expectTotalsEqualLocust(run: Run, source: 'summary' | 'csv' = 'summary') {
    const dir = path.join(this.workDir, 'runs', run.id);
    const locust =
      source === 'csv'
        ? parseLocustCsv(
            fs.readFileSync(path.join(dir, 'locust_stats.csv'), 'utf8'),
          )
        : parseLocustSummary(
            fs.readFileSync(path.join(dir, 'logs', 'master.log'), 'utf8'),
          );
    const ours = [run.totals!.total, ...run.totals!.endpoints];
    expect(ours.length).toBe(locust.rows.size);
    for (const e of ours) {
      const key =
        e.name === 'Aggregated' ? 'Aggregated' : `${e.method} ${e.name}`;
      const theirs = locust.rows.get(key);
      expect([key, e.requests, e.failures]).toEqual([
        key,
        theirs?.requests,
        theirs?.failures,
      ]);
      expect([key, REPORTED_PERCENTILES.map(p => e.percentiles[p])]).toEqual([
        key,
        theirs?.percentiles,
      ]);
    }
  }
}
