import {
  ReportConclusions,
  ReportIssue,
  ReportStatus,
} from '@internal/plugin-load-testing-common';
import { Knex } from 'knex';

/** The report of a run as stored, without what is computed on reading. */
export interface ReportRow {
  runId: string;
  status?: ReportStatus;
  statusSetBy?: string;
  statusSetAt?: string;
  tags: string[];
  archived: boolean;
  updatedBy?: string;
  updatedAt?: string;
  /** Every version, newest first. */
  conclusions: ReportConclusions[];
  issues: ReportIssue[];
}

/** A change of a report's own fields; `status: null` clears it. */
export interface ReportFieldsPatch {
  status?: ReportStatus | null;
  tags?: string[];
  archived?: boolean;
}

function opt(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

function tagsOf(raw: unknown): string[] {
  try {
    const v = JSON.parse(String(raw ?? '[]'));
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Reports of runs: their fields, every version of their conclusions, linked issues. */
export class ReportStore {
  constructor(private readonly db: Knex) {}

  async get(runId: string): Promise<ReportRow> {
    const [r, conclusions, issues] = await Promise.all([
      this.db('lt_reports').where({ run_id: runId }).first(),
      this.db('lt_report_conclusions')
        .where({ run_id: runId })
        .orderBy('id', 'desc'),
      this.db('lt_report_issues')
        .where({ run_id: runId })
        .orderBy([
          { column: 'added_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]),
    ]);
    return {
      runId,
      status: opt(r?.status) as ReportStatus | undefined,
      statusSetBy: opt(r?.status_set_by),
      statusSetAt: opt(r?.status_set_at),
      tags: tagsOf(r?.tags),
      archived: Boolean(r?.archived),
      updatedBy: opt(r?.updated_by),
      updatedAt: opt(r?.updated_at),
      conclusions: conclusions.map(c => ({
        body: c.body,
        author: c.author,
        createdAt: c.created_at,
      })),
      issues: issues.map(i => ({
        id: i.id,
        url: i.url,
        title: i.title,
        addedBy: i.added_by,
        addedAt: i.added_at,
      })),
    };
  }

  /** Changes the report's own fields, creating its row on the first change. */
  async update(
    runId: string,
    patch: ReportFieldsPatch,
    by: string,
    at: string,
  ): Promise<void> {
    const cols: Record<string, unknown> = { updated_by: by, updated_at: at };
    if (patch.status !== undefined) {
      cols.status = patch.status;
      cols.status_set_by = patch.status === null ? null : by;
      cols.status_set_at = patch.status === null ? null : at;
    }
    if (patch.tags !== undefined) cols.tags = JSON.stringify(patch.tags);
    if (patch.archived !== undefined) cols.archived = patch.archived;
    await this.db('lt_reports')
      .insert({ run_id: runId, tags: '[]', archived: false, ...cols })
      .onConflict('run_id')
      .merge(Object.keys(cols));
  }

  /** Adds a version of the conclusions; earlier ones are kept. */
  async addConclusions(runId: string, c: ReportConclusions): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('lt_report_conclusions').insert({
        run_id: runId,
        body: c.body,
        author: c.author,
        created_at: c.createdAt,
      });
      await this.touch(tx, runId, c.author, c.createdAt);
    });
  }

  async addIssue(runId: string, issue: ReportIssue): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('lt_report_issues').insert({
        id: issue.id,
        run_id: runId,
        url: issue.url,
        title: issue.title,
        added_by: issue.addedBy,
        added_at: issue.addedAt,
      });
      await this.touch(tx, runId, issue.addedBy, issue.addedAt);
    });
  }

  /** Whether the run had that issue. */
  async removeIssue(
    runId: string,
    issueId: string,
    by: string,
    at: string,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const n = await tx('lt_report_issues')
        .where({ run_id: runId, id: issueId })
        .delete();
      if (Number(n) > 0) await this.touch(tx, runId, by, at);
      return Number(n) > 0;
    });
  }

  async countIssues(runId: string): Promise<number> {
    const [{ count }] = await this.db('lt_report_issues')
      .where({ run_id: runId })
      .count({ count: '*' });
    return Number(count);
  }

  /** Report statuses and whether conclusions exist, for a page of runs. */
  async summaries(
    runIds: string[],
  ): Promise<Map<string, { status?: ReportStatus; hasConclusions: boolean }>> {
    const out = new Map<
      string,
      { status?: ReportStatus; hasConclusions: boolean }
    >();
    if (runIds.length === 0) return out;
    const [reports, concluded] = await Promise.all([
      this.db('lt_reports')
        .whereIn('run_id', runIds)
        .whereNotNull('status')
        .select('run_id', 'status'),
      this.db('lt_report_conclusions')
        .whereIn('run_id', runIds)
        .distinct('run_id'),
    ]);
    for (const r of reports)
      out.set(r.run_id, { status: r.status, hasConclusions: false });
    for (const c of concluded) {
      const cur = out.get(c.run_id);
      out.set(c.run_id, { status: cur?.status, hasConclusions: true });
    }
    return out;
  }

  /** Removes everything of a run's report (when the run itself is deleted). */
  async delete(runId: string): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('lt_report_issues').where({ run_id: runId }).delete();
      await tx('lt_report_conclusions').where({ run_id: runId }).delete();
      await tx('lt_reports').where({ run_id: runId }).delete();
    });
  }

  private async touch(
    tx: Knex.Transaction,
    runId: string,
    by: string,
    at: string,
  ) {
    await tx('lt_reports')
      .insert({
        run_id: runId,
        tags: '[]',
        archived: false,
        updated_by: by,
        updated_at: at,
      })
      .onConflict('run_id')
      .merge(['updated_by', 'updated_at']);
  }
}
