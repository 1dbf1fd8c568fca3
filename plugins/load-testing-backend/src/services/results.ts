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
import { MonitorEntry, endpointKey } from '../engines/locust/protocol';

/** The key under which samples and seconds hold the all-endpoints figures. */
export const TOTAL_KEY = '';

/** A record's own value for a key a caller chose (`__proto__` is no endpoint). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}

/** Merged delta histograms of all samples, per endpoint key and in total. */
export function mergeSampleHistograms(
  samples: SampleRow[],
): Map<string, Histogram> {
  const out = new Map<string, Histogram>();
  for (const s of samples) {
    for (const [key, e] of Object.entries(s.endpoints)) {
      let h = out.get(key);
      if (!h) out.set(key, (h = {}));
      addHistogram(h, e.h);
    }
  }
  return out;
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
 * sum of every delivered delta histogram (so a lost delivery would show).
 */
export function computeTotals(
  samples: SampleRow[],
  entries: MonitorEntry[],
  total: MonitorEntry | undefined,
  percentileKeys: string[] = REPORTED_PERCENTILES,
): RunTotals | undefined {
  if (!total) return undefined;
  const histograms = mergeSampleHistograms(samples);
  const endpoints = entries
    .map(e =>
      endpointStats(e, histograms.get(endpointKey(e)) ?? {}, percentileKeys),
    )
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.method.localeCompare(b.method),
    );
  const first = samples[0]?.ts ?? 0;
  const last = samples[samples.length - 1]?.ts ?? 0;
  // Locust's run time when the monitor reports it; else the span of the samples
  let runTime = (last - first) / 1000;
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
    peakUsers: samples.reduce((m, s) => Math.max(m, s.userCount), 0),
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
  const end = Math.max(lastSecond, lastSample, start + 1000);
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
