import {
  Histogram,
  addHistogram,
  histogramCount,
} from '@internal/plugin-load-testing-common';
import { SampleRow, SecondRow } from '../database/Store';

/** Bucket lengths of the rollups, in seconds, finest first. */
export const ROLLUP_RESOLUTIONS = [10, 60, 600] as const;
/** The resolution (and bucket) of the one rollup that spans the whole run. */
export const WHOLE_RUN = 0;

/**
 * One endpoint's figures over one bucket. Request and failure counts come from
 * Locust's per-second counts; the histogram, `timed` and `totalMs` from the samples
 * whose interval ends in the bucket, so a percentile over the bucket is Locust's rule
 * on exactly those requests.
 */
export interface RollupRow {
  resolution: number;
  endpoint: string;
  /** epoch seconds where the bucket starts; 0 for the whole run */
  bucket: number;
  requests: number;
  failures: number;
  /** requests in the histogram */
  timed: number;
  totalMs: number;
  histogram: Histogram;
  /** users at the end of the bucket; the peak for the whole run */
  users?: number;
}

export function rollupKey(
  r: Pick<RollupRow, 'resolution' | 'endpoint' | 'bucket'>,
) {
  return `${r.resolution}\u0000${r.bucket}\u0000${r.endpoint}`;
}

function emptyRow(
  resolution: number,
  endpoint: string,
  bucket: number,
): RollupRow {
  return {
    resolution,
    endpoint,
    bucket,
    requests: 0,
    failures: 0,
    timed: 0,
    totalMs: 0,
    histogram: {},
  };
}

/** Adds `b` to `a`: counts and histograms add; users is the later (or, whole run, the peak). */
export function mergeRollup(a: RollupRow, b: RollupRow): RollupRow {
  a.requests += b.requests;
  a.failures += b.failures;
  a.timed += b.timed;
  a.totalMs += b.totalMs;
  addHistogram(a.histogram, b.histogram);
  if (b.users !== undefined)
    a.users =
      a.resolution === WHOLE_RUN ? Math.max(a.users ?? 0, b.users) : b.users;
  return a;
}

/**
 * Folds samples (in seq order) and per-second counts into rollup rows at every
 * resolution and for the whole run. A full sample's histogram goes to the bucket its
 * interval ends in; a second's counts to the bucket holding that second.
 */
export function foldRollups(
  samples: SampleRow[],
  seconds: SecondRow[],
): Map<string, RollupRow> {
  const out = new Map<string, RollupRow>();
  const row = (resolution: number, endpoint: string, bucket: number) => {
    const key = rollupKey({ resolution, endpoint, bucket });
    let r = out.get(key);
    if (!r) out.set(key, (r = emptyRow(resolution, endpoint, bucket)));
    return r;
  };
  const each = (second: number, fn: (r: (e: string) => RollupRow) => void) => {
    fn(e => row(WHOLE_RUN, e, WHOLE_RUN));
    for (const res of ROLLUP_RESOLUTIONS) {
      const bucket = Math.floor(second / res) * res;
      fn(e => row(res, e, bucket));
    }
  };
  for (const s of samples) {
    // the interval ends at ts: its last millisecond is in the second before ts
    const second = Math.floor((s.ts - 1) / 1000);
    each(second, r => {
      r('').users = s.userCount;
      for (const [endpoint, e] of Object.entries(s.endpoints)) {
        const target = r(endpoint);
        addHistogram(target.histogram, e.h);
        target.timed += histogramCount(e.h);
        target.totalMs += e.t;
      }
    });
  }
  for (const sec of seconds) {
    each(sec.second, r => {
      const total = r('');
      total.requests += sec.requests;
      total.failures += sec.failures;
      for (const [endpoint, [requests, failures]] of Object.entries(
        sec.endpoints,
      )) {
        const target = r(endpoint);
        target.requests += requests;
        target.failures += failures;
      }
    });
  }
  // the whole run keeps the peak, not the last count
  for (const r of out.values())
    if (r.resolution === WHOLE_RUN && r.endpoint === '')
      r.users = Math.max(...samples.map(s => s.userCount), 0);
  return out;
}
