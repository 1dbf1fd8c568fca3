import {
  EndpointStats,
  Histogram,
  REPORTED_PERCENTILES,
  RunTotals,
  SeriesPoint,
  addHistogram,
  histogramCount,
  parsePercentileKey,
  percentileFromHistogram,
  percentilesFromHistogram,
} from '@internal/plugin-load-testing-common';
import { SampleRow, SecondRow } from '../database/Store';
import { RollupRow, mergeRollup } from './rollups';
import { MonitorEntry, endpointKey } from '../engines/locust/protocol';

/** The key under which samples and seconds hold the all-endpoints figures. */
export const TOTAL_KEY = '';

/** A record's own value for a key a caller chose (`__proto__` is no endpoint). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}

function endpointStats(
  e: MonitorEntry,
  histogram: Histogram,
  percentileKeys: string[],
): EndpointStats {
  const timed = e.numRequests - (e.numNoneRequests ?? 0);
  const percentiles: Record<string, number> = {};
  const count = histogramCount(histogram);
  for (const key of percentileKeys) {
    const p = parsePercentileKey(key);
    if (p !== undefined)
      percentiles[key] = percentileFromHistogram(histogram, p, count) ?? 0;
  }
  return {
    method: e.method,
    name: e.name,
    requests: e.numRequests,
    failures: e.numFailures,
    failureRatio: e.numRequests ? e.numFailures / e.numRequests : 0,
    averageMs: timed > 0 ? e.totalResponseTime / timed : 0,
    minMs: e.minResponseTime ?? 0,
    maxMs: e.maxResponseTime,
    averageContentLength: e.numRequests
      ? e.totalContentLength / e.numRequests
      : 0,
    rps: e.totalRps,
    failuresPerSecond: e.totalFailPerSec,
    percentiles,
  };
}

/**
 * Totals of a run: counters from the latest cumulative snapshot, percentiles from the
 * merged delta histograms of every delivered sample (so a lost delivery would show).
 */
export function computeTotals(options: {
  /** merged histograms per endpoint key, TOTAL_KEY for all */
  histograms: Map<string, Histogram>;
  entries: MonitorEntry[];
  total: MonitorEntry | undefined;
  /** seconds between the first and the last sample, when Locust does not say */
  sampleSpanSeconds: number;
  peakUsers: number;
  percentileKeys?: string[];
}): RunTotals | undefined {
  const { histograms, entries, total } = options;
  const percentileKeys = options.percentileKeys ?? REPORTED_PERCENTILES;
  if (!total) return undefined;
  const endpoints = entries
    .map(e =>
      endpointStats(e, histograms.get(endpointKey(e)) ?? {}, percentileKeys),
    )
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.method.localeCompare(b.method),
    );
  // Locust's run time when the monitor reports it; else the span of the samples
  let runTime = options.sampleSpanSeconds;
  if (
    typeof total.startTime === 'number' &&
    typeof total.lastRequestTimestamp === 'number'
  )
    runTime = total.lastRequestTimestamp - total.startTime;
  else if (typeof total.loadSeconds === 'number') runTime = total.loadSeconds;
  return {
    total: {
      ...endpointStats(total, histograms.get(TOTAL_KEY) ?? {}, percentileKeys),
      method: '',
      name: 'Aggregated',
    },
    endpoints,
    durationSeconds: Math.max(0, runTime),
    peakUsers: options.peakUsers,
  };
}

/**
 * Downsamples a run to at most `points` buckets. RPS and failures/s come from
 * Locust's per-second counts; percentiles merge the delta histograms of the samples
 * whose interval overlaps the bucket; users is the last reported count.
 */
export function computeSeries(options: {
  samples: SampleRow[];
  seconds: SecondRow[];
  endpoint: string | null;
  percentiles: string[];
  points: number;
  startMs?: number;
  /** Where the series ends (a window): else after the newest data. */
  endMs?: number;
  /** Buckets ending after this are still being counted (a live run): left out. */
  completeUntilMs?: number;
}): SeriesPoint[] {
  const { samples, seconds, percentiles } = options;
  const key = options.endpoint ?? TOTAL_KEY;
  if (samples.length === 0 && seconds.length === 0) return [];
  const firstSecond = seconds.length ? seconds[0].second * 1000 : Infinity;
  // the first sample (a tick, a second after the run starts) covers the second before it
  const firstSample = samples.length ? samples[0].ts - 1000 : Infinity;
  const start =
    Math.floor(
      Math.min(options.startMs ?? Infinity, firstSecond, firstSample) / 1000,
    ) * 1000;
  const lastSecond = seconds.length
    ? (seconds[seconds.length - 1].second + 1) * 1000
    : 0;
  const lastSample = samples.length ? samples[samples.length - 1].ts : 0;
  const end =
    options.endMs !== undefined
      ? Math.max(Math.ceil(options.endMs / 1000) * 1000, start + 1000)
      : Math.max(lastSecond, lastSample, start + 1000);
  const points = Math.max(1, Math.min(options.points, 2000));
  const bucketMs = Math.max(
    1000,
    Math.ceil((end - start) / points / 1000) * 1000,
  );
  const n = Math.ceil((end - start) / bucketMs);

  const requests = new Array<number>(n).fill(0);
  const failures = new Array<number>(n).fill(0);
  for (const s of seconds) {
    const i = Math.floor((s.second * 1000 - start) / bucketMs);
    if (i < 0 || i >= n) continue;
    const [r, f] =
      key === TOTAL_KEY
        ? [s.requests, s.failures]
        : (own(s.endpoints, key) ?? [0, 0]);
    requests[i] += r;
    failures[i] += f;
  }

  const histograms: Histogram[] = Array.from({ length: n }, () => ({}));
  const users = new Array<number>(n).fill(-1);
  // a full sample's histogram covers the time since the previous full sample; a tick
  // (no endpoint data) only reports users since the previous sample of any kind
  let prevTs = start;
  let prevFullTs = start;
  const bucketOf = (t: number) =>
    Math.min(n - 1, Math.max(0, Math.floor((t - start) / bucketMs)));
  for (const s of samples) {
    for (let i = bucketOf(prevTs); i <= bucketOf(s.ts - 1); i++)
      users[i] = s.userCount;
    prevTs = s.ts;
    if (Object.keys(s.endpoints).length === 0) continue;
    const h = own(s.endpoints, key)?.h;
    if (h)
      for (let i = bucketOf(prevFullTs); i <= bucketOf(s.ts - 1); i++)
        addHistogram(histograms[i], h);
    prevFullTs = s.ts;
  }

  const out: SeriesPoint[] = [];
  let lastUsers = 0;
  for (let i = 0; i < n; i++) {
    if (users[i] >= 0) lastUsers = users[i];
    const seconds_ = bucketMs / 1000;
    const t = start + (i + 1) * bucketMs;
    if (options.completeUntilMs !== undefined && t > options.completeUntilMs)
      break;
    // a full sample spans several seconds: a second with no request has no percentile
    if (requests[i] === 0) histograms[i] = {};
    out.push({
      t,
      rps: requests[i] / seconds_,
      failuresPerSecond: failures[i] / seconds_,
      users: lastUsers,
      requests: requests[i],
      percentiles: percentilesFromHistogram(histograms[i], percentiles),
    });
  }
  return out;
}

/**
 * A series from rollup rows of one endpoint: points of `stepSeconds` (a multiple of
 * the rows' resolution) from `fromSecond`, up to `toSecond`. Counts add, histograms
 * merge, users is the last bucket's.
 */
export function seriesFromRollups(options: {
  rows: RollupRow[];
  fromSecond: number;
  toSecond: number;
  stepSeconds: number;
  percentiles: string[];
  /** Points ending after this are still being counted (a live run): left out. */
  completeUntilSecond?: number;
}): SeriesPoint[] {
  const { rows, fromSecond, stepSeconds } = options;
  const n = Math.max(
    0,
    Math.ceil((options.toSecond - fromSecond) / stepSeconds),
  );
  const points = Array.from({ length: n }, () => ({
    requests: 0,
    failures: 0,
    histogram: {} as Histogram,
    users: -1,
  }));
  for (const r of rows) {
    const i = Math.floor((r.bucket - fromSecond) / stepSeconds);
    if (i < 0 || i >= n) continue;
    const p = points[i];
    p.requests += r.requests;
    p.failures += r.failures;
    addHistogram(p.histogram, r.histogram);
    if (r.users !== undefined) p.users = r.users;
  }
  const out: SeriesPoint[] = [];
  let lastUsers = 0;
  for (let i = 0; i < n; i++) {
    const p = points[i];
    const end = fromSecond + (i + 1) * stepSeconds;
    if (
      options.completeUntilSecond !== undefined &&
      end > options.completeUntilSecond
    )
      break;
    if (p.users >= 0) lastUsers = p.users;
    out.push({
      t: end * 1000,
      rps: p.requests / stepSeconds,
      failuresPerSecond: p.failures / stepSeconds,
      users: lastUsers,
      requests: p.requests,
      percentiles: percentilesFromHistogram(
        p.requests ? p.histogram : {},
        options.percentiles,
      ),
    });
  }
  return out;
}

/**
 * The endpoint table of a window, from rollup rows of every endpoint: counts from
 * Locust's per-second counts, percentiles from the merged histograms, the average from
 * the samples' response times; min and max are the histogram's (Locust's rounding).
 */
export function windowTotals(
  rows: RollupRow[],
  seconds: number,
  names: Map<string, { method: string; name: string }>,
): RunTotals | null {
  const byKey = new Map<string, RollupRow>();
  let peakUsers = 0;
  for (const r of rows) {
    const acc = byKey.get(r.endpoint);
    if (acc) mergeRollup(acc, r);
    else byKey.set(r.endpoint, { ...r, histogram: { ...r.histogram } });
    if (r.endpoint === TOTAL_KEY) peakUsers = Math.max(peakUsers, r.users ?? 0);
  }
  const total = byKey.get(TOTAL_KEY);
  if (!total) return null;
  const stats = (r: RollupRow, method: string, name: string): EndpointStats => {
    const buckets = Object.keys(r.histogram)
      .filter(k => r.histogram[k] > 0)
      .map(Number);
    return {
      method,
      name,
      requests: r.requests,
      failures: r.failures,
      failureRatio: r.requests ? r.failures / r.requests : 0,
      averageMs: r.timed ? r.totalMs / r.timed : 0,
      minMs: buckets.length ? Math.min(...buckets) : 0,
      maxMs: buckets.length ? Math.max(...buckets) : 0,
      averageContentLength: 0,
      rps: r.requests / seconds,
      failuresPerSecond: r.failures / seconds,
      percentiles: Object.fromEntries(
        Object.entries(
          percentilesFromHistogram(r.histogram, REPORTED_PERCENTILES),
        ).map(([k, v]) => [k, v ?? 0]),
      ),
    };
  };
  const endpoints = [...byKey.entries()]
    .filter(([key]) => key !== TOTAL_KEY)
    .map(([key, r]) => {
      const n = names.get(key) ?? {
        method: key.split(' ')[0],
        name: key.split(' ').slice(1).join(' '),
      };
      return stats(r, n.method, n.name);
    })
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.method.localeCompare(b.method),
    );
  return {
    total: stats(total, '', 'Aggregated'),
    endpoints,
    durationSeconds: seconds,
    peakUsers,
  };
}
