import { NodeState } from '@internal/plugin-load-testing-common';
import { NodeRow, Store } from '../database/Store';
import { NodeEvent } from '../executors/types';
import { MonitorSnapshot } from '../engines/locust/protocol';

const PROCESS_GONE: NodeState[] = ['exited', 'failed'];
// states only Locust knows; a pod being ready says nothing new about them
const ENGINE_STATES: NodeState[] = [
  'ready',
  'spawning',
  'running',
  'missing',
  'stopped',
];

function locustState(state: string): NodeState {
  switch (state) {
    case 'ready':
    case 'spawning':
    case 'running':
    case 'missing':
      return state;
    case 'stopped':
    case 'stopping':
    case 'cleanup':
      return 'stopped';
    default:
      return 'starting';
  }
}

/**
 * Current nodes of live runs. Process facts (pid, exit) come from the executor, engine
 * facts (Locust state, CPU, memory, users) from the monitor; a process that is gone
 * keeps its final state whatever Locust still believes.
 */
export class NodeTracker {
  // one load per run, shared by concurrent callers, so no update lands in a lost copy
  private readonly runs = new Map<string, Promise<Map<string, NodeRow>>>();

  constructor(private readonly store: Store) {}

  private nodesOf(runId: string): Promise<Map<string, NodeRow>> {
    let nodes = this.runs.get(runId);
    if (!nodes) {
      nodes = this.store
        .listNodes(runId)
        .then(rows => new Map(rows.map(n => [n.name, n])));
      nodes.catch(() => this.runs.delete(runId));
      this.runs.set(runId, nodes);
    }
    return nodes;
  }

  /** Applies executor events and returns the rows that changed. */
  async fromExecutor(runId: string, events: NodeEvent[]): Promise<NodeRow[]> {
    const nodes = await this.nodesOf(runId);
    const now = new Date().toISOString();
    const changed: NodeRow[] = [];
    for (const e of events) {
      const old = nodes.get(e.name);
      if (e.state === 'ready' && old && ENGINE_STATES.includes(old.state))
        e.state = old.state;
      const row: NodeRow = {
        ...old,
        ...Object.fromEntries(
          Object.entries(e).filter(([, v]) => v !== undefined),
        ),
        updatedAt: now,
      } as NodeRow;
      nodes.set(e.name, row);
      changed.push(row);
    }
    return changed;
  }

  /** Applies a monitor snapshot and returns the rows that changed. */
  async fromSnapshot(runId: string, snap: MonitorSnapshot): Promise<NodeRow[]> {
    const nodes = await this.nodesOf(runId);
    const now = new Date(snap.ts * 1000).toISOString();
    const changed: NodeRow[] = [];
    const update = (
      name: string,
      role: NodeRow['role'],
      patch: Partial<NodeRow>,
    ) => {
      const old = nodes.get(name);
      const row: NodeRow = {
        name,
        role,
        state: 'starting',
        ...old,
        ...patch,
        updatedAt: now,
      };
      if (old && PROCESS_GONE.includes(old.state)) row.state = old.state;
      if (old?.state === 'missing' && old.exitCode !== undefined)
        row.state = 'missing';
      if (
        !old ||
        old.state !== row.state ||
        old.userCount !== row.userCount ||
        old.cpuPercent !== row.cpuPercent ||
        old.memoryBytes !== row.memoryBytes
      ) {
        nodes.set(name, row);
        changed.push(row);
      }
    };
    update('master', 'master', {
      state: snap.final ? 'stopped' : locustState(snap.state),
      cpuPercent: snap.master.cpuPercent,
      memoryBytes: snap.master.memoryBytes,
      userCount: snap.userCount,
    });
    for (const w of snap.workers) {
      update(w.node || `worker-${w.id.slice(-8)}`, 'worker', {
        state: locustState(w.state),
        cpuPercent: w.cpuPercent,
        memoryBytes: w.memoryBytes,
        userCount: w.userCount,
        ...(w.pid ? { pid: w.pid } : {}),
      });
    }
    return changed;
  }

  forget(runId: string) {
    this.runs.delete(runId);
  }
}
