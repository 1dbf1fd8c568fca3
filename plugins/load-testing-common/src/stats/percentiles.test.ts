import { execFileSync } from 'child_process';
import { bucketResponseTime } from './histogram';
import {
  parsePercentileKey,
  percentileFromHistogram,
  percentileKey,
} from './percentiles';
import { Histogram, mergeHistograms } from './histogram';

const PERCENTILES = [
  0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0,
];

// deterministic pseudo-random numbers so a failure can be replayed
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomHistogram(rand: () => number): Histogram {
  const h: Histogram = {};
  const n = 1 + Math.floor(rand() * 3000);
  for (let i = 0; i < n; i++) {
    // heavy tail: most fast, some slow, a few very slow
    let ms = rand() * 150;
    if (rand() >= 0.9) ms = rand() < 0.9 ? rand() * 3000 : rand() * 40000;
    const b = String(bucketResponseTime(ms));
    h[b] = (h[b] ?? 0) + 1;
  }
  return h;
}

/** The definition: the bucket holding the sample of rank floor(N·p)+1. */
function byRank(h: Histogram, p: number): number {
  const sorted: number[] = [];
  for (const [k, c] of Object.entries(h))
    for (let i = 0; i < c; i++) sorted.push(Number(k));
  sorted.sort((a, b) => a - b);
  const rank = Math.min(Math.floor(sorted.length * p) + 1, sorted.length);
  return sorted[rank - 1];
}

describe('percentileFromHistogram', () => {
  it('is the bucket holding rank floor(N·p)+1 on randomized histograms', () => {
    const rand = rng(42);
    for (let i = 0; i < 200; i++) {
      const h = randomHistogram(rand);
      for (const p of PERCENTILES) {
        expect([i, p, percentileFromHistogram(h, p)]).toEqual([
          i,
          p,
          byRank(h, p),
        ]);
      }
    }
  });

  it('gives exactly what Locust computes for the same histograms', () => {
    const python = process.env.LOCUST_PYTHON;
    if (!python) {
      if (process.env.CI)
        throw new Error('LOCUST_PYTHON must point at the venv python in CI');
      return;
    }
    const rand = rng(7);
    const cases = Array.from({ length: 150 }, () => {
      // merged windows, as the backend computes them
      const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
        randomHistogram(rand),
      );
      return mergeHistograms(parts);
    });
    const script = `
import json, sys
from locust.stats import calculate_response_time_percentile
cases = json.load(sys.stdin)
out = []
for h in cases:
    rt = {int(k): v for k, v in h.items()}
    n = sum(rt.values())
    out.append([calculate_response_time_percentile(rt, n, p) for p in ${JSON.stringify(PERCENTILES)}])
print(json.dumps(out))
`;
    const locust = JSON.parse(
      execFileSync(python, ['-c', script], {
        input: JSON.stringify(cases),
      }).toString(),
    ) as number[][];
    const ours = cases.map(h =>
      PERCENTILES.map(p => percentileFromHistogram(h, p)),
    );
    expect(ours).toEqual(locust);
  });

  it('returns null for an empty histogram', () => {
    expect(percentileFromHistogram({}, 0.95)).toBeNull();
  });
});

describe('bucketResponseTime', () => {
  it("matches Locust's rounding, halves to even", () => {
    expect(bucketResponseTime(0.4)).toBe(0);
    expect(bucketResponseTime(2.5)).toBe(2);
    expect(bucketResponseTime(3.5)).toBe(4);
    expect(bucketResponseTime(99.4)).toBe(99);
    expect(bucketResponseTime(147)).toBe(150);
    expect(bucketResponseTime(145)).toBe(140);
    expect(bucketResponseTime(3432)).toBe(3400);
    expect(bucketResponseTime(58760)).toBe(59000);
  });
});

describe('percentile keys', () => {
  it('parses and formats', () => {
    expect(parsePercentileKey('p95')).toBe(0.95);
    expect(parsePercentileKey('p99.9')).toBe(0.999);
    expect(parsePercentileKey('p100')).toBe(1);
    expect(parsePercentileKey('p0')).toBeUndefined();
    expect(parsePercentileKey('95')).toBeUndefined();
    expect(percentileKey(0.999)).toBe('p99.9');
  });
});
