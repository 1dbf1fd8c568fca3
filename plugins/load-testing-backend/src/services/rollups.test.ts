import {
  bucketResponseTime,
  percentileFromHistogram,
} from '@internal/plugin-load-testing-common';
import { SampleRow, SecondRow } from '../database/Store';
import {
  ROLLUP_RESOLUTIONS,
  RollupRow,
  WHOLE_RUN,
  foldRollups,
  mergeRollup,
} from './rollups';
import { seriesFromRollups, windowTotals } from './results';

/** Locust's rule on a list of response times: the value at rank ⌊N·p⌋+1, rounded as Locust does. */
function locustPercentile(times: number[], p: number): number {
  const sorted = times.map(bucketResponseTime).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

// a pseudo-random run: 5 s full samples with 3 endpoints, one count per second
function synthetic(samplesCount: number, seed = 7) {
  let x = seed;
  const rand = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const t0 = 1_800_000_000;
  const requests: Array<{ second: number; endpoint: string; ms: number }> = [];
  const samples: SampleRow[] = [];
  const seconds: SecondRow[] = [];
  for (let i = 1; i <= samplesCount; i++) {
    const endpoints: SampleRow['endpoints'] = {};
    for (let s = (i - 1) * 5; s < i * 5; s++) {
      const row: SecondRow = {
        second: t0 + s,
        requests: 0,
        failures: 0,
        endpoints: {},
      };
      for (const endpoint of ['GET /a', 'GET /b', 'POST /c']) {
        const n = Math.floor(rand() * 20);
        const c = (row.endpoints[endpoint] = [0, 0] as [number, number]);
        for (let k = 0; k < n; k++) {
          const ms = Math.floor(rand() * rand() * 3000);
          const failed = rand() < 0.05;
          requests.push({ second: t0 + s, endpoint, ms });
          for (const key of [endpoint, '']) {
            const e = (endpoints[key] ??= { r: 0, f: 0, t: 0, h: {} });
            e.r++;
            e.f += failed ? 1 : 0;
            e.t += ms;
            const b = String(bucketResponseTime(ms));
            e.h[b] = (e.h[b] ?? 0) + 1;
          }
          c[0]++;
          c[1] += failed ? 1 : 0;
          row.requests++;
          row.failures += failed ? 1 : 0;
        }
      }
      seconds.push(row);
    }
    samples.push({
      runId: 'r',
      seq: i,
      ts: (t0 + i * 5) * 1000,
      userCount: i,
      endpoints,
    });
  }
  return { t0, samples, seconds, requests };
}

describe('rollups', () => {
  const run = synthetic(400); // 2000 s

  it("give every bucket, at every resolution, Locust's percentiles of the requests in it", () => {
    const rows = foldRollups(run.samples, run.seconds);
    for (const res of [...ROLLUP_RESOLUTIONS, WHOLE_RUN]) {
      for (const r of [...rows.values()].filter(x => x.resolution === res)) {
        // a sample's requests belong to the bucket its 5 s interval ends in
        const inBucket = run.requests.filter(
          q =>
            (r.endpoint === '' || q.endpoint === r.endpoint) &&
            (res === WHOLE_RUN ||
              Math.floor((q.second + 4 - ((q.second - run.t0) % 5)) / res) *
                res ===
                r.bucket),
        );
        expect(r.timed).toBe(inBucket.length);
        for (const p of [0.5, 0.95, 0.99, 0.999, 1]) {
          expect(percentileFromHistogram(r.histogram, p)).toBe(
            inBucket.length
              ? locustPercentile(
                  inBucket.map(q => q.ms),
                  p,
                )
              : null,
          );
        }
      }
    }
  });

  it('count each second once, whatever the pages they are folded in', () => {
    const all = foldRollups(run.samples, run.seconds);
    // folded in pages of 37 samples and 111 seconds, merged as the store merges
    const paged = new Map<string, RollupRow>();
    for (let i = 0; i < 11; i++) {
      const part = foldRollups(
        run.samples.slice(i * 37, (i + 1) * 37),
        run.seconds.slice(i * 200, (i + 1) * 200),
      );
      for (const [k, r] of part) {
        const old = paged.get(k);
        paged.set(k, old ? mergeRollup(old, r) : r);
      }
    }
    expect(paged).toEqual(all);
    const whole = [...all.values()].find(
      r => r.resolution === WHOLE_RUN && r.endpoint === '',
    )!;
    expect(whole.requests).toBe(run.requests.length);
    expect(whole.users).toBe(400);
  });

  it('make a series of a window, and an endpoint table of it', () => {
    const rows = [...foldRollups(run.samples, run.seconds).values()];
    const minutes = rows.filter(
      r => r.resolution === 60 && r.endpoint === 'GET /a',
    );
    const from = run.t0 + 600;
    const points = seriesFromRollups({
      rows: minutes,
      fromSecond: from,
      toSecond: from + 600,
      stepSeconds: 120,
      percentiles: ['p95'],
    });
    expect(points.map(p => p.t)).toEqual(
      [720, 840, 960, 1080, 1200].map(s => (run.t0 + s) * 1000),
    );
    const expected = run.requests.filter(
      q => q.endpoint === 'GET /a' && q.second >= from && q.second < from + 120,
    );
    expect(points[0].requests).toBe(expected.length);
    expect(points[0].rps).toBe(expected.length / 120);
    const table = windowTotals(
      rows.filter(
        r => r.resolution === 10 && r.bucket >= from && r.bucket < from + 600,
      ),
      600,
      new Map(),
    )!;
    const inWindow = run.requests.filter(
      q => q.second >= from && q.second < from + 600,
    );
    expect(table.total.requests).toBe(inWindow.length);
    expect(table.endpoints.map(e => `${e.method} ${e.name}`)).toEqual([
      'GET /a',
      'GET /b',
      'POST /c',
    ]);
    expect(table.total.percentiles.p50).toBe(
      locustPercentile(
        inWindow.map(q => q.ms),
        0.5,
      ),
    );
  });
});
