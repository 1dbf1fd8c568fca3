import {
  EndpointStats,
  RunTotals,
  VerdictCheck,
} from '@internal/plugin-load-testing-common';

export const count = (n: number | undefined) =>
  n === undefined ? '—' : Math.round(n).toLocaleString('en-US');

export const ms = (n: number | undefined) =>
  n === undefined ? '—' : `${n < 10 ? Number(n.toFixed(1)) : Math.round(n)} ms`;

export const rps = (n: number | undefined) =>
  n === undefined ? '—' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)}/s`;

export const ratio = (n: number | undefined) =>
  n === undefined ? '—' : `${Number((n * 100).toFixed(2))} %`;

/** `1:05` */
export function clock(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Rows as text columns, the numbers right-aligned. */
export function table(
  header: string[],
  rows: string[][],
  right: boolean[],
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => r[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}

/** The endpoint table of a run, Aggregated last. */
export function endpointTable(totals: RunTotals): string {
  const row = (e: EndpointStats) => [
    e.method,
    e.name,
    count(e.requests),
    count(e.failures),
    ms(e.averageMs),
    ms(e.percentiles.p50),
    ms(e.percentiles.p95),
    ms(e.percentiles.p99),
    rps(e.rps),
  ];
  return table(
    [
      'Method',
      'Name',
      'Requests',
      'Failures',
      'Avg',
      'p50',
      'p95',
      'p99',
      'RPS',
    ],
    [...totals.endpoints.map(row), row(totals.total)],
    [false, false, true, true, true, true, true, true, true],
  );
}

const LABELS: Record<string, string> = {
  failureRatio: 'failures',
  rps: 'RPS',
  requests: 'requests',
  exceptions: 'exceptions',
  exitCode: 'Locust exit code',
};

function value(metric: string, v: number | null): string {
  if (v === null) return 'no data';
  if (metric === 'failureRatio') return ratio(v);
  if (metric === 'rps') return rps(v);
  if (['requests', 'exceptions', 'exitCode'].includes(metric)) return count(v);
  return ms(v);
}

/**
 * `p95 120 ms ≤ 300 ms` for a check that held, `p95 420 ms > 300 ms` for one that did not,
 * `exceptions 0`.
 */
export function describeCheck(c: VerdictCheck): string {
  const name = LABELS[c.metric] ?? c.metric;
  if (c.metric === 'exceptions' || c.metric === 'exitCode')
    return `${name} ${value(c.metric, c.actual)}`;
  let op = c.comparator === '<=' ? '≤' : '≥';
  if (!c.passed && c.actual !== null) op = c.comparator === '<=' ? '>' : '<';
  return `${name} ${value(c.metric, c.actual)} ${op} ${value(c.metric, c.threshold)}`;
}
