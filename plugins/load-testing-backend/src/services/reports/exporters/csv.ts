import {
  EndpointStats,
  REPORTED_PERCENTILES,
  RunTotals,
} from '@internal/plugin-load-testing-common';

/** The percentile columns of Locust's `_stats.csv`, in its order (REPORTED_PERCENTILES). */
export const LOCUST_PERCENTILE_COLUMNS = [
  '50%',
  '66%',
  '75%',
  '80%',
  '90%',
  '95%',
  '98%',
  '99%',
  '99.9%',
  '99.99%',
  '100%',
];

/** Locust's `_stats.csv` header, in its order. */
export const LOCUST_STATS_COLUMNS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...LOCUST_PERCENTILE_COLUMNS,
];

/**
 * A float as Python's `repr` writes it (what the csv module writes): the shortest
 * digits that read back the same, `.0` on whole numbers, exponents outside 1e-4..1e16.
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, e] = x.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 16)
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const fixed = String(x);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** A field as Python's csv writer quotes it (QUOTE_MINIMAL). */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Python's string order: by code point, as Locust sorts its (name, method) keys. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, c => c.codePointAt(0)!);
  const y = Array.from(b, c => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * One row the way Locust's `StatsCSV._requests_data_rows` writes a StatsEntry: the median
 * is the p50 bucket held between min and max (the times themselves, not buckets),
 * averages and rates are floats, percentiles whole buckets or N/A without requests.
 */
function row(e: EndpointStats, method: string): string[] {
  const none = e.requests === 0;
  const p50 = e.percentiles.p50 ?? 0;
  let median: string;
  if (none) median = '0';
  else if (p50 > e.maxMs) median = pyFloat(e.maxMs);
  else if (p50 < e.minMs) median = pyFloat(e.minMs);
  else median = String(Math.trunc(p50));
  return [
    method,
    e.name,
    String(e.requests),
    String(e.failures),
    median,
    pyFloat(e.averageMs),
    none || !e.minMs ? '0' : pyFloat(e.minMs),
    none ? '0' : pyFloat(e.maxMs),
    none ? '0' : pyFloat(e.averageContentLength),
    pyFloat(e.rps),
    pyFloat(e.failuresPerSecond),
    ...REPORTED_PERCENTILES.map(p =>
      none ? 'N/A' : String(Math.trunc(e.percentiles[p] ?? 0)),
    ),
  ];
}

/**
 * The run's endpoint table as Locust's own `--csv` statistics (`_stats.csv`): its columns,
 * rows sorted by name then method, `Aggregated` last, CRLF line ends.
 */
export function statsCsv(totals: RunTotals | null): string {
  const endpoints = [...(totals?.endpoints ?? [])].sort(
    (a, b) => byCodePoint(a.name, b.name) || byCodePoint(a.method, b.method),
  );
  const rows = [LOCUST_STATS_COLUMNS];
  for (const e of endpoints) rows.push(row(e, e.method));
  if (totals) rows.push(row({ ...totals.total, name: 'Aggregated' }, ''));
  return rows.map(r => `${r.map(field).join(',')}\r\n`).join('');
}
