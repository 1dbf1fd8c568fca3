import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RunDialog } from './RunDialog';
import { loadTestingApiRef } from '../../api';
import { mockLoadTestingApi, scenario } from '../../__fixtures__';

/** The dialog open on its stages section, with two stages added. */
async function openWithTwoStages() {
  const api = mockLoadTestingApi();
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <RunDialog
        open
        scenario={scenario}
        onClose={() => {}}
        onStarted={() => {}}
      />
    </TestApiProvider>,
  );
  fireEvent.click(await screen.findByText('Advanced: stages'));
  fireEvent.click(screen.getByRole('button', { name: /Add stage/ }));
  fireEvent.click(screen.getByRole('button', { name: /Add stage/ }));
  return api;
}

describe('RunDialog stages', () => {
  it('starts a run with the stages typed in its advanced section', async () => {
    const api = await openWithTwoStages();
    fireEvent.change(screen.getByLabelText('Stage 2 Users'), {
      target: { value: '30' },
    });
    expect(screen.getByTestId('stages-chart')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() =>
      expect(api.createRun).toHaveBeenCalledWith({
        scenarioId: scenario.id,
        parameters: expect.objectContaining({
          stages: [
            { duration: 30, users: 10, spawnRate: 5 },
            { duration: 60, users: 30, spawnRate: 5 },
          ],
        }),
      }),
    );
  });

  it('names a stage the checks refuse, next to its cell, before sending', async () => {
    const api = await openWithTwoStages();
    fireEvent.change(screen.getByLabelText('Stage 2 Ends at (s)'), {
      target: { value: '10' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(
      await screen.findByText('stage end times must increase'),
    ).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();
  });
});
