import { FieldError } from './types';

/** What the team made of a finished run. @public */
export type ReportStatus =
  'accepted' | 'regression' | 'investigating' | 'invalid';

/** @public */
export const REPORT_STATUSES: ReadonlyArray<ReportStatus> = [
  'accepted',
  'regression',
  'investigating',
  'invalid',
];

/** How many tags a report may carry, and what one looks like. @public */
export const REPORT_TAG_LIMITS = {
  maxTags: 20,
  pattern: /^[A-Za-z0-9._:/-]{1,40}$/,
} as const;

/** Longest conclusions, in UTF-8 bytes (100 kB). @public */
export const MAX_CONCLUSIONS_BYTES = 100_000;

/** Longest title of a linked issue. @public */
export const MAX_ISSUE_TITLE_LENGTH = 300;

/** Longest URL of a linked issue. @public */
export const MAX_ISSUE_URL_LENGTH = 2000;

/** One version of a report's conclusions. @public */
export interface ReportConclusions {
  /** Markdown. */
  body: string;
  author: string;
  createdAt: string;
}

/** An issue filed because of a run. @public */
export interface ReportIssue {
  id: string;
  url: string;
  title: string;
  addedBy: string;
  addedAt: string;
}

/** A link that opens a new issue prefilled with the run's summary. @public */
export interface FileIssueLink {
  kind: 'github' | 'jira';
  url: string;
}

/** GET /runs/:id/report: the report of a run (empty until someone writes to it). @public */
export interface RunReport {
  runId: string;
  status?: ReportStatus;
  statusSetBy?: string;
  statusSetAt?: string;
  tags: string[];
  /** Kept past the retention of runs. */
  archived: boolean;
  /** The newest version. */
  conclusions?: ReportConclusions;
  /** Every version, newest first (the first is `conclusions`). */
  conclusionHistory: ReportConclusions[];
  issues: ReportIssue[];
  fileIssueLinks: FileIssueLink[];
}

/** PATCH /runs/:id/report; `status: null` clears the status. @public */
export interface ReportPatch {
  status?: ReportStatus | null;
  tags?: string[];
  archived?: boolean;
}

/** The problems of a list of tags, each naming its place; none when valid. @public */
export function checkReportTags(tags: unknown, field = 'tags'): FieldError[] {
  if (!Array.isArray(tags)) return [{ field, message: 'must be a list' }];
  const errors: FieldError[] = [];
  if (tags.length > REPORT_TAG_LIMITS.maxTags)
    errors.push({
      field,
      message: `may hold at most ${REPORT_TAG_LIMITS.maxTags} tags`,
    });
  tags.forEach((tag, i) => {
    if (typeof tag !== 'string' || !REPORT_TAG_LIMITS.pattern.test(tag))
      errors.push({
        field: `${field}.${i}`,
        message: 'must be 1 to 40 characters of letters, digits and . _ : / -',
      });
  });
  return errors;
}

/** Whether a linked issue's URL is one the report may hold: http or https only. @public */
export function checkIssueUrl(url: unknown, field = 'url'): FieldError[] {
  if (typeof url !== 'string' || url.length === 0)
    return [{ field, message: 'is required' }];
  if (url.length > MAX_ISSUE_URL_LENGTH)
    return [
      { field, message: `must be at most ${MAX_ISSUE_URL_LENGTH} characters` },
    ];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ field, message: 'must be an absolute http or https URL' }];
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return [{ field, message: 'must be an http or https URL' }];
  return [];
}
