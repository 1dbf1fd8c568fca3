import { Store } from '../database/Store';
import { NodeTracker } from './NodeTracker';

describe('NodeTracker', () => {
  it('keeps every executor fact when events of a new run arrive at once', async () => {
    // a slow first load: all events below wait on it together
    const store = {
      listNodes: () => new Promise(r => setTimeout(() => r([]), 20)),
    } as unknown as Store;
    const tracker = new NodeTracker(store);
    await Promise.all(
      ['workers-a', 'workers-b', 'workers-c'].map(pod =>
        tracker.fromExecutor('run', [
          { name: pod, role: 'worker', state: 'ready', pod, phase: 'Running' },
        ]),
      ),
    );
    const rows = await tracker.fromSnapshot('run', {
      ts: 1_800_000_000,
      final: false,
      state: 'running',
      userCount: 3,
      master: { cpuPercent: 1, memoryBytes: 1 },
      workers: ['workers-a', 'workers-b', 'workers-c'].map(node => ({
        id: node,
        node,
        state: 'running',
        userCount: 1,
        cpuPercent: 5,
        memoryBytes: 10,
      })),
    } as any);
    const workers = rows.filter(r => r.role === 'worker');
    expect(workers.map(r => [r.name, r.pod, r.phase, r.state])).toEqual([
      ['workers-a', 'workers-a', 'Running', 'running'],
      ['workers-b', 'workers-b', 'Running', 'running'],
      ['workers-c', 'workers-c', 'Running', 'running'],
    ]);
  });
});
