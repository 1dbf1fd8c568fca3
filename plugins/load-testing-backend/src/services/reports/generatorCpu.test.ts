import { mockServices } from '@backstage/backend-test-utils';
import { RunWarning } from '@internal/plugin-load-testing-common';
import { NodeSample } from '../../database/ResourceStore';
import {
  DEFAULT_CPU_WARNING_RULE as RULE,
  GeneratorCpuWatch,
  longestCpuStreak,
} from './generatorCpu';

const T0 = 1_800_000_000_000;
const s = (node: string, second: number, cpuPercent: number): NodeSample => ({
  node,
  ts: T0 + second * 1000,
  cpuPercent,
  memoryBytes: 1,
  userCount: 1,
});

/** Samples every `every` seconds from `from` to `to` at one CPU. */
const steady = (
  node: string,
  from: number,
  to: number,
  cpu: number,
  every = 2,
) => {
  const out: NodeSample[] = [];
  for (let t = from; t <= to; t += every) out.push(s(node, t, cpu));
  return out;
};

describe('longestCpuStreak', () => {
  it('finds a worker busy for 20 s or more, in consecutive samples', () => {
    const samples = [
      ...steady('worker-1', 0, 60, 40),
      ...steady('worker-2', 0, 10, 50),
      ...steady('worker-2', 12, 46, 97),
      ...steady('worker-2', 48, 60, 30),
    ];
    expect(longestCpuStreak(samples, RULE)).toEqual({
      node: 'worker-2',
      from: T0 + 12_000,
      to: T0 + 46_000,
    });
  });

  it('does not join streaks a quiet sample interrupts, nor count 19 s', () => {
    const interrupted = [
      ...steady('worker-1', 0, 14, 95),
      s('worker-1', 16, 89.9),
      ...steady('worker-1', 18, 32, 95),
    ];
    expect(longestCpuStreak(interrupted, RULE)).toBeUndefined();
    expect(longestCpuStreak(steady('worker-1', 0, 19, 95, 1), RULE)).toBe(
      undefined,
    );
    expect(longestCpuStreak(steady('worker-1', 0, 20, 90, 1), RULE)?.node).toBe(
      'worker-1',
    );
  });

  it("ignores a distributed run's master, not a lone master", () => {
    const master = steady('master', 0, 40, 100);
    expect(
      longestCpuStreak([...master, ...steady('worker-1', 0, 40, 10)], RULE),
    ).toBeUndefined();
    expect(longestCpuStreak(master, RULE)?.node).toBe('master');
  });
});

describe('GeneratorCpuWatch', () => {
  const setup = () => {
    const warnings: RunWarning[] = [];
    const stored: NodeSample[] = [];
    const watch = new GeneratorCpuWatch({
      rule: RULE,
      putWarning: async (_runId, w) => {
        warnings.push(w);
      },
      listSamples: async () => stored,
      logger: mockServices.logger.mock(),
    });
    const deliver = async (samples: NodeSample[], final = false) => {
      stored.push(...samples);
      await watch.observe('run-1', samples, final);
    };
    return { warnings, deliver };
  };

  it('warns as soon as a worker has been busy for 20 s, then names the whole streak once it ends', async () => {
    const { warnings, deliver } = setup();
    const warnedAt: number[] = [];
    for (let t = 0; t <= 50; t += 5) {
      const busy = t >= 5 && t <= 40;
      await deliver([s('master', t, 100), s('worker-2', t, busy ? 96 : 30)]);
      warnedAt.push(warnings.length);
    }
    // the first warning with the snapshot that made 20 s (t = 25), the second once it ended
    expect(warnedAt).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    expect(warnings.map(w => w.message)).toEqual([
      "worker-2's CPU stayed above 90 % for 20 s: the load generators, not the service, may be the limit — add workers",
      "worker-2's CPU stayed above 90 % for 35 s: the load generators, not the service, may be the limit — add workers",
    ]);
    expect(warnings[0].code).toBe('generator-cpu');
    expect(warnings[0].at).toBe(new Date(T0 + 5000).toISOString());
    // the final snapshot changes nothing the stored samples do not
    await deliver([s('master', 55, 2), s('worker-2', 55, 2)], true);
    expect(warnings).toHaveLength(2);
  });

  it('decides from the stored samples at the final snapshot, whatever the order of deliveries', async () => {
    const { warnings, deliver } = setup();
    // deliveries out of order: none of them alone shows a streak
    for (const t of [30, 0, 20, 10, 25, 5, 15])
      await deliver([s('master', t, 99)]);
    await deliver([s('master', 35, 99)], true);
    expect(warnings.at(-1)?.message).toMatch(
      /^master's CPU stayed above 90 % for 35 s/,
    );
  });

  it('stays quiet while generators have headroom', async () => {
    const { warnings, deliver } = setup();
    for (let t = 0; t <= 60; t += 5) await deliver([s('worker-1', t, 85)]);
    await deliver([s('worker-1', 65, 85)], true);
    expect(warnings).toEqual([]);
  });
});
