import { Run, isTerminalStatus } from '@internal/plugin-load-testing-common';
import { clock, count, ms, rps } from './format';

/** Seconds the run has been under load, and how long it plans to be. */
function timing(run: Run, now: number) {
  const start = run.loadStartedAt ?? run.startedAt;
  const elapsed = start
    ? ((run.finishedAt ? Date.parse(run.finishedAt) : now) -
        Date.parse(start)) /
      1000
    : undefined;
  const end = run.shape?.endsAfterSeconds;
  const planned =
    end !== undefined
      ? Math.min(end, run.parameters.duration)
      : run.parameters.duration;
  return { elapsed, planned };
}

/** `0:27/1:00 running · users 20 · RPS 142.3 · p95 120 ms · 3,812 requests` */
export function statusLine(run: Run, now = Date.now()): string {
  const { elapsed, planned } = timing(run, now);
  return [
    `${clock(elapsed)}/${clock(planned)} ${run.status}`,
    `RPS ${rps(run.rps)}`,
    `p95 ${ms(run.p95Ms)}`,
    `${count(run.requests ?? 0)} requests`,
  ].join(' · ');
}

/** A bar of `width` cells for a fraction. */
export function bar(fraction: number, width = 24): string {
  const full = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}]`;
}

/**
 * Shows a run's progress: on a terminal one line redrawn in place with a bar, elsewhere
 * (CI logs) a line every `everyMs`.
 */
export class Progress {
  private lastPrinted = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly everyMs = 10_000,
  ) {}

  update(run: Run, now = Date.now()) {
    const line = statusLine(run, now);
    if (this.out.isTTY) {
      const { elapsed, planned } = timing(run, now);
      const fraction = isTerminalStatus(run.status)
        ? 1
        : (elapsed ?? 0) / Math.max(1, planned);
      this.out.write(`\r\u001b[2K${bar(fraction)} ${line}`);
      return;
    }
    if (
      now - this.lastPrinted >= this.everyMs ||
      isTerminalStatus(run.status)
    ) {
      this.lastPrinted = now;
      this.out.write(`${line}\n`);
    }
  }

  done() {
    if (this.out.isTTY) this.out.write('\n');
  }
}
