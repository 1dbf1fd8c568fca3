import { RunException } from '@internal/plugin-load-testing-common';
import { RunPatch, RunRow, Store } from '../database/Store';
import { MonitorEntry } from '../engines/locust/protocol';
import { TOTAL_KEY, computeTotals, mergeSampleHistograms } from './results';
import { computeVerdict } from './verdict';

/**
 * Totals, key figures and (for a run that completed) the verdict, from every sample the
 * run delivered and its latest cumulative counters.
 */
export async function runOutcome(
  store: Store,
  run: Pick<RunRow, 'id' | 'status' | 'live' | 'thresholds' | 'exitCode'>,
): Promise<RunPatch> {
  const samples = await store.listSamples(run.id);
  const live = run.live;
  const totals = computeTotals(
    samples,
    (live?.entries ?? []) as MonitorEntry[],
    live?.total as MonitorEntry | undefined,
  );
  const verdict =
    totals && run.status === 'succeeded'
      ? computeVerdict({
          thresholds: run.thresholds,
          totals,
          histogram: mergeSampleHistograms(samples).get(TOTAL_KEY) ?? {},
          exceptions: (live?.exceptions ?? []) as RunException[],
          exitCode: run.exitCode,
        })
      : undefined;
  return {
    totals,
    verdict: verdict?.result,
    verdictReason: verdict?.reasons?.[0],
    verdictDetails: verdict,
    rps: totals?.total.rps,
    // no requests, no percentile: not 0 ms
    p95Ms: totals?.total.requests ? totals.total.percentiles.p95 : undefined,
    failureRatio: totals?.total.failureRatio,
    requests: totals?.total.requests,
  };
}
