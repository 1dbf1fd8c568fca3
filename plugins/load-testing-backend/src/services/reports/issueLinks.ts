import { Entity, parseEntityRef } from '@backstage/catalog-model';
import { FileIssueLink, Run } from '@internal/plugin-load-testing-common';

/** The GitHub repository of an entity, `owner/name`. */
export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
/** The Jira project of an entity: its key, or its numeric id. */
export const JIRA_PROJECT_ANNOTATION = 'jira/project-key';

/** Where new issues of a Jira can be filed. */
export interface JiraSettings {
  /** e.g. `https://jira.example.com` */
  baseUrl: string;
  /** Numeric project ids by project key: Jira's create screen takes the id (`pid`). */
  projectIds: Record<string, number>;
  /** Numeric issue type preselected on the create screen. */
  issueTypeId?: number;
}

// a GitHub owner or repository name: letters, digits, . _ -
const SLUG = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;
// how long a prefilled URL may grow before browsers or servers refuse it
const MAX_BODY_CHARS = 6000;

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || n === null ? '–' : n.toFixed(digits);
}

/** The page of the run in the portal: the entity's Load Tests tab, its run. */
export function runPageUrl(appBaseUrl: string, run: Run): string {
  const ref = parseEntityRef(run.entityRef);
  const part = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
  return `${appBaseUrl.replace(/\/+$/, '')}/catalog/${part(ref.namespace)}/${part(
    ref.kind,
  )}/${encodeURIComponent(ref.name)}/load-tests/runs/${encodeURIComponent(
    run.id,
  )}`;
}

/** A one-line title for an issue about the run. */
export function issueTitle(run: Run): string {
  const verdict = run.verdict ? run.verdict.toUpperCase() : run.status;
  return `Load test ${run.scenarioName}: ${verdict} (${new Date(run.createdAt)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ')} UTC)`;
}

/**
 * The run's summary as markdown: scenario, verdict and its reasons, key figures,
 * parameters (environment variable names only: their values may be secrets), the link back.
 */
export function issueBody(run: Run, runUrl: string): string {
  const p = run.parameters;
  const lines = [
    `Load test run of scenario **${run.scenarioName}** on \`${run.entityRef}\`.`,
    '',
    `- Verdict: **${run.verdict ?? 'none'}** (run ${run.status})`,
  ];
  for (const reason of run.verdictDetails?.reasons ?? [])
    lines.push(`  - ${reason}`);
  lines.push(
    `- RPS: ${fmt(run.rps)}`,
    `- p95: ${fmt(run.p95Ms, 0)} ms`,
    `- Failure ratio: ${
      run.failureRatio === undefined
        ? '–'
        : `${(run.failureRatio * 100).toFixed(2)} %`
    }`,
    `- Requests: ${run.requests ?? '–'}`,
    '',
    'Parameters:',
    '',
    `- Users: ${p.users}, spawn rate ${p.spawnRate}/s, duration ${p.duration} s`,
    `- Workers: ${p.workers}, executor ${p.executor}${
      p.cluster ? ` (cluster ${p.cluster})` : ''
    }${p.engine ? `, engine ${p.engine}` : ''}`,
    `- Host: ${p.host}`,
  );
  if (p.stages?.length)
    lines.push(
      `- Stages: ${p.stages
        .map(s => `${s.users} users until ${s.duration} s`)
        .join('; ')}`,
    );
  if (p.tags?.length) lines.push(`- Locust tags: ${p.tags.join(', ')}`);
  if (p.env && Object.keys(p.env).length)
    lines.push(`- Environment: ${Object.keys(p.env).join(', ')}`);
  if (run.scriptVersion) lines.push(`- Script version: ${run.scriptVersion}`);
  let body = lines.join('\n');
  if (body.length > MAX_BODY_CHARS) body = `${body.slice(0, MAX_BODY_CHARS)}…`;
  return `${body}\n\nRun: ${runUrl}\n`;
}

function jiraProjectId(value: string, jira: JiraSettings): number | undefined {
  if (/^\d{1,18}$/.test(value)) return Number(value);
  return jira.projectIds[value];
}

/**
 * Links that open a new issue prefilled with the run's summary: GitHub's `issues/new`
 * when the entity names its repository, Jira's create screen when it names a project
 * whose id is known and a Jira is configured.
 */
export function fileIssueLinks(options: {
  run: Run;
  entity?: Entity;
  appBaseUrl: string;
  jira?: JiraSettings;
}): FileIssueLink[] {
  const { run, entity, jira } = options;
  const annotations = entity?.metadata.annotations ?? {};
  const runUrl = runPageUrl(options.appBaseUrl, run);
  const title = issueTitle(run);
  const body = issueBody(run, runUrl);
  const links: FileIssueLink[] = [];
  const slug = annotations[GITHUB_SLUG_ANNOTATION]?.trim();
  if (slug && SLUG.test(slug)) {
    const q = new URLSearchParams({ title, body });
    links.push({
      kind: 'github',
      url: `https://github.com/${slug}/issues/new?${q}`,
    });
  }
  const project = annotations[JIRA_PROJECT_ANNOTATION]?.trim();
  const pid = project && jira ? jiraProjectId(project, jira) : undefined;
  if (jira && pid !== undefined) {
    const q = new URLSearchParams({ pid: String(pid) });
    if (jira.issueTypeId !== undefined)
      q.set('issuetype', String(jira.issueTypeId));
    q.set('summary', title);
    q.set('description', body);
    links.push({
      kind: 'jira',
      url: `${jira.baseUrl.replace(
        /\/+$/,
        '',
      )}/secure/CreateIssueDetails!init.jspa?${q}`,
    });
  }
  return links;
}
