import { RunSummaryRow } from '@internal/plugin-load-testing-common';

/** Placeholder for a figure that does not exist (yet). */
export const NONE = '—';

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Number(ms.toFixed(1))} ms`;
}

export function formatRps(rps: number | null | undefined): string {
  if (rps === null || rps === undefined || !Number.isFinite(rps)) return NONE;
  return `${rps >= 100 ? Math.round(rps) : Number(rps.toFixed(1))}/s`;
}

/** A ratio (0.012) as a percentage (1.2 %). */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio))
    return NONE;
  const pct = ratio * 100;
  if (pct === 0) return '0 %';
  if (pct < 0.01) return '< 0.01 %';
  return `${Number(pct.toFixed(pct < 1 ? 2 : 1))} %`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NONE;
  return Math.round(n).toLocaleString('en-US');
}

/** Seconds as `45 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
    return NONE;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60)
    return s % 60
      ? `${m} min ${String(s % 60).padStart(2, '0')} s`
      : `${m} min`;
  return m % 60
    ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
    : `${m / 60} h`;
}

/** A short wait to a tenth of a second (`4.2 s`); as formatSeconds from a minute on. */
export function formatSecondsPrecise(
  seconds: number | null | undefined,
): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds))
    return NONE;
  const s = Math.max(0, seconds);
  return s < 59.95 ? `${Number(s.toFixed(1))} s` : formatSeconds(s);
}

/** Seconds from `fromIso` to `toIso`; undefined when either is missing or invalid. */
export function secondsBetween(
  fromIso: string | undefined,
  toIso: string | undefined,
): number | undefined {
  if (!fromIso || !toIso) return undefined;
  const d = (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
  return Number.isFinite(d) ? d : undefined;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes))
    return NONE;
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return NONE;
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** `5 min ago`, `yesterday`… for recent times; a date beyond a week. */
export function formatRelative(
  iso: string | undefined,
  now = Date.now(),
): string {
  if (!iso) return NONE;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const abs = Math.abs(s);
  if (abs < 60) return rtf.format(s, 'second');
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  if (abs < 7 * 86400) return rtf.format(Math.round(s / 86400), 'day');
  return formatDateTime(iso);
}

/** `user:development/guest` → `guest`; service principals stay as they are. */
export function formatPrincipal(ref: string | undefined): string {
  if (!ref) return NONE;
  const m = /^user:(?:[^/]+\/)?(.+)$/.exec(ref);
  return m ? m[1] : ref;
}

/** Seconds a run has been going (live) or went (ended); undefined before it started. */
export function runElapsedSeconds(
  run: Pick<
    RunSummaryRow,
    'startedAt' | 'loadStartedAt' | 'finishedAt' | 'createdAt'
  >,
  now = Date.now(),
): number | undefined {
  // time under load counts from Locust's start of the test, once the monitor said
  const start = run.loadStartedAt ?? run.startedAt;
  if (!start) return undefined;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return Math.max(0, (end - Date.parse(start)) / 1000);
}
