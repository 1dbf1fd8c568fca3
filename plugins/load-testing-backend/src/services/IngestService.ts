import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Histogram,
  RunStatus,
  addHistogram,
  isTerminalStatus,
  percentileFromHistogram,
} from '@internal/plugin-load-testing-common';
import {
  RunPatch,
  SampleEndpoint,
  SecondRow,
  SnapshotWrite,
  Store,
} from '../database/Store';
import {
  MonitorEntry,
  MonitorSnapshot,
  endpointKey,
} from '../engines/locust/protocol';
import { NodeTracker } from './NodeTracker';
import { GeneratorCpuWatch } from './reports/generatorCpu';
import { NodeSampleThinner, nodeSamplesOf } from './reports/nodeSamples';
import { TOTAL_KEY } from './results';
import { WebhookSigner } from './signatures';

function checkSnapshot(s: any): asserts s is MonitorSnapshot {
  const bad = (what: string): never => {
    throw new InputError(`Invalid snapshot: ${what}`);
  };
  if (typeof s !== 'object' || s === null) bad('not an object');
  if (!Number.isInteger(s.seq) || s.seq < 1) bad('seq must be an integer ≥ 1');
  if (typeof s.ts !== 'number') bad('ts must be epoch seconds');
  if (typeof s.perSecond !== 'object' || s.perSecond === null)
    bad('perSecond is required');
  checkExtras(s, bad);
  if (s.kind === 'tick') {
    s.entries = [];
    return;
  }
  if (!Array.isArray(s.entries)) bad('entries must be a list');
  if (typeof s.total !== 'object' || s.total === null) bad('total is required');
  if (s.sample !== undefined && !/^\{[\s\S]*\}$/.test(s.sample)) {
    bad('sample must be a serialized JSON object');
  }
  // without a serialized sample, every entry carries its own histogram
  for (const e of s.sample === undefined
    ? [...s.entries, s.total]
    : [s.total]) {
    if (typeof e?.delta?.histogram !== 'object')
      bad('every entry needs delta.histogram');
  }
  s.workers ??= [];
  s.errors ??= [];
  s.exceptions ??= [];
  s.master ??= { cpuPercent: 0, memoryBytes: 0 };
}

/** The shape's plan and the monitor's warnings: small, bounded, plain. */
function checkExtras(s: any, bad: (what: string) => never) {
  if (s.shape !== undefined) {
    const sh = s.shape;
    if (
      typeof sh !== 'object' ||
      sh === null ||
      typeof sh.className !== 'string'
    )
      bad('shape.className must be text');
    if (
      sh.planned !== undefined &&
      (!Array.isArray(sh.planned) ||
        sh.planned.length > 2000 ||
        sh.planned.some(
          (p: unknown) =>
            !Array.isArray(p) ||
            p.length !== 2 ||
            !p.every(v => Number.isInteger(v) && v >= 0 && v <= 1e9),
        ))
    )
      bad('shape.planned must be up to 2000 [second, users] pairs');
    s.shape = {
      className: sh.className.slice(0, 200),
      ...(sh.planned ? { planned: sh.planned } : {}),
      ...(Number.isInteger(sh.endsAfterSeconds) && sh.endsAfterSeconds >= 0
        ? { endsAfterSeconds: sh.endsAfterSeconds }
        : {}),
      ...(typeof sh.plannedError === 'string'
        ? { plannedError: sh.plannedError.slice(0, 300) }
        : {}),
    };
  }
  if (s.warnings !== undefined) {
    if (
      !Array.isArray(s.warnings) ||
      s.warnings.length > 20 ||
      s.warnings.some(
        (w: any) =>
          typeof w?.code !== 'string' ||
          !/^[a-z-]{1,40}$/.test(w.code) ||
          typeof w.message !== 'string',
      )
    )
      bad('warnings must be up to 20 {code, message}');
    s.warnings = s.warnings.map((w: any) => ({
      code: w.code,
      message: w.message.slice(0, 500),
      ts: typeof w.ts === 'number' && Number.isFinite(w.ts) ? w.ts : undefined,
    }));
  }
}

function sampleEndpoint(e: MonitorSnapshot['total']): SampleEndpoint {
  return {
    r: e.delta.requests,
    f: e.delta.failures,
    t: e.delta.totalResponseTime,
    h: e.delta.histogram ?? {},
  };
}

/** The live view keeps cumulative counters only; deltas live in the samples. */
function cumulative(e: MonitorEntry): Omit<MonitorEntry, 'delta'> {
  const { delta: _delta, ...rest } = e;
  return rest;
}

/** Turns Locust's per-second counts into rows keyed by second. */
function secondsOf(snap: MonitorSnapshot): SecondRow[] {
  const rows = new Map<number, SecondRow>();
  const row = (second: number) => {
    let r = rows.get(second);
    if (!r)
      rows.set(
        second,
        (r = { second, requests: 0, failures: 0, endpoints: {} }),
      );
    return r;
  };
  for (const [key, list] of Object.entries(snap.perSecond)) {
    for (const [second, requests, failures] of list) {
      const r = row(second);
      if (key === TOTAL_KEY) {
        r.requests = requests;
        r.failures = failures;
      } else {
        r.endpoints[key] = [requests, failures];
      }
    }
  }
  return [...rows.values()];
}

/** `stop`: a stop was requested; the monitor stops Locust when it reads this. */
export type IngestResult = { stored: boolean; final: boolean; stop: boolean };

/** How often a followed run's status is read again (a cancel on another replica). */
const STATUS_REFRESH_MS = 2000;

/**
 * How long after a run ended it still takes deliveries, when its final snapshot has not
 * arrived: a run stopped by a shutdown reports to the next backend.
 */
export const LATE_DELIVERY_MS = 15 * 60 * 1000;

interface RunState {
  status: RunStatus;
  /** A run that ended before its final snapshot arrived: it still takes deliveries. */
  late?: boolean;
  statusReadAt: number;
  /** Newest seq of any kind, and of a full snapshot (the live view). */
  newestSeq: number;
  newestFullSeq: number;
  /** Full snapshots seen by this process and their merged total histogram. */
  fullSeqs: Set<number>;
  histogram: Histogram;
}

/**
 * Receives monitor snapshots: verify, store once, keep the live state. Deliveries that
 * arrive together are written in one transaction (group commit).
 */
export class IngestService {
  private readonly runs = new Map<string, RunState>();
  private queue: Array<{
    write: SnapshotWrite;
    done: (stored: boolean) => void;
    fail: (e: unknown) => void;
  }> = [];
  private flushing = false;
  private readonly nodeSamples = new NodeSampleThinner();

  constructor(
    private readonly deps: {
      store: Store;
      signer: WebhookSigner;
      nodes: NodeTracker;
      logger: LoggerService;
      toleranceSeconds: number;
      onFinal: (runId: string) => void;
      /** Deliveries of a run were stored; the newest second they reported. */
      onStored?: (runId: string, newestSecond: number) => void;
      /** Warns when a load generator's CPU stays high. */
      generators?: GeneratorCpuWatch;
    },
  ) {}

  private async runState(runId: string): Promise<RunState | undefined> {
    const cached = this.runs.get(runId);
    if (cached && Date.now() - cached.statusReadAt > STATUS_REFRESH_MS) {
      // a stop, or the end, may be recorded by another backend replica
      cached.statusReadAt = Date.now();
      const status = await this.deps.store.getRunStatus(runId);
      if (status && (cached.status !== 'stopping' || isTerminalStatus(status)))
        cached.status = status;
    }
    // an ended run is read again: whether it still takes a late final snapshot
    if (cached && isTerminalStatus(cached.status)) this.runs.delete(runId);
    else if (cached) return cached;
    const run = await this.deps.store.getRunState(runId);
    if (!run) return undefined;
    const seq = run.liveSeq;
    const state: RunState = {
      status: run.status,
      statusReadAt: Date.now(),
      newestSeq: seq,
      newestFullSeq: seq,
      fullSeqs: new Set<number>(),
      histogram: {},
    };
    if (!isTerminalStatus(run.status)) this.runs.set(runId, state);
    else
      state.late =
        !run.finalReceived &&
        run.finishedAt !== undefined &&
        Date.now() - Date.parse(run.finishedAt) < LATE_DELIVERY_MS;
    return state;
  }

  async ingest(
    runId: string,
    body: Buffer,
    signature: string | undefined,
  ): Promise<IngestResult> {
    const run = await this.runState(runId);
    if (!run) throw new NotFoundError(`No run ${runId}`);
    this.deps.signer.verify(runId, body, signature, this.deps.toleranceSeconds);
    if (isTerminalStatus(run.status) && !run.late) {
      throw new ConflictError(
        `Run ${runId} is ${run.status}; it takes no more samples`,
      );
    }
    let snap: unknown;
    try {
      snap = JSON.parse(body.toString('utf8'));
    } catch {
      throw new InputError('Invalid snapshot: body is not JSON');
    }
    checkSnapshot(snap);

    const tick = snap.kind === 'tick';
    const endpoints: Record<string, SampleEndpoint> = {};
    if (!tick && snap.sample === undefined) {
      endpoints[TOTAL_KEY] = sampleEndpoint(snap.total);
      for (const e of snap.entries)
        endpoints[endpointKey(e)] = sampleEndpoint(e);
    }
    const newest = snap.seq > run.newestSeq;
    const patch: RunPatch = {};
    if (newest) {
      run.newestSeq = snap.seq;
      patch.lastSampleAt = new Date(snap.ts * 1000).toISOString();
      if (!run.late) patch.userCount = snap.userCount;
    }
    if (snap.shape) patch.shape = snap.shape;
    // an older snapshot delivered late still adds its deltas, but never rolls back the live view
    if (!tick && !run.late && !run.fullSeqs.has(snap.seq)) {
      // key figures while the run is live; the final totals replace them
      run.fullSeqs.add(snap.seq);
      addHistogram(run.histogram, snap.total.delta.histogram ?? {});
      patch.p95Ms = percentileFromHistogram(run.histogram, 0.95) ?? undefined;
    }
    if (!tick && snap.seq > run.newestFullSeq) {
      run.newestFullSeq = snap.seq;
      const total = snap.total;
      if (typeof total.startTime === 'number' && total.startTime > 0)
        patch.loadStartedAt = new Date(total.startTime * 1000).toISOString();
      Object.assign(patch, {
        requests: total.numRequests,
        failureRatio: total.numRequests
          ? total.numFailures / total.numRequests
          : 0,
        rps: total.totalRps,
      });
      Object.assign(patch, {
        live: {
          seq: snap.seq,
          state: snap.state,
          entries: snap.entries.map(cumulative),
          total: cumulative(snap.total),
          errors: snap.errors,
          exceptions: snap.exceptions,
          dropped: snap.dropped,
        },
      });
    }
    if (snap.final) {
      patch.finalReceived = true;
      if (snap.exitCode !== undefined && snap.exitCode !== null)
        patch.exitCode = snap.exitCode;
    }
    const nodes =
      newest && !tick ? await this.deps.nodes.fromSnapshot(runId, snap) : [];
    const nodeSamples = this.nodeSamples.keep(
      runId,
      nodeSamplesOf(snap),
      !tick,
    );
    const stored = await this.enqueue({
      runId,
      sample: {
        runId,
        seq: snap.seq,
        ts: Math.round(snap.ts * 1000),
        userCount: snap.userCount,
        endpoints,
        endpointsJson: tick ? undefined : snap.sample,
      },
      seconds: secondsOf(snap),
      run: patch,
      nodes,
      nodeSamples,
    });
    if (stored && snap.warnings?.length) await this.addWarnings(runId, snap);
    if (snap.final) this.nodeSamples.forget(runId);
    if (stored && (nodeSamples.length || snap.final) && !run.late)
      await this.deps.generators
        ?.observe(runId, nodeSamples, snap.final)
        .catch(e =>
          this.deps.logger.warn(`Run ${runId}: generator CPU check: ${e}`),
        );
    if (stored) this.deps.onStored?.(runId, Math.floor(snap.ts));
    if (stored && snap.final) this.deps.onFinal(runId);
    return { stored, final: snap.final, stop: run.status === 'stopping' };
  }

  /** Limits the monitor held (users capped, the time limit reached) show on the run. */
  private async addWarnings(runId: string, snap: MonitorSnapshot) {
    for (const w of snap.warnings ?? []) {
      await this.deps.store.addRunWarning(runId, {
        code: w.code,
        message: w.message,
        at: new Date((w.ts ?? snap.ts) * 1000).toISOString(),
      });
    }
  }

  private enqueue(write: SnapshotWrite): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ write, done, fail });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private async flush() {
    while (this.queue.length) {
      const batch = this.queue.splice(0, 200);
      try {
        const stored = await this.deps.store.applySnapshots(
          batch.map(b => b.write),
        );
        batch.forEach((b, i) => b.done(stored[i]));
      } catch (e) {
        batch.forEach(b => b.fail(e));
      }
    }
    this.flushing = false;
  }

  /** A stop was requested: the next delivery's answer asks the monitor to stop Locust. */
  stopRequested(runId: string) {
    const state = this.runs.get(runId);
    if (state && !isTerminalStatus(state.status)) state.status = 'stopping';
  }

  /** The run changed status elsewhere (ended): read it again on the next delivery. */
  forget(runId: string) {
    this.runs.delete(runId);
    this.deps.generators?.forget(runId);
    this.nodeSamples.forget(runId);
  }
}
