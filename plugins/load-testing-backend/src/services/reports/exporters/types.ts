import {
  Run,
  RunError,
  RunException,
  RunReport,
  RunSeries,
  RunTotals,
} from '@internal/plugin-load-testing-common';

/** What the team wrote about a run, as far as an export shows it. */
export type ExportReport = Pick<
  RunReport,
  | 'status'
  | 'tags'
  | 'archived'
  | 'conclusions'
  | 'conclusionHistory'
  | 'issues'
>;

/** Everything an export of a finished run is made from. */
export interface ExportInput {
  run: Run;
  /** Final figures per endpoint, Aggregated in `total`; null when the run made no request. */
  totals: RunTotals | null;
  /** The whole run, at most 500 points, with p50, p95 and p99. */
  series: RunSeries;
  errors: RunError[];
  exceptions: RunException[];
  /** Absent when nobody has written a report yet. */
  report?: ExportReport;
  /** The run's page in the portal. */
  runUrl: string;
  /** When the export was made, ISO 8601. */
  exportedAt: string;
}

/** Seconds the run lasted: Locust's own run time when known, else its start to its end. */
export function runSeconds(input: Pick<ExportInput, 'run' | 'totals'>): number {
  if (input.totals) return input.totals.durationSeconds;
  const { startedAt, finishedAt } = input.run;
  if (!startedAt || !finishedAt) return 0;
  return Math.max(0, (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000);
}
