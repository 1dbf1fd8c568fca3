import { MonitorSnapshot } from '../../engines/locust/protocol';
import { NodeSampleThinner, nodeSamplesOf } from './nodeSamples';

const snap = (over: Partial<MonitorSnapshot>): MonitorSnapshot =>
  ({
    seq: 1,
    ts: 1_800_000_000.25,
    final: false,
    state: 'running',
    userCount: 7,
    entries: [],
    perSecond: {},
    errors: [],
    exceptions: [],
    workers: [],
    master: { cpuPercent: 3, memoryBytes: 50e6 },
    ...over,
  }) as MonitorSnapshot;

describe('nodeSamplesOf', () => {
  it('takes every node of a snapshot at its time, bounded, and skips nodes not measured yet', () => {
    const samples = nodeSamplesOf(
      snap({
        kind: 'tick',
        workers: [
          {
            id: 'a1b2c3d4e5f6a7b8',
            node: 'worker-1',
            state: 'running',
            cpuPercent: 97.5,
            memoryBytes: 60e6,
            userCount: 4,
          },
          // Locust has not measured it yet
          {
            id: 'x',
            node: 'worker-2',
            state: 'running',
            cpuPercent: 0,
            memoryBytes: 0,
            userCount: 3,
          },
          // no node name: named from its id, as the nodes table names it
          {
            id: 'ffffffff0123456789abcdef',
            state: 'running',
            cpuPercent: NaN,
            memoryBytes: 1e300,
            userCount: 1,
          } as any,
          // the same name twice: one sample
          {
            id: 'y',
            node: 'worker-1',
            state: 'running',
            cpuPercent: 1,
            memoryBytes: 1,
            userCount: 1,
          },
        ],
      }),
    );
    expect(samples).toEqual([
      {
        node: 'master',
        ts: 1_800_000_000_250,
        cpuPercent: 3,
        memoryBytes: 50e6,
        userCount: 7,
      },
      {
        node: 'worker-1',
        ts: 1_800_000_000_250,
        cpuPercent: 97.5,
        memoryBytes: 60e6,
        userCount: 4,
      },
      {
        node: 'worker-89abcdef',
        ts: 1_800_000_000_250,
        cpuPercent: 0,
        memoryBytes: 2 ** 52,
        userCount: 1,
      },
    ]);
    // a snapshot of a monitor that sends no nodes in its ticks
    expect(
      nodeSamplesOf(snap({ kind: 'tick', master: undefined as any })),
    ).toEqual([]);
  });
});

describe('NodeSampleThinner', () => {
  const at = (second: number, cpuPercent: number) => ({
    node: 'worker-1',
    ts: 1_800_000_000_000 + second * 1000,
    cpuPercent,
    memoryBytes: 1,
    userCount: 1,
  });

  it("keeps a light snapshot's sample when the figures changed or 10 s went by, a full one's always", () => {
    const thinner = new NodeSampleThinner();
    const kept = (second: number, cpu: number, full = false) =>
      thinner.keep('r', [at(second, cpu)], full).length;
    expect(
      [
        kept(0, 10),
        kept(1, 10),
        kept(2, 30),
        kept(3, 30),
        kept(4, 30, true),
        kept(5, 30),
        kept(13, 30),
        kept(14, 30),
        kept(15, 31),
      ].join(''),
    ).toBe('101010011');
    // another run starts from nothing
    expect(thinner.keep('other', [at(1, 10)], false)).toHaveLength(1);
    thinner.forget('r');
    expect(thinner.keep('r', [at(16, 31)], false)).toHaveLength(1);
  });
});
