import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  FieldError,
  MAX_CONCLUSIONS_BYTES,
  MAX_ISSUE_TITLE_LENGTH,
  REPORT_STATUSES,
  ReportPatch,
  ReportStatus,
  RunReport,
  checkIssueUrl,
  checkReportTags,
  isTerminalStatus,
  loadTestingReadPermission,
  loadTestingReportUpdatePermission,
} from '@internal/plugin-load-testing-common';
import crypto from 'crypto';
import { ReportStore } from '../../database/ReportStore';
import { RunRow, Store } from '../../database/Store';
import { AccessControl } from '../access';
import { throwIfInvalid } from '../errors';
import { toRun } from '../RunService';
import { JiraSettings, fileIssueLinks } from './issueLinks';

/** How many issues one report may link. */
export const MAX_ISSUES_PER_REPORT = 100;

/** The report of a finished run: conclusions, status, linked issues, tags, archive. */
export class ReportService {
  constructor(
    private readonly deps: {
      store: Store;
      reports: ReportStore;
      access: AccessControl;
      catalog: CatalogService;
      logger: LoggerService;
      /** The portal's address, for links back to the run page. */
      appBaseUrl: string;
      jira?: JiraSettings;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Any run has a report; an unfinished or untouched one is empty. */
  async get(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunReport> {
    const run = await this.run(runId);
    await this.deps.access.require(
      credentials,
      loadTestingReadPermission,
      run.entityRef,
    );
    const row = await this.deps.reports.get(runId);
    const entity = await this.deps.catalog
      .getEntityByRef(run.entityRef, { credentials })
      .catch(e => {
        // the links are a convenience: a catalog hiccup must not hide the report
        this.deps.logger.warn(`Could not look up ${run.entityRef}: ${e}`);
        return undefined;
      });
    return {
      runId,
      status: row.status,
      statusSetBy: row.statusSetBy,
      statusSetAt: row.statusSetAt,
      tags: row.tags,
      archived: row.archived,
      conclusions: row.conclusions[0],
      conclusionHistory: row.conclusions,
      issues: row.issues,
      fileIssueLinks: isTerminalStatus(run.status)
        ? fileIssueLinks({
            run: toRun(run),
            entity,
            appBaseUrl: this.deps.appBaseUrl,
            jira: this.deps.jira,
          })
        : [],
    };
  }

  async update(
    runId: string,
    body: ReportPatch,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<RunReport> {
    const errors: FieldError[] = [];
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throwIfInvalid([{ field: 'body', message: 'must be an object' }]);
    const { status, tags, archived } = body;
    if (
      status !== undefined &&
      status !== null &&
      !REPORT_STATUSES.includes(status as ReportStatus)
    )
      errors.push({
        field: 'status',
        message: `must be one of ${REPORT_STATUSES.join(', ')}, or null`,
      });
    if (tags !== undefined) errors.push(...checkReportTags(tags));
    if (archived !== undefined && typeof archived !== 'boolean')
      errors.push({ field: 'archived', message: 'must be true or false' });
    if (status === undefined && tags === undefined && archived === undefined)
      errors.push({
        field: 'body',
        message: 'must change status, tags or archived',
      });
    throwIfInvalid(errors);
    await this.writable(runId, credentials);
    await this.deps.reports.update(
      runId,
      {
        status,
        // the same tag twice is one tag
        tags: tags === undefined ? undefined : [...new Set(tags)],
        archived,
      },
      userRef,
      this.now(),
    );
    return this.get(runId, credentials);
  }

  async addConclusions(
    runId: string,
    body: { body?: unknown },
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<RunReport> {
    const text = body?.body;
    if (typeof text !== 'string')
      throwIfInvalid([{ field: 'body', message: 'is required' }]);
    const bytes = Buffer.byteLength(text as string, 'utf8');
    if (bytes > MAX_CONCLUSIONS_BYTES)
      throwIfInvalid([
        {
          field: 'body',
          message: `is ${bytes} bytes; conclusions may be at most ${MAX_CONCLUSIONS_BYTES} bytes`,
        },
      ]);
    if ((text as string).includes('\u0000'))
      throwIfInvalid([
        { field: 'body', message: 'must not contain NUL characters' },
      ]);
    await this.writable(runId, credentials);
    await this.deps.reports.addConclusions(runId, {
      body: text as string,
      author: userRef,
      createdAt: this.now(),
    });
    return this.get(runId, credentials);
  }

  async addIssue(
    runId: string,
    body: { url?: unknown; title?: unknown },
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<RunReport> {
    const errors = checkIssueUrl(body?.url);
    const title = typeof body?.title === 'string' ? body.title.trim() : '';
    if (!title) errors.push({ field: 'title', message: 'is required' });
    else if (title.length > MAX_ISSUE_TITLE_LENGTH)
      errors.push({
        field: 'title',
        message: `must be at most ${MAX_ISSUE_TITLE_LENGTH} characters`,
      });
    throwIfInvalid(errors);
    await this.writable(runId, credentials);
    if ((await this.deps.reports.countIssues(runId)) >= MAX_ISSUES_PER_REPORT)
      throw new ConflictError(
        `A report links at most ${MAX_ISSUES_PER_REPORT} issues; remove one first`,
      );
    await this.deps.reports.addIssue(runId, {
      id: crypto.randomUUID(),
      url: body.url as string,
      title,
      addedBy: userRef,
      addedAt: this.now(),
    });
    return this.get(runId, credentials);
  }

  async removeIssue(
    runId: string,
    issueId: string,
    credentials: BackstageCredentials,
    userRef: string,
  ): Promise<RunReport> {
    await this.writable(runId, credentials);
    const removed = await this.deps.reports.removeIssue(
      runId,
      issueId,
      userRef,
      this.now(),
    );
    if (!removed)
      throw new NotFoundError(`Run ${runId} has no linked issue ${issueId}`);
    return this.get(runId, credentials);
  }

  private async run(runId: string): Promise<RunRow> {
    const run = await this.deps.store.getRun(runId);
    if (!run) throw new NotFoundError(`No run ${runId}`);
    return run;
  }

  /** The caller may write the report, and the run has ended. */
  private async writable(
    runId: string,
    credentials: BackstageCredentials,
  ): Promise<RunRow> {
    const run = await this.run(runId);
    await this.deps.access.require(
      credentials,
      loadTestingReportUpdatePermission,
      run.entityRef,
    );
    if (!isTerminalStatus(run.status))
      throw new ConflictError(
        `Run ${runId} is ${run.status}: its report can be written once it has finished`,
      );
    return run;
  }
}
