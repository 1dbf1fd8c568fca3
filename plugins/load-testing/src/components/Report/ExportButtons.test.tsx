import { alertApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { loadTestingApiRef } from '../../api';
import { mockLoadTestingApi } from '../../__fixtures__';
import { ExportButtons } from './ExportButtons';

describe('ExportButtons', () => {
  const created: Blob[] = [];
  const saved: Array<{ href: string; download: string }> = [];

  beforeEach(() => {
    created.length = 0;
    saved.length = 0;
    (URL as any).createObjectURL = jest.fn((b: Blob) => {
      created.push(b);
      return `blob:test/${created.length}`;
    });
    (URL as any).revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });
  });

  afterEach(() => jest.restoreAllMocks());

  it('fetches each format through the API and saves it under the name the backend gave', async () => {
    const api = mockLoadTestingApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [loadTestingApiRef, api],
          [alertApiRef, { post: jest.fn() }],
        ]}
      >
        <ExportButtons runId="run-1" />
      </TestApiProvider>,
    );
    for (const [label, format] of [
      ['HTML', 'html'],
      ['CSV', 'csv'],
      ['JSON', 'json'],
      ['JUnit', 'junit'],
    ]) {
      fireEvent.click(
        screen.getByRole('button', { name: `Download ${label}` }),
      );
      await waitFor(() =>
        expect(api.exportRun).toHaveBeenLastCalledWith('run-1', format),
      );
    }
    await waitFor(() => expect(saved).toHaveLength(4));
    expect(saved.map(s => s.download)).toEqual([
      'run-run-1.html',
      'run-run-1.csv',
      'run-run-1.json',
      'run-run-1.junit',
    ]);
    expect(saved[0].href).toBe('blob:test/1');
    expect(await created[2].text()).toBe('json of run-1');
  });

  it('says why a download failed', async () => {
    const post = jest.fn();
    const api = mockLoadTestingApi({
      exportRun: jest.fn(async () => {
        throw new Error(
          'Run r is running: it can be exported once it has finished',
        );
      }),
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [loadTestingApiRef, api],
          [alertApiRef, { post }],
        ]}
      >
        <ExportButtons runId="r" />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() =>
      expect(post).toHaveBeenCalledWith({
        message:
          'Could not download the CSV export: Run r is running: it can be exported once it has finished',
        severity: 'error',
      }),
    );
    expect(saved).toHaveLength(0);
  });
});
