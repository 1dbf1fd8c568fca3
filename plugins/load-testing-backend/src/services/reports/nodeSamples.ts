import { NodeSample } from '../../database/ResourceStore';
import { MonitorSnapshot } from '../../engines/locust/protocol';

/** More nodes than any run may have: what a snapshot lists past it is left out. */
const MAX_NODES = 512;

const finite = (v: unknown, max: number): number =>
  typeof v === 'number' && Number.isFinite(v)
    ? Math.min(Math.max(v, 0), max)
    : 0;

/**
 * The CPU, memory and users of every node a full snapshot lists, at its time: one row per
 * node. Values are bounded here, as the snapshot comes from the run's own processes.
 */
export function nodeSamplesOf(snap: MonitorSnapshot): NodeSample[] {
  const ts = Math.round(snap.ts * 1000);
  const out = new Map<string, NodeSample>();
  const add = (node: string, v: any) => {
    if (out.has(node) || out.size >= MAX_NODES) return;
    // Locust reports 0 until it first measured the process: nothing is known yet
    if (!(finite(v?.memoryBytes, 2 ** 52) > 0)) return;
    out.set(node, {
      node,
      ts,
      cpuPercent: finite(v?.cpuPercent, 100_000),
      memoryBytes: Math.round(finite(v?.memoryBytes, 2 ** 52)),
      userCount: Math.round(finite(v?.userCount, 1e9)),
    });
  };
  add('master', { ...snap.master, userCount: snap.userCount });
  for (const w of Array.isArray(snap.workers) ? snap.workers : []) {
    const name =
      typeof w?.node === 'string' && w.node
        ? w.node
        : `worker-${String(w?.id ?? '').slice(-8)}`;
    add(name.slice(0, 200), w);
  }
  return [...out.values()];
}

/** Longest gap between two kept samples of a node whose figures did not change. */
const STEADY_GAP_MS = 10_000;

/**
 * Keeps what the nodes' figures say, not every repetition of it: Locust measures CPU and
 * memory every 2 s while light snapshots come every second. Full snapshots keep all.
 */
export class NodeSampleThinner {
  private readonly last = new Map<string, Map<string, NodeSample>>();

  keep(runId: string, samples: NodeSample[], full: boolean): NodeSample[] {
    let nodes = this.last.get(runId);
    if (!nodes) {
      nodes = new Map();
      this.last.set(runId, nodes);
    }
    const kept: NodeSample[] = [];
    for (const s of samples) {
      const prev = nodes.get(s.node);
      const same =
        prev &&
        prev.cpuPercent === s.cpuPercent &&
        prev.memoryBytes === s.memoryBytes &&
        prev.userCount === s.userCount &&
        Math.abs(s.ts - prev.ts) < STEADY_GAP_MS;
      if (full || !same) {
        kept.push(s);
        if (!prev || s.ts >= prev.ts) nodes.set(s.node, s);
      }
    }
    return kept;
  }

  forget(runId: string) {
    this.last.delete(runId);
  }
}
