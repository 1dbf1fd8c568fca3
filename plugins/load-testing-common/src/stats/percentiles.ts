import { Histogram, histogramCount } from './histogram';

/**
 * Locust's percentile of a histogram: the bucket holding the sample of rank
 * floor(N·p)+1 (counted from the smallest), or the largest bucket when p = 1.
 * Returns `null` for an empty histogram.
 * @public
 */
export function percentileFromHistogram(
  histogram: Histogram,
  p: number,
  count: number = histogramCount(histogram),
): number | null {
  if (count <= 0) return null;
  // identical float arithmetic to Locust's int(num_requests * percent)
  const k = Math.floor(count * p);
  const keys = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => b - a);
  let processed = 0;
  for (const key of keys) {
    processed += histogram[String(key)];
    if (count - processed <= k) return key;
  }
  return 0;
}

/**
 * Parses a percentile key such as `p95`, `p99.9`, `p50` or `p100` into a fraction.
 * @public
 */
export function parsePercentileKey(key: string): number | undefined {
  const m = /^p(\d{1,3}(?:\.\d{1,4})?)$/.exec(key);
  if (!m) return undefined;
  const v = Number(m[1]);
  if (!(v > 0 && v <= 100)) return undefined;
  // 99.9 / 100 in floating point differs from the literal 0.999 Locust uses
  return Number((v / 100).toFixed(6));
}

/** Formats a fraction as a percentile key: 0.999 → `p99.9`. @public */
export function percentileKey(p: number): string {
  return `p${Number((p * 100).toFixed(4))}`;
}

/** Percentiles for several keys at once. @public */
export function percentilesFromHistogram(
  histogram: Histogram,
  keys: string[],
): Record<string, number | null> {
  const count = histogramCount(histogram);
  const out: Record<string, number | null> = {};
  for (const key of keys) {
    const p = parsePercentileKey(key);
    out[key] =
      p === undefined ? null : percentileFromHistogram(histogram, p, count);
  }
  return out;
}

/** The percentiles a run summary always carries. @public */
export const REPORTED_PERCENTILES = [
  'p50',
  'p66',
  'p75',
  'p80',
  'p90',
  'p95',
  'p98',
  'p99',
  'p99.9',
  'p99.99',
  'p100',
];
