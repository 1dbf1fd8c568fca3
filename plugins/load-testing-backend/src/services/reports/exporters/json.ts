import { ExportInput, runSeconds } from './types';

/** Identifies the document and its shape, for whoever reads exports later. */
export const RUN_EXPORT_FORMAT = 'load-testing.run-export/v1';

/**
 * The run as one JSON document: what it ran with (parameters, thresholds, script and its
 * version), how it ended (status, verdict with checks), its figures, errors and series,
 * and the team's report when there is one.
 */
export function runJson(input: ExportInput): string {
  const { run, totals, series, errors, exceptions, report } = input;
  const doc = {
    format: RUN_EXPORT_FORMAT,
    exportedAt: input.exportedAt,
    url: input.runUrl,
    run: {
      id: run.id,
      entityRef: run.entityRef,
      scenarioId: run.scenarioId,
      scenarioName: run.scenarioName,
      status: run.status,
      statusReason: run.statusReason,
      createdBy: run.createdBy,
      createdAt: run.createdAt,
      startedAt: run.startedAt,
      loadStartedAt: run.loadStartedAt,
      finishedAt: run.finishedAt,
      durationSeconds: runSeconds(input),
      executor: run.executor,
      exitCode: run.exitCode,
      parameters: run.parameters,
      thresholds: run.thresholds,
      scriptVersion: run.scriptVersion,
      script: run.script,
      kubernetes: run.kubernetes,
      shape: run.shape,
      warnings: run.warnings ?? [],
      baselineRunId: run.baselineRunId,
    },
    verdict: run.verdictDetails ?? null,
    totals,
    errors,
    exceptions,
    report: report ?? null,
    series: {
      from: series.from,
      to: series.to,
      resolutionSeconds: series.resolutionSeconds,
      percentiles: series.percentiles,
      points: series.points,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
