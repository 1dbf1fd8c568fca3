import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ScenarioEditorPage } from './ScenarioEditorPage';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  lockedEntity,
  mockLoadTestingApi,
  permissionApi,
  scenario,
} from '../../__fixtures__';

async function render(
  props: { scenarioId?: string },
  api = mockLoadTestingApi(),
  denied: string[] = [],
) {
  const shown = denied.length ? lockedEntity : entity;
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi(denied)],
      ]}
    >
      <EntityProvider entity={shown}>
        <ScenarioEditorPage {...props} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef } },
  );
  return api;
}

const input = (label: RegExp) =>
  screen.getByLabelText(label) as HTMLInputElement;

describe('ScenarioEditorPage', () => {
  it('starts a new scenario from a script for the sample target, in a Python editor', async () => {
    await render({});
    const editor = await screen.findByTestId('script-editor');
    expect(editor.querySelector('.cm-editor')).not.toBeNull();
    expect(editor).toHaveTextContent('class Shopper(HttpUser)');
    expect(editor).toHaveTextContent('/api/items/:id');
    expect(editor).toHaveTextContent('/api/orders');
    // Python keywords get their own highlighting spans
    expect(editor.querySelectorAll('.cm-line span').length).toBeGreaterThan(5);
    expect(input(/Target host/).value).toBe('http://127.0.0.1:7070');
    expect(input(/p95 max/).value).toBe('500');
  });

  it('creates the scenario with thresholds in API units', async () => {
    const api = await render({});
    await screen.findByTestId('script-editor');
    fireEvent.change(input(/^Name/), { target: { value: 'Checkout' } });
    fireEvent.change(input(/Max failures/), { target: { value: '2.5' } });
    fireEvent.change(input(/Min RPS/), { target: { value: '20' } });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create scenario' }),
    );
    await waitFor(() => expect(api.createScenario).toHaveBeenCalled());
    const body = api.createScenario.mock.calls[0][0];
    expect(body).toMatchObject({
      entityRef: 'component:default/shop-api',
      name: 'Checkout',
      parameters: {
        users: 10,
        spawnRate: 5,
        duration: 60,
        workers: 1,
        host: 'http://127.0.0.1:7070',
      },
      thresholds: {
        percentiles: { p95: 500 },
        maxFailureRatio: 0.025,
        minRps: 20,
      },
    });
    expect(body.script).toContain('HttpUser');
  });

  it('refuses to save more users than the platform allows, naming the limit', async () => {
    const api = await render({});
    await screen.findByTestId('script-editor');
    fireEvent.change(input(/^Users/), { target: { value: '1000000000' } });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create scenario' }),
    );
    expect(
      await screen.findByText(
        'exceeds the limit of 500 users (loadTesting.limits.maxUsers)',
      ),
    ).toBeInTheDocument();
    expect(api.createScenario).not.toHaveBeenCalled();
  });

  it('marks the line of a syntax error the backend found in the script', async () => {
    const api = mockLoadTestingApi({
      createScenario: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'invalid',
                fields: [
                  {
                    field: 'script',
                    message:
                      "is not valid Python: expected ':' (line 5, column 16)",
                    line: 5,
                  },
                ],
              },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          ),
        );
      }),
    });
    await render({}, api);
    const editor = await screen.findByTestId('script-editor');
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create scenario' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('script-help')).toHaveTextContent(
        "Script is not valid Python: expected ':' (line 5, column 16)",
      ),
    );
    // the editor marks the line in its gutter
    await waitFor(() =>
      expect(editor.querySelector('.cm-lint-marker-error')).not.toBeNull(),
    );
  });

  it('shows the API field errors on their fields', async () => {
    const api = mockLoadTestingApi({
      updateScenario: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'InputError',
                message: 'invalid',
                fields: [
                  {
                    field: 'thresholds.percentiles.p95',
                    message: 'must be a number of ms ≥ 0',
                  },
                  {
                    field: 'parameters.host',
                    message: 'must be a URL such as http://127.0.0.1:7070',
                  },
                  {
                    field: 'parameters.tags',
                    message: 'must be a list of names',
                  },
                ],
              },
              response: { statusCode: 400 },
            }),
            { status: 400, headers: { 'content-type': 'application/json' } },
          ),
        );
      }),
    });
    await render({ scenarioId: scenario.id }, api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Save changes' }),
    );
    expect(
      await screen.findByText('must be a number of ms ≥ 0'),
    ).toBeInTheDocument();
    expect(input(/p95 max/)).toHaveAttribute('aria-invalid', 'true');
    expect(input(/Target host/)).toHaveAttribute('aria-invalid', 'true');
    // a field the form does not show still reaches the user
    expect(screen.getByTestId('scenario-problem')).toHaveTextContent(
      'parameters.tags must be a list of names',
    );
  });

  it('refuses to save an invalid form without calling the API', async () => {
    const api = await render({ scenarioId: scenario.id });
    await screen.findByRole('button', { name: 'Save changes' });
    fireEvent.change(input(/Users/), { target: { value: '' } });
    fireEvent.change(input(/Max failures/), { target: { value: '150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('is required')).toBeInTheDocument();
    expect(screen.getByText('must be between 0 and 100 %')).toBeInTheDocument();
    expect(api.updateScenario).not.toHaveBeenCalled();
  });

  it('is read only for a user who may not edit scenarios', async () => {
    await render({ scenarioId: scenario.id }, mockLoadTestingApi(), [
      'load-testing.scenario.update',
    ]);
    expect(
      await screen.findByText(
        /Read only: You don't have permission to edit scenarios/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
    expect(input(/Users/)).toBeDisabled();
  });
});
