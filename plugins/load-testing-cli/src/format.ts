import {
  EndpointStats,
  RunTotals,
  describeCheck,
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

/** A verdict check in words; the JUnit writer in -common uses the same text. */
export { describeCheck };
