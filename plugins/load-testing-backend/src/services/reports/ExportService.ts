import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { isTerminalStatus } from '@internal/plugin-load-testing-common';
import { ReportStore } from '../../database/ReportStore';
import { ResultsService } from '../ResultsService';
import { RunService, toRun } from '../RunService';
import { throwIfInvalid } from '../errors';
import { statsCsv } from './exporters/csv';
import { runHtml } from './exporters/html';
import { runJson } from './exporters/json';
import { runJunit } from './exporters/junit';
import { ExportInput, ExportReport } from './exporters/types';
import { runPageUrl } from './issueLinks';

/** The formats a run exports to. */
export const EXPORT_FORMATS = ['html', 'csv', 'json', 'junit'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const WRITERS: Record<
  ExportFormat,
  { ext: string; contentType: string; write: (input: ExportInput) => string }
> = {
  html: {
    ext: 'html',
    contentType: 'text/html; charset=utf-8',
    write: runHtml,
  },
  csv: {
    ext: 'csv',
    contentType: 'text/csv; charset=utf-8',
    write: input => statsCsv(input.totals),
  },
  json: {
    ext: 'json',
    contentType: 'application/json; charset=utf-8',
    write: runJson,
  },
  junit: {
    ext: 'xml',
    contentType: 'application/xml; charset=utf-8',
    write: runJunit,
  },
};

/** Most points an export's series holds. */
export const EXPORT_SERIES_POINTS = 500;

/** An export, ready to send. */
export interface RunExport {
  fileName: string;
  contentType: string;
  body: string;
}

/** `shop checkout` started 2026-12-01 09:05 UTC, run 3f2a… → `shop-checkout-3f2a1b2c-20261201-0905` */
export function exportFileStem(run: {
  id: string;
  scenarioName: string;
  startedAt?: string;
  createdAt: string;
}): string {
  const slug =
    run.scenarioName
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60)
      .replace(/-+$/, '') || 'run';
  const at = new Date(run.startedAt ?? run.createdAt);
  const stamp = Number.isNaN(at.getTime())
    ? 'unknown'
    : at
        .toISOString()
        .replace(/^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3-$4$5');
  const id = run.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return `${slug}-${id}-${stamp}`;
}

/** Whether anyone wrote anything in a report. */
function hasContent(r: ExportReport): boolean {
  return Boolean(
    r.status || r.conclusions || r.issues.length || r.tags.length || r.archived,
  );
}

/** Exports of finished runs, for whoever may read the run. */
export class ExportService {
  constructor(
    private readonly deps: {
      runs: RunService;
      results: ResultsService;
      /** The report of a run, when the team wrote one. */
      report?: (
        runId: string,
        credentials: BackstageCredentials,
      ) => Promise<ExportReport | undefined>;
      /** The portal's address, for the link to the run's page. */
      appBaseUrl: string;
      now?: () => Date;
    },
  ) {}

  async export(
    runId: string,
    format: unknown,
    credentials: BackstageCredentials,
  ): Promise<RunExport> {
    if (!EXPORT_FORMATS.includes(format as ExportFormat))
      throwIfInvalid([
        {
          field: 'format',
          message: `must be one of ${EXPORT_FORMATS.join(', ')}`,
        },
      ]);
    const writer = WRITERS[format as ExportFormat];
    const row = await this.deps.runs.get(runId, credentials);
    if (!isTerminalStatus(row.status))
      throw new ConflictError(
        `Run ${runId} is ${row.status}: it can be exported once it has finished`,
      );
    const { results } = this.deps;
    const [totals, series, errors, report] = await Promise.all([
      results.endpoints(runId, {}, credentials),
      results.series(
        runId,
        { points: String(EXPORT_SERIES_POINTS), percentiles: 'p50,p95,p99' },
        credentials,
      ),
      results.errors(runId, credentials),
      this.deps.report?.(runId, credentials),
    ]);
    const run = toRun(row);
    const input: ExportInput = {
      run,
      totals,
      series,
      errors: errors.errors,
      exceptions: errors.exceptions,
      report: report && hasContent(report) ? report : undefined,
      runUrl: runPageUrl(this.deps.appBaseUrl, run),
      exportedAt: (this.deps.now?.() ?? new Date()).toISOString(),
    };
    return {
      fileName: `${exportFileStem(run)}.${writer.ext}`,
      contentType: writer.contentType,
      body: writer.write(input),
    };
  }
}

/** The report of a run as stored, for exports (whose caller may already read the run). */
export function storedReport(reports: ReportStore) {
  return async (runId: string): Promise<ExportReport> => {
    const row = await reports.get(runId);
    return {
      status: row.status,
      tags: row.tags,
      archived: row.archived,
      conclusions: row.conclusions[0],
      conclusionHistory: row.conclusions,
      issues: row.issues,
    };
  };
}
