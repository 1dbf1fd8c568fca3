import { LoggerService } from '@backstage/backend-plugin-api';
import { RunWarning } from '@internal/plugin-load-testing-common';
import { NodeSample } from '../../database/ResourceStore';

/** The code of the warning a busy load generator adds to its run. */
export const GENERATOR_CPU_WARNING = 'generator-cpu';

/** When a generator counts as busy: CPU at or above `percent` for `seconds` or more. */
export interface CpuWarningRule {
  percent: number;
  seconds: number;
}

export const DEFAULT_CPU_WARNING_RULE: CpuWarningRule = {
  percent: 90,
  seconds: 20,
};

/** A node's longest run of consecutive samples at or above the rule's CPU. */
export interface CpuStreak {
  node: string;
  /** epoch ms of its first and last sample */
  from: number;
  to: number;
}

const streakMs = (s: CpuStreak) => s.to - s.from;

/**
 * The longest streak of any generator that lasted at least the rule's seconds. Only
 * workers generate load in a distributed run; a master alone generates it itself.
 */
export function longestCpuStreak(
  samples: NodeSample[],
  rule: CpuWarningRule,
): CpuStreak | undefined {
  const distributed = samples.some(s => s.node !== 'master');
  const open = new Map<string, CpuStreak>();
  let best: CpuStreak | undefined;
  const sorted = [...samples].sort((a, b) => a.ts - b.ts);
  for (const s of sorted) {
    if (distributed && s.node === 'master') continue;
    if (s.cpuPercent >= rule.percent) {
      const streak = open.get(s.node) ?? { node: s.node, from: s.ts, to: s.ts };
      streak.to = s.ts;
      open.set(s.node, streak);
      if (!best || streakMs(streak) > streakMs(best)) best = { ...streak };
    } else {
      open.delete(s.node);
    }
  }
  return best && streakMs(best) >= rule.seconds * 1000 ? best : undefined;
}

export function cpuWarning(
  streak: CpuStreak,
  rule: CpuWarningRule,
): RunWarning {
  const seconds = Math.round(streakMs(streak) / 1000);
  return {
    code: GENERATOR_CPU_WARNING,
    message: `${streak.node}'s CPU stayed above ${rule.percent} % for ${seconds} s: the load generators, not the service, may be the limit — add workers`,
    at: new Date(streak.from).toISOString(),
  };
}

interface RunWatch {
  samples: NodeSample[];
  /** Workers reported: the master's own CPU no longer counts. */
  distributed?: boolean;
  /** Duration (ms) of the streak the stored warning names, when one was stored. */
  warnedMs?: number;
}

/**
 * Watches the generators' CPU as snapshots arrive and puts the `generator-cpu` warning on
 * a run as soon as a streak is long enough, naming its full length once it ends; at the
 * final snapshot the stored samples decide, whatever order deliveries came in.
 */
export class GeneratorCpuWatch {
  private readonly runs = new Map<string, RunWatch>();

  constructor(
    private readonly deps: {
      rule: CpuWarningRule;
      /** Puts the warning of its code on the run, replacing an older one. */
      putWarning: (runId: string, warning: RunWarning) => Promise<void>;
      /** A run's stored samples, for the final decision. */
      listSamples: (runId: string) => Promise<NodeSample[]>;
      logger: LoggerService;
    },
  ) {}

  async observe(
    runId: string,
    samples: NodeSample[],
    final: boolean,
  ): Promise<void> {
    const { rule } = this.deps;
    let watch = this.runs.get(runId);
    if (!watch) {
      watch = { samples: [] };
      this.runs.set(runId, watch);
    }
    if (final) {
      this.runs.delete(runId);
      const streak = longestCpuStreak(await this.deps.listSamples(runId), rule);
      if (streak && streakMs(streak) !== watch.warnedMs)
        await this.deps.putWarning(runId, cpuWarning(streak, rule));
      return;
    }
    if (!watch.distributed && samples.some(s => s.node !== 'master')) {
      watch.distributed = true;
      watch.samples = watch.samples.filter(s => s.node !== 'master');
    }
    // only what can still extend a streak is kept: each node's trailing busy samples
    watch.samples.push(
      ...(watch.distributed
        ? samples.filter(s => s.node !== 'master')
        : samples),
    );
    const streak = longestCpuStreak(watch.samples, rule);
    watch.samples = trailingBusy(watch.samples, rule);
    const ongoing = longestCpuStreak(watch.samples, { ...rule, seconds: 0 });
    // first crossing: at once; later, when the streak that grew has ended
    const grew = streak && streakMs(streak) > (watch.warnedMs ?? -1);
    const ended = !ongoing || streakMs(ongoing) < streakMs(streak ?? ongoing);
    if (streak && grew && (watch.warnedMs === undefined || ended)) {
      watch.warnedMs = streakMs(streak);
      await this.deps.putWarning(runId, cpuWarning(streak, rule));
    }
  }

  forget(runId: string) {
    this.runs.delete(runId);
  }
}

/** Each node's samples since its last sample below the rule's CPU. */
function trailingBusy(
  samples: NodeSample[],
  rule: CpuWarningRule,
): NodeSample[] {
  const quietAt = new Map<string, number>();
  for (const s of samples)
    if (s.cpuPercent < rule.percent)
      quietAt.set(s.node, Math.max(quietAt.get(s.node) ?? -Infinity, s.ts));
  return samples.filter(
    s =>
      s.cpuPercent >= rule.percent && s.ts > (quietAt.get(s.node) ?? -Infinity),
  );
}
