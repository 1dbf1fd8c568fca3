import {
  RunException,
  VerdictBaseline,
} from '@internal/plugin-load-testing-common';
import { RunPatch, RunRow } from '../database/Store';
import { TOTAL_KEY } from './results';
import { RollupService } from './RollupService';
import { computeVerdict } from './verdict';

/**
 * Totals, key figures and (for a run that completed) the verdict, from every sample the
 * run delivered (folded into its rollups first) and its latest cumulative counters.
 */
export async function runOutcome(
  rollups: RollupService,
  run: Pick<
    RunRow,
    'id' | 'status' | 'live' | 'thresholds' | 'exitCode' | 'lastSampleAt'
  >,
  /** The scenario's baseline, when the run is to be compared with one. */
  baseline?: VerdictBaseline,
): Promise<RunPatch> {
  const live = run.live;
  const { totals, histograms } = await rollups.totals(run, { final: true });
  const verdict =
    totals && run.status === 'succeeded'
      ? computeVerdict({
          thresholds: run.thresholds,
          totals,
          histogram: histograms.get(TOTAL_KEY) ?? {},
          exceptions: (live?.exceptions ?? []) as RunException[],
          exitCode: run.exitCode,
          baseline,
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
