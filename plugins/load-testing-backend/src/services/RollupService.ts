import { LoggerService } from '@backstage/backend-plugin-api';
import { Histogram, RunTotals } from '@internal/plugin-load-testing-common';
import { RunRow, Store } from '../database/Store';
import { MonitorEntry } from '../engines/locust/protocol';
import { computeTotals } from './results';
import { WHOLE_RUN, foldRollups } from './rollups';

/** Samples and seconds folded per transaction: what one fold holds in memory. */
const SAMPLES_PER_FOLD = 100;
const SECONDS_PER_FOLD = 2000;
/** Workers report a second's count for a while after it: newer seconds wait. */
const SETTLE_SECONDS = 30;
/** A live run's deliveries are folded at most this often by the ingest. */
const FOLD_AFTER_INGEST_MS = 10_000;

/**
 * Keeps a run's rollups up to date: folds the samples and per-second counts that
 * arrived since the last fold, a page at a time, so memory stays bounded whatever the
 * run's length. Folds of one run are serialized in this process; across processes the
 * store refuses a fold whose inputs were folded first.
 */
export class RollupService {
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly waiting = new Map<
    string,
    { count: number; newestSecond: number }
  >();

  constructor(private readonly deps: { store: Store; logger: LoggerService }) {}

  /**
   * Folds what is not folded yet. `final`: the run is over, fold every second too.
   * `newestSecond`: the newest second reported (seconds settle behind it).
   */
  fold(
    runId: string,
    options: { final?: boolean; newestSecond?: number } = {},
  ): Promise<void> {
    const previous = this.running.get(runId) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => this.foldNow(runId, options));
    this.running.set(runId, next);
    const done = () => {
      if (this.running.get(runId) === next) this.running.delete(runId);
    };
    next.then(done, done);
    return next;
  }

  /**
   * After a delivery: folds soon, at most once per interval per run, or at once when
   * deliveries pile up faster than that (a backlog delivered after an outage).
   */
  foldSoon(runId: string, newestSecond?: number) {
    const before = this.waiting.get(runId);
    const waiting = {
      count: (before?.count ?? 0) + 1,
      newestSecond: Math.max(
        before?.newestSecond ?? -Infinity,
        newestSecond ?? -Infinity,
      ),
    };
    this.waiting.set(runId, waiting);
    const now = () => {
      clearTimeout(this.timers.get(runId));
      this.timers.delete(runId);
      const { newestSecond: newest } = this.waiting.get(runId) ?? waiting;
      this.waiting.delete(runId);
      this.fold(runId, {
        newestSecond: Number.isFinite(newest) ? newest : undefined,
      }).catch(e =>
        this.deps.logger.warn(
          `Could not fold the rollups of run ${runId}: ${e}`,
        ),
      );
    };
    if (waiting.count >= SAMPLES_PER_FOLD && !this.running.has(runId)) {
      now();
      return;
    }
    if (this.timers.has(runId)) return;
    const timer = setTimeout(now, FOLD_AFTER_INGEST_MS);
    timer.unref?.();
    this.timers.set(runId, timer);
  }

  /**
   * A run's totals and merged histograms, from its whole-run rollups (folded first):
   * a read of constant cost and memory, whatever the run's length.
   */
  async totals(
    run: Pick<RunRow, 'id' | 'live' | 'lastSampleAt' | 'status'>,
    options: { final?: boolean } = {},
  ): Promise<{ totals?: RunTotals; histograms: Map<string, Histogram> }> {
    await this.fold(run.id, {
      final: options.final,
      newestSecond: run.lastSampleAt
        ? Math.floor(Date.parse(run.lastSampleAt) / 1000)
        : undefined,
    });
    const rows = await this.deps.store.listRollups(run.id, {
      resolution: WHOLE_RUN,
    });
    const histograms = new Map(rows.map(r => [r.endpoint, r.histogram]));
    const live = run.live;
    if (!live?.total) return { histograms };
    const span = await this.deps.store.getSampleSpan(run.id);
    return {
      histograms,
      totals: computeTotals({
        histograms,
        entries: (live.entries ?? []) as MonitorEntry[],
        total: live.total as MonitorEntry,
        sampleSpanSeconds: span ? (span.last - span.first) / 1000 : 0,
        peakUsers: rows.find(r => r.endpoint === '')?.users ?? 0,
      }),
    };
  }

  shutdown() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async foldNow(
    runId: string,
    options: { final?: boolean; newestSecond?: number },
  ) {
    const { store } = this.deps;
    const until = options.final
      ? Number.MAX_SAFE_INTEGER
      : (options.newestSecond ?? Math.floor(Date.now() / 1000)) -
        SETTLE_SECONDS;
    for (let refused = 0; refused < 3;) {
      const samples = await store.listUnrolledSamples(runId, SAMPLES_PER_FOLD);
      const after = await store.getRolledSecond(runId);
      const seconds = await store.listSecondsAfter(
        runId,
        after,
        until,
        SECONDS_PER_FOLD,
      );
      if (!samples.length && !seconds.length) return;
      const folded = await store.addRollups(runId, {
        rows: [...foldRollups(samples, seconds).values()],
        sampleSeqs: samples.map(s => s.seq),
        seconds: seconds.length
          ? { from: after, to: seconds[seconds.length - 1].second }
          : undefined,
      });
      // another process folded some of it first: what is left is read again
      if (!folded) refused++;
    }
  }
}
