import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { RunDialog } from './RunDialog';
import { loadTestingApiRef } from '../../api';
import {
  kubernetesSettings,
  mockLoadTestingApi,
  run,
  scenario,
} from '../../__fixtures__';

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

const input = (label: RegExp | string) =>
  screen.getByLabelText(label) as HTMLInputElement;

const rowInput = (testId: string, label: string) =>
  within(screen.getByTestId(testId)).getByLabelText(label) as HTMLInputElement;

const type = (el: HTMLElement, value: string) =>
  fireEvent.change(el, { target: { value } });

/** A dialog on a backend that offers Kubernetes, with its section opened. */
async function renderOnKubernetes(overrides = {}) {
  const result = await render(
    mockLoadTestingApi({
      getSettings: jest.fn(async () => kubernetesSettings),
      ...overrides,
    }),
  );
  await screen.findByTestId('kubernetes-section');
  fireEvent.click(screen.getByText('Kubernetes', { selector: 'h6' }));
  return result;
}

const FORM_DEFAULTS = {
  users: 10,
  spawnRate: 5,
  duration: 60,
  workers: 1,
  host: 'http://127.0.0.1:7070',
};

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
        executor: 'local',
      },
    });
    // one executor: nothing to choose, no Kubernetes section
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByTestId('kubernetes-section')).toBeNull();
  });

  it('checks the limits before sending', async () => {
    const { api } = await render();
    await screen.findByText(/Allowed targets/);
    fireEvent.change(input(/Users/), { target: { value: '900' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
    expect(
      await screen.findByText(
        'exceeds the limit of 500 users (loadTesting.limits.maxUsers)',
      ),
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

  describe('on Kubernetes', () => {
    it('starts on the preferred executor, collapsed to cluster and engine', async () => {
      await render(
        mockLoadTestingApi({
          getSettings: jest.fn(async () => kubernetesSettings),
        }),
      );
      expect(
        await screen.findByRole('radio', { name: 'Kubernetes' }),
      ).toBeChecked();
      expect(
        screen.getByRole('radio', { name: 'Local processes' }),
      ).not.toBeChecked();
      expect(screen.getByTestId('kubernetes-summary')).toHaveTextContent(
        'dev-eu · locust-2.32',
      );
      expect(
        screen.getByRole('button', { name: /Kubernetes/, expanded: false }),
      ).toBeInTheDocument();
      expect(screen.getByText(/Locust worker pods, max 4/)).toBeInTheDocument();
    });

    it('sends the cluster, the engine and exactly the fields filled in', async () => {
      const { api, onStarted } = await renderOnKubernetes();
      // defaults show as placeholders; empty means the default
      expect(input('Master CPU request')).toHaveAttribute(
        'placeholder',
        '250m',
      );
      expect(input('Worker Memory limit')).toHaveAttribute(
        'placeholder',
        '1Gi',
      );

      fireEvent.mouseDown(screen.getByRole('button', { name: /Cluster/ }));
      fireEvent.click(await screen.findByRole('option', { name: 'perf-us' }));
      fireEvent.mouseDown(screen.getByRole('button', { name: /Engine/ }));
      const engines = await screen.findByRole('listbox');
      // each engine shows its image under its name
      expect(
        within(engines).getByText('registry.example.com/locust:2.31.0'),
      ).toBeInTheDocument();
      fireEvent.click(within(engines).getByText('locust-2.31'));
      await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
      expect(
        screen.getByText('registry.example.com/locust:2.31.0'),
      ).toBeInTheDocument();

      type(input('Worker CPU request'), '1');
      type(input('Master Memory limit'), ' 1Gi ');

      fireEvent.click(screen.getByRole('button', { name: 'Add host alias' }));
      fireEvent.click(screen.getByRole('button', { name: 'Add host alias' }));
      type(rowInput('host-alias-0', 'IP'), '10.0.0.5');
      type(
        rowInput('host-alias-0', 'Host names'),
        'shop-api.internal, auth.internal',
      );
      // host-alias-1 stays blank and is not sent

      fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
      type(rowInput('node-selector-0', 'Label'), 'pool');
      type(rowInput('node-selector-0', 'Value'), 'load');

      fireEvent.click(screen.getByRole('button', { name: 'Add toleration' }));
      fireEvent.click(screen.getByRole('button', { name: 'Add toleration' }));
      type(rowInput('toleration-0', 'Toleration'), 'dedicated=load:NoSchedule');
      type(rowInput('toleration-1', 'Toleration'), 'spot op=Exists');

      fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
      type(rowInput('secret-env-0', 'Variable'), 'API_TOKEN');
      type(rowInput('secret-env-0', 'Secret'), 'shop-api-tokens');
      type(rowInput('secret-env-0', 'Key'), 'token');

      expect(screen.getByTestId('kubernetes-summary')).toHaveTextContent(
        'perf-us · locust-2.31 · custom resources · 1 host alias · 1 node label · 2 tolerations · 1 secret variable',
      );
      fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
      await waitFor(() => expect(onStarted).toHaveBeenCalledWith(run));
      expect(api.createRun).toHaveBeenCalledWith({
        scenarioId: scenario.id,
        parameters: {
          ...FORM_DEFAULTS,
          executor: 'kubernetes',
          cluster: 'perf-us',
          engine: 'locust-2.31',
          resources: {
            master: { limits: { memory: '1Gi' } },
            worker: { requests: { cpu: '1' } },
          },
          hostAliases: [
            {
              ip: '10.0.0.5',
              hostnames: ['shop-api.internal', 'auth.internal'],
            },
          ],
          nodeSelector: { pool: 'load' },
          tolerations: [
            {
              key: 'dedicated',
              operator: 'Equal',
              value: 'load',
              effect: 'NoSchedule',
            },
            { key: 'spot', operator: 'Exists' },
          ],
          secretEnv: [
            { name: 'API_TOKEN', secret: 'shop-api-tokens', key: 'token' },
          ],
        },
      });
    });

    it('offers only the labels, tolerations and Secrets the backend lets runs of this entity choose', async () => {
      await renderOnKubernetes();
      const options = (el: HTMLElement) =>
        within(el)
          .getAllByRole('option')
          .map(o => o.textContent);
      fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
      expect(options(rowInput('node-selector-0', 'Label'))).toEqual([
        'Choose…',
        'pool',
        'kubernetes.io/arch',
      ]);
      fireEvent.click(screen.getByRole('button', { name: 'Add toleration' }));
      expect(options(rowInput('toleration-0', 'Toleration'))).toEqual([
        'Choose…',
        'dedicated=load:NoSchedule',
        'spot op=Exists',
      ]);
      fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
      // billing-db is allowed to another entity's runs
      expect(options(rowInput('secret-env-0', 'Secret'))).toEqual([
        'Choose…',
        'shop-api-tokens',
        'payment-sandbox',
      ]);
      // a Secret whose keys are listed offers them; another takes any key
      type(rowInput('secret-env-0', 'Secret'), 'shop-api-tokens');
      expect(options(rowInput('secret-env-0', 'Key'))).toEqual([
        'Choose…',
        'token',
      ]);
      type(rowInput('secret-env-0', 'Secret'), 'payment-sandbox');
      expect(rowInput('secret-env-0', 'Key').tagName).toBe('INPUT');
    });

    it('offers no labels, tolerations or Secrets where the backend allows none', async () => {
      await renderOnKubernetes({
        getSettings: jest.fn(async () => ({
          ...kubernetesSettings,
          kubernetes: {
            ...kubernetesSettings.kubernetes!,
            secrets: [],
            allowedTolerations: [],
            allowedNodeSelectorKeys: [],
          },
        })),
      });
      expect(screen.queryByRole('button', { name: 'Add label' })).toBeNull();
      expect(
        screen.queryByRole('button', { name: 'Add toleration' }),
      ).toBeNull();
      expect(screen.queryByRole('button', { name: 'Add variable' })).toBeNull();
      expect(
        screen.getByText('This backend lets runs add no tolerations'),
      ).toBeInTheDocument();
    });

    it('sends only the defaults when nothing was filled in', async () => {
      const { api } = await renderOnKubernetes();
      fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
      await waitFor(() => expect(api.createRun).toHaveBeenCalled());
      expect(api.createRun.mock.calls[0][0].parameters).toEqual({
        ...FORM_DEFAULTS,
        executor: 'kubernetes',
        cluster: 'dev-eu',
        engine: 'locust-2.32',
      });
    });

    it('sends no Kubernetes fields on the local executor, and keeps them for later', async () => {
      const { api } = await renderOnKubernetes();
      type(input('Worker CPU request'), '1');
      fireEvent.click(screen.getByRole('button', { name: 'Add host alias' }));
      type(rowInput('host-alias-0', 'IP'), '10.0.0.5');
      fireEvent.click(screen.getByRole('radio', { name: 'Local processes' }));
      expect(screen.queryByTestId('kubernetes-section')).toBeNull();
      expect(
        screen.getByText(/Locust worker processes, max 4/),
      ).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
      await waitFor(() => expect(api.createRun).toHaveBeenCalled());
      expect(api.createRun.mock.calls[0][0].parameters).toEqual({
        ...FORM_DEFAULTS,
        executor: 'local',
      });
      fireEvent.click(screen.getByRole('radio', { name: 'Kubernetes' }));
      expect(screen.getByTestId('kubernetes-summary')).toHaveTextContent(
        'custom resources · 1 host alias',
      );
    });

    it('checks the Kubernetes fields before sending', async () => {
      const { api } = await renderOnKubernetes();
      type(input('Worker Memory request'), '512 megabytes');
      fireEvent.click(screen.getByRole('button', { name: 'Start run' }));
      expect(
        await screen.findByText('must be a quantity such as 512Mi or 2Gi'),
      ).toBeInTheDocument();
      expect(input('Worker Memory request')).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(api.createRun).not.toHaveBeenCalled();
    });

    it('puts the backend messages on their inputs, lists the others and keeps what was typed', async () => {
      const createRun = jest.fn(async () => {
        throw await refusal(400, {
          name: 'InputError',
          message: 'invalid',
          details: [
            {
              field: 'parameters.hostAliases[0].ip',
              message: 'is not reachable from cluster dev-eu',
            },
            {
              field: 'parameters.resources.worker.requests.cpu',
              message: 'exceeds the 500m a worker may request on dev-eu',
            },
            {
              field: 'parameters.tolerations[0]',
              message: 'is not a toleration runs may add on dev-eu',
            },
            {
              field: 'parameters.nodeSelector.pool',
              message: 'is not a valid label value',
            },
            {
              field: 'parameters.env.TOKEN',
              message: 'is not a valid variable',
            },
          ],
        });
      });
      await renderOnKubernetes({ createRun });
      type(input('Worker CPU request'), '2');
      fireEvent.click(screen.getByRole('button', { name: 'Add host alias' }));
      fireEvent.click(screen.getByRole('button', { name: 'Add host alias' }));
      // the first row is blank: the API's hostAliases[0] is the second row
      type(rowInput('host-alias-1', 'IP'), '10.9.9.9');
      type(rowInput('host-alias-1', 'Host names'), 'db.internal');
      fireEvent.click(screen.getByRole('button', { name: 'Add label' }));
      type(rowInput('node-selector-0', 'Label'), 'pool');
      type(rowInput('node-selector-0', 'Value'), 'load');
      fireEvent.click(screen.getByRole('button', { name: 'Add toleration' }));
      type(rowInput('toleration-0', 'Toleration'), 'spot op=Exists');
      // collapse: the messages open the section again
      fireEvent.click(screen.getByText('Kubernetes', { selector: 'h6' }));
      fireEvent.click(screen.getByRole('button', { name: 'Start run' }));

      expect(
        await screen.findByText('is not reachable from cluster dev-eu'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: /Kubernetes/, expanded: true }),
      ).toBeInTheDocument();
      expect(rowInput('host-alias-1', 'IP')).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(rowInput('host-alias-0', 'IP')).toHaveAttribute(
        'aria-invalid',
        'false',
      );
      expect(input('Worker CPU request')).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(
        screen.getByText('exceeds the 500m a worker may request on dev-eu'),
      ).toBeInTheDocument();
      expect(rowInput('toleration-0', 'Toleration')).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(
        screen.getByText('is not a toleration runs may add on dev-eu'),
      ).toBeInTheDocument();
      expect(rowInput('node-selector-0', 'Value')).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(rowInput('node-selector-0', 'Label')).toHaveAttribute(
        'aria-invalid',
        'false',
      );
      // a field the dialog has no input for is still shown
      const alert = screen.getByTestId('run-refused');
      expect(alert).toHaveTextContent(
        'parameters.env.TOKEN is not a valid variable',
      );
      expect(alert).not.toHaveTextContent('hostAliases[0].ip');
      expect(screen.getByTestId('kubernetes-summary')).toHaveTextContent(
        'check the highlighted fields',
      );
      // nothing typed is lost
      expect(input('Worker CPU request').value).toBe('2');
      expect(rowInput('host-alias-1', 'Host names').value).toBe('db.internal');
      expect(rowInput('toleration-0', 'Toleration').value).toBe(
        'spot op=Exists',
      );

      // removing a row drops the messages of its list, whose row numbers moved
      fireEvent.click(
        screen.getByRole('button', { name: 'Remove host alias 1' }),
      );
      expect(
        screen.queryByText('is not reachable from cluster dev-eu'),
      ).toBeNull();
      expect(rowInput('host-alias-0', 'IP').value).toBe('10.9.9.9');
    });
  });
});
