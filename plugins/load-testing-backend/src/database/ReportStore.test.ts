import { KnexStore } from './KnexStore';
import { ReportStore } from './ReportStore';
import { storeTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const { databases, ids } = storeTestDatabases();

const RUN = '00000000-0000-4000-8000-000000000201';
const OTHER = '00000000-0000-4000-8000-000000000202';

describe.each(ids)('ReportStore on %s', databaseId => {
  let reports: ReportStore;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    await KnexStore.migrate(knex);
    reports = new ReportStore(knex);
  });

  it('reads an empty report of a run nobody wrote about', async () => {
    expect(await reports.get(RUN)).toEqual({
      runId: RUN,
      tags: [],
      archived: false,
      conclusions: [],
      issues: [],
      status: undefined,
      statusSetBy: undefined,
      statusSetAt: undefined,
      updatedBy: undefined,
      updatedAt: undefined,
    });
  });

  it('keeps every version of the conclusions, newest first', async () => {
    await reports.addConclusions(RUN, {
      body: 'first',
      author: 'user:default/ann',
      createdAt: '2026-12-01T10:00:00.000Z',
    });
    await reports.addConclusions(RUN, {
      body: '- second\n- with a list',
      author: 'user:default/bob',
      createdAt: '2026-12-01T10:05:00.000Z',
    });
    const r = await reports.get(RUN);
    expect(r.conclusions.map(c => [c.body, c.author])).toEqual([
      ['- second\n- with a list', 'user:default/bob'],
      ['first', 'user:default/ann'],
    ]);
    expect(r.updatedBy).toBe('user:default/bob');
    expect(r.updatedAt).toBe('2026-12-01T10:05:00.000Z');
    expect((await reports.get(OTHER)).conclusions).toEqual([]);
  });

  it('sets, keeps and clears the status with who set it', async () => {
    await reports.update(
      RUN,
      { status: 'regression' },
      'user:default/ann',
      '2026-12-01T11:00:00.000Z',
    );
    // a later change of other fields leaves the status and its author alone
    await reports.update(
      RUN,
      { tags: ['release:2.4', 'db/pool'], archived: true },
      'user:default/bob',
      '2026-12-01T11:05:00.000Z',
    );
    let r = await reports.get(RUN);
    expect(r).toMatchObject({
      status: 'regression',
      statusSetBy: 'user:default/ann',
      statusSetAt: '2026-12-01T11:00:00.000Z',
      tags: ['release:2.4', 'db/pool'],
      archived: true,
      updatedBy: 'user:default/bob',
    });
    // conclusions were kept through the updates
    expect(r.conclusions).toHaveLength(2);
    await reports.update(
      RUN,
      { status: null, archived: false },
      'user:default/ann',
      '2026-12-01T11:10:00.000Z',
    );
    r = await reports.get(RUN);
    expect(r.status).toBeUndefined();
    expect(r.statusSetBy).toBeUndefined();
    expect(r.archived).toBe(false);
    expect(r.tags).toEqual(['release:2.4', 'db/pool']);
  });

  it('adds and removes linked issues of one run only', async () => {
    await reports.addIssue(RUN, {
      id: '00000000-0000-4000-8000-0000000003a1',
      url: 'https://github.com/example/shop-api/issues/7',
      title: 'p95 doubled on /cart',
      addedBy: 'user:default/ann',
      addedAt: '2026-12-01T12:00:00.000Z',
    });
    await reports.addIssue(RUN, {
      id: '00000000-0000-4000-8000-0000000003a2',
      url: 'https://jira.example.com/browse/SHOP-1',
      title: 'Pool exhausted',
      addedBy: 'user:default/bob',
      addedAt: '2026-12-01T12:01:00.000Z',
    });
    expect(await reports.countIssues(RUN)).toBe(2);
    // an issue id of another run does not remove anything
    expect(
      await reports.removeIssue(
        OTHER,
        '00000000-0000-4000-8000-0000000003a1',
        'x',
        '2026-12-01T12:02:00.000Z',
      ),
    ).toBe(false);
    expect(
      await reports.removeIssue(
        RUN,
        '00000000-0000-4000-8000-0000000003a1',
        'user:default/ann',
        '2026-12-01T12:03:00.000Z',
      ),
    ).toBe(true);
    const r = await reports.get(RUN);
    expect(r.issues).toEqual([
      {
        id: '00000000-0000-4000-8000-0000000003a2',
        url: 'https://jira.example.com/browse/SHOP-1',
        title: 'Pool exhausted',
        addedBy: 'user:default/bob',
        addedAt: '2026-12-01T12:01:00.000Z',
      },
    ]);
  });

  it('summarizes the status and conclusions of a page of runs', async () => {
    await reports.update(
      OTHER,
      { status: 'accepted' },
      'user:default/ann',
      '2026-12-01T13:00:00.000Z',
    );
    await reports.update(
      RUN,
      { status: 'investigating' },
      'user:default/ann',
      '2026-12-01T13:00:00.000Z',
    );
    const s = await reports.summaries([RUN, OTHER, 'none']);
    expect(s.get(RUN)).toEqual({
      status: 'investigating',
      hasConclusions: true,
    });
    expect(s.get(OTHER)).toEqual({ status: 'accepted', hasConclusions: false });
    expect(s.has('none')).toBe(false);
  });

  it('deletes everything of a report', async () => {
    await reports.delete(RUN);
    const r = await reports.get(RUN);
    expect(r.conclusions).toEqual([]);
    expect(r.issues).toEqual([]);
    expect(r.status).toBeUndefined();
  });
});
