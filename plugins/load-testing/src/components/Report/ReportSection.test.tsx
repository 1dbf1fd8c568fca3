import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ReportPatch, RunReport } from '@internal/plugin-load-testing-common';
import { loadTestingApiRef } from '../../api';
import {
  emptyReport,
  entity,
  finishedRun,
  lockedEntity,
  mockLoadTestingApi,
  permissionApi,
  run,
} from '../../__fixtures__';
import { rootRouteRef } from '../../routes';
import { RunPage } from '../RunPage';
import { ReportSection } from './ReportSection';

const allowed = { allowed: true, loading: false };
const denied = {
  allowed: false,
  loading: false,
  reason: "You don't have permission to write reports",
};

/** A backend that keeps one report in memory, the way the real one answers. */
function reportBackend(initial: Partial<RunReport> = {}) {
  let report: RunReport = { ...emptyReport(finishedRun.id), ...initial };
  let n = 0;
  const at = () => `2026-11-27T09:0${n++}:00.000Z`;
  return mockLoadTestingApi({
    getRun: jest.fn(async () => finishedRun),
    getReport: jest.fn(async () => report),
    updateReport: jest.fn(async (_id: string, patch: ReportPatch) => {
      if (patch.status !== undefined)
        report = {
          ...report,
          status: patch.status ?? undefined,
          statusSetBy: 'user:default/ann',
          statusSetAt: at(),
        };
      if (patch.tags) report = { ...report, tags: patch.tags };
      if (patch.archived !== undefined)
        report = { ...report, archived: patch.archived };
      return report;
    }),
    addReportConclusions: jest.fn(async (_id: string, body: string) => {
      const c = { body, author: 'user:default/ann', createdAt: at() };
      report = {
        ...report,
        conclusions: c,
        conclusionHistory: [c, ...report.conclusionHistory],
      };
      return report;
    }),
    addReportIssue: jest.fn(async (_id, issue) => {
      report = {
        ...report,
        issues: [
          ...report.issues,
          { id: `i${n}`, ...issue, addedBy: 'user:default/ann', addedAt: at() },
        ],
      };
      return report;
    }),
    removeReportIssue: jest.fn(async (_id, issueId) => {
      report = {
        ...report,
        issues: report.issues.filter(i => i.id !== issueId),
      };
      return report;
    }),
  });
}

async function render(api = reportBackend(), gate = allowed) {
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <ReportSection runId={finishedRun.id} gate={gate} />
    </TestApiProvider>,
  );
  await screen.findByTestId('report-section');
  return api;
}

describe('ReportSection', () => {
  it('saves conclusions as markdown versions and opens the earlier ones', async () => {
    const api = await render();
    expect(screen.getByText('No conclusions yet.')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Write conclusions' }));
    fireEvent.change(screen.getByTestId('conclusions-editor'), {
      target: { value: 'First look' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save conclusions' }));
    await screen.findByText('First look');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.change(screen.getByTestId('conclusions-editor'), {
      target: { value: '- p95 doubled\n- pool exhausted' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save conclusions' }));
    const shown = await screen.findByTestId('conclusions');
    // the list is rendered as markdown, not shown as text
    expect(
      within(shown)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['p95 doubled', 'pool exhausted']);
    expect(screen.getByTestId('conclusions-byline')).toHaveTextContent('ann');
    expect(api.addReportConclusions).toHaveBeenLastCalledWith(
      finishedRun.id,
      '- p95 doubled\n- pool exhausted',
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show 1 earlier version' }),
    );
    const versions = await screen.findAllByTestId('conclusions-version');
    expect(versions).toHaveLength(1);
    expect(versions[0]).toHaveTextContent('First look');
  });

  it('renders markdown without event handlers or script links', async () => {
    const c = {
      // eslint-disable-next-line no-script-url
      body: '[click](javascript:alert(1)) <img src="x" onerror="alert(2)"> **bold**',
      author: 'user:default/mallory',
      createdAt: '2026-11-27T09:00:00.000Z',
    };
    await render(reportBackend({ conclusions: c, conclusionHistory: [c] }));
    const shown = screen.getByTestId('conclusions');
    expect(within(shown).getByText('bold').tagName).toBe('STRONG');
    // raw HTML passes through the sanitizer: no event handlers survive
    expect(shown.querySelector('[onerror]')).toBeNull();
    const link = shown.querySelector('a');
    expect(link?.getAttribute('href') ?? '').not.toMatch(/javascript/i);
  });

  it('sets the status, tags and the archive switch', async () => {
    const api = await render();
    fireEvent.mouseDown(screen.getByRole('button', { name: /Status/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Regression' }));
    expect(await screen.findByTestId('report-status-by')).toHaveTextContent(
      'set by ann',
    );
    expect(api.updateReport).toHaveBeenLastCalledWith(finishedRun.id, {
      status: 'regression',
    });
    const tagInput = screen.getByRole('textbox', { name: 'Add a tag' });
    fireEvent.change(tagInput, { target: { value: 'has space' } });
    expect(screen.getByRole('button', { name: 'Add tag' })).toBeDisabled();
    fireEvent.change(tagInput, { target: { value: 'release:2.4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    expect(await screen.findByTestId('report-tag')).toHaveTextContent(
      'release:2.4',
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Archived' }));
    await screen.findByText('Kept after the retention of runs');
    expect(api.updateReport).toHaveBeenLastCalledWith(finishedRun.id, {
      archived: true,
    });
  });

  it('links and unlinks issues and offers the file-an-issue links', async () => {
    const api = await render(
      reportBackend({
        fileIssueLinks: [
          {
            kind: 'github',
            url: 'https://github.com/example/shop-api/issues/new?title=x',
          },
        ],
      }),
    );
    expect(screen.getByTestId('file-issue-github')).toHaveAttribute(
      'href',
      'https://github.com/example/shop-api/issues/new?title=x',
    );
    const url = screen.getByRole('textbox', { name: 'Issue URL' });
    // eslint-disable-next-line no-script-url
    fireEvent.change(url, { target: { value: 'javascript:alert(1)' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Issue title' }), {
      target: { value: 'p95 doubled' },
    });
    expect(
      screen.getByText('must be an http or https URL'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Link issue' })).toBeDisabled();
    fireEvent.change(url, {
      target: { value: 'https://github.com/example/shop-api/issues/7' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Link issue' }));
    const issue = await screen.findByTestId('report-issue');
    expect(
      within(issue).getByRole('link', { name: /p95 doubled/ }),
    ).toHaveAttribute('href', 'https://github.com/example/shop-api/issues/7');
    fireEvent.click(screen.getByRole('button', { name: 'Unlink p95 doubled' }));
    await waitFor(() =>
      expect(screen.queryByTestId('report-issue')).toBeNull(),
    );
    expect(api.removeReportIssue).toHaveBeenCalled();
  });

  it('shows the refusal of the backend', async () => {
    const api = reportBackend();
    api.updateReport.mockRejectedValue(new Error('Run is running'));
    await render(api);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Archived' }));
    expect(await screen.findByText('Run is running')).toBeInTheDocument();
  });

  it('disables every control without the permission', async () => {
    await render(
      reportBackend({
        issues: [
          {
            id: 'i1',
            url: 'https://x.example/1',
            title: 'One',
            addedBy: 'user:default/ann',
            addedAt: '2026-11-27T09:00:00.000Z',
          },
        ],
      }),
      denied,
    );
    expect(
      screen.getByRole('button', { name: 'Write conclusions' }),
    ).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Link issue' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Unlink One' })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: 'Archived' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Issue URL' })).toBeDisabled();
  });
});

describe('RunPage with a report', () => {
  async function renderPage(
    api: ReturnType<typeof mockLoadTestingApi>,
    deny: string[] = [],
  ) {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [loadTestingApiRef, api],
          [permissionApiRef, permissionApi(deny)],
        ]}
      >
        <EntityProvider entity={deny.length ? lockedEntity : entity}>
          <RunPage runId={finishedRun.id} />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/load-tests': rootRouteRef } },
    );
  }

  it('shows the report of a finished run, gated by load-testing.report.update', async () => {
    await renderPage(reportBackend(), ['load-testing.report.update']);
    await screen.findByTestId('report-section');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Write conclusions' }),
      ).toBeDisabled(),
    );
  });

  it('has no report while the run goes on', async () => {
    const api = mockLoadTestingApi();
    await renderPage(api);
    await screen.findByTestId('run-status');
    expect(screen.queryByTestId('report-section')).toBeNull();
    expect(api.getReport).not.toHaveBeenCalled();
    expect(run.status).toBe('running');
  });
});
