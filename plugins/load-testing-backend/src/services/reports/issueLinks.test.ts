import { Entity } from '@backstage/catalog-model';
import { Run } from '@internal/plugin-load-testing-common';
import { fileIssueLinks, issueBody, runPageUrl } from './issueLinks';

const run: Run = {
  id: 'r-1',
  scenarioId: 's-1',
  scenarioName: 'checkout',
  entityRef: 'component:Team-A/Shop-API',
  status: 'succeeded',
  verdict: 'fail',
  verdictDetails: {
    result: 'fail',
    checks: [],
    reasons: ['p95 412 ms is over 300 ms'],
  },
  createdBy: 'user:default/ann',
  createdAt: '2026-12-01T10:00:00.000Z',
  executor: 'local',
  rps: 41.26,
  p95Ms: 412,
  failureRatio: 0.0125,
  requests: 2475,
  parameters: {
    users: 20,
    spawnRate: 5,
    duration: 60,
    workers: 2,
    host: 'http://127.0.0.1:7070',
    executor: 'local',
    stages: [{ users: 20, spawnRate: 5, duration: 60 }],
  },
  thresholds: {},
  script: '',
};

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'Shop-API', namespace: 'Team-A', annotations },
});

describe('file-an-issue links', () => {
  it('links back to the run page with the kind and namespace as the catalog routes them', () => {
    expect(runPageUrl('https://portal.example.com/', run)).toBe(
      'https://portal.example.com/catalog/team-a/component/Shop-API/load-tests/runs/r-1',
    );
  });

  it('summarizes the verdict with its reasons, the figures and the parameters', () => {
    const body = issueBody(run, 'https://p/x');
    expect(body).toContain('Verdict: **fail**');
    expect(body).toContain('  - p95 412 ms is over 300 ms');
    expect(body).toContain('RPS: 41.3');
    expect(body).toContain('p95: 412 ms');
    expect(body).toContain('Failure ratio: 1.25 %');
    expect(body).toContain('Requests: 2475');
    expect(body).toContain('Workers: 2');
    expect(body).toContain('Stages: 20 users until 60 s');
    expect(body.endsWith('Run: https://p/x\n')).toBe(true);
  });

  it('offers no link without annotations, or with a slug that is not owner/name', () => {
    expect(
      fileIssueLinks({ run, entity: entity({}), appBaseUrl: 'https://p' }),
    ).toEqual([]);
    expect(
      fileIssueLinks({
        run,
        entity: entity({ 'github.com/project-slug': 'a/b/../../evil?x=' }),
        appBaseUrl: 'https://p',
      }),
    ).toEqual([]);
    expect(
      fileIssueLinks({ run, entity: undefined, appBaseUrl: 'https://p' }),
    ).toEqual([]);
  });

  it('offers Jira only with a base URL and a known project id', () => {
    const jira = {
      baseUrl: 'https://jira.example.com',
      projectIds: { SHOP: 7 },
    };
    const kinds = (annotations: Record<string, string>, j = jira) =>
      fileIssueLinks({
        run,
        entity: entity(annotations),
        appBaseUrl: 'https://p',
        jira: j,
      }).map(l => l.url.replace(/&.*/, ''));
    expect(kinds({ 'jira/project-key': 'SHOP' })).toEqual([
      'https://jira.example.com/secure/CreateIssueDetails!init.jspa?pid=7',
    ]);
    expect(kinds({ 'jira/project-key': '10042' })).toEqual([
      'https://jira.example.com/secure/CreateIssueDetails!init.jspa?pid=10042',
    ]);
    expect(kinds({ 'jira/project-key': 'OTHER' })).toEqual([]);
    expect(
      fileIssueLinks({
        run,
        entity: entity({ 'jira/project-key': 'SHOP' }),
        appBaseUrl: 'https://p',
      }),
    ).toEqual([]);
  });
});
