/**
 * A sparse response-time histogram: Locust's bucketed response time in ms → count.
 * Histograms add up, so any window or set of endpoints gives exactly Locust's numbers.
 * @public
 */
export type Histogram = Record<string, number>;

/**
 * Locust's bucketing of a response time: to 1 ms below 100 ms, 10 ms below 1 s,
 * 100 ms below 10 s, else 1 s; ties round half to even like Python's `round`.
 * @public
 */
export function bucketResponseTime(ms: number): number {
  if (ms < 100) return roundHalfEven(ms, 1);
  if (ms < 1000) return roundHalfEven(ms, 10);
  if (ms < 10000) return roundHalfEven(ms, 100);
  return roundHalfEven(ms, 1000);
}

function roundHalfEven(value: number, step: number): number {
  const x = value / step;
  const floor = Math.floor(x);
  const diff = x - floor;
  let r: number;
  if (diff > 0.5) r = floor + 1;
  else if (diff < 0.5) r = floor;
  else r = floor % 2 === 0 ? floor : floor + 1;
  return r * step;
}

/** Adds `source` into `target` in place and returns `target`. @public */
export function addHistogram(
  target: Histogram,
  source: Histogram | undefined,
): Histogram {
  if (!source) return target;
  for (const key of Object.keys(source)) {
    target[key] = (target[key] ?? 0) + source[key];
  }
  return target;
}

/** Sum of several histograms. @public */
export function mergeHistograms(
  histograms: Array<Histogram | undefined>,
): Histogram {
  const out: Histogram = {};
  for (const h of histograms) addHistogram(out, h);
  return out;
}

/** Number of samples in a histogram. @public */
export function histogramCount(h: Histogram): number {
  let n = 0;
  for (const key of Object.keys(h)) n += h[key];
  return n;
}
