import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { RunDialog } from './RunDialog';
import { loadTestingApiRef } from '../../api';
import { mockLoadTestingApi, run, scenario } from '../../__fixtures__';

async function refusal(status: number, error: object) {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      headers: { 'content-type': 'application/json' },
    }),
  );
}

async function render(api = mockLoadTestingApi()) {
  const onStarted = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[loadTestingApiRef, api]]}>
      <RunDialog
        open
        scenario={scenario}
        onClose={() => {}}
        onStarted={onStarted}
      />
    </TestApiProvider>,
  );
  return { api, onStarted };
}

const input = (label: RegExp) =>
  screen.getByLabelText(label) as HTMLInputElement;

describe('RunDialog', () => {
  it('starts from the scenario defaults and shows the limits and allowlist', async () => {
    await render();
    expect(
      await screen.findByText(
        /Allowed targets: http:\/\/127\.0\.0\.1:\*, http:\/\/localhost:\*/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/max 500/)).toBeInTheDocument();
    expect(
      screen.getByText(/Locust worker processes, max 4/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/At most 2 runs of this entity/),
    ).toBeInTheDocument();
    expect(input(/Users/).value).toBe('10');
    expect(input(/Target host/).value).toBe('http://127.0.0.1:7070');
  });

  it('sends the overrides and hands over the new run', async () => {
    const { api, onStarted } = await render();
    await screen.findByText(/Allowed targets/);
    fireEvent.change(input(/Users/), { target: { value: '25' } });
    fireEvent.change(input(/Duration/), { target: { value: '15' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalledWith(run));
    expect(api.createRun).toHaveBeenCalledWith({
      scenarioId: scenario.id,
      parameters: {
        users: 25,
        spawnRate: 5,
        duration: 15,
        workers: 1,
        host: 'http://127.0.0.1:7070',
      },
    });
  });

  it('checks the limits before sending', async () => {
    const { api } = await render();
    await screen.findByText(/Allowed targets/);
    fireEvent.change(input(/Users/), { target: { value: '900' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(
      await screen.findByText('exceeds the limit of 500 users'),
    ).toBeInTheDocument();
    expect(api.createRun).not.toHaveBeenCalled();
  });

  it('puts the backend field errors next to their fields', async () => {
    const api = mockLoadTestingApi({
      createRun: jest.fn(async () => {
        throw await refusal(400, {
          name: 'InputError',
          message: 'invalid',
          fields: [
            {
              field: 'parameters.workers',
              message: 'the local executor allows 2 workers',
            },
          ],
        });
      }),
    });
    await render(api);
    await screen.findByText(/Allowed targets/);
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(
      await screen.findByText('the local executor allows 2 workers'),
    ).toBeInTheDocument();
    expect(input(/Workers/)).toHaveAttribute('aria-invalid', 'true');
    expect(
      screen.getByText('Fix the highlighted fields to start the run.'),
    ).toBeInTheDocument();
  });

  it('shows a refusal without fields clearly', async () => {
    const api = mockLoadTestingApi({
      createRun: jest.fn(async () => {
        throw await refusal(403, {
          name: 'NotAllowedError',
          message:
            'Target http://10.1.2.3 is not in the allowlist (loadTesting.targets.allow)',
        });
      }),
    });
    await render(api);
    await screen.findByText(/Allowed targets/);
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    const alert = await screen.findByTestId('run-refused');
    expect(alert).toHaveTextContent('The backend refused this run');
    expect(alert).toHaveTextContent(
      'Target http://10.1.2.3 is not in the allowlist',
    );
  });
});
