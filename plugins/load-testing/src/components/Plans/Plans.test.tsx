import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ReactNode } from 'react';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  entity,
  lockedEntity,
  mockLoadTestingApi,
  permissionApi,
  plan,
  planRun,
} from '../../__fixtures__';
import { PlansCard } from './PlansCard';
import { PlanEditorPage } from './PlanEditorPage';
import { PlanRunPage } from './PlanRunPage';

function render(
  node: ReactNode,
  api = mockLoadTestingApi(),
  denied: string[] = [],
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [loadTestingApiRef, api],
        [permissionApiRef, permissionApi(denied)],
      ]}
    >
      <EntityProvider entity={denied.length ? lockedEntity : entity}>
        {node}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/load-tests': rootRouteRef } },
  );
}

const type = (el: HTMLElement, value: string) =>
  fireEvent.change(el, { target: { value } });

describe('PlansCard', () => {
  it('shows each plan with its schedule in words, next fire and last run', async () => {
    await render(<PlansCard entityRef="component:default/shop-api" />);
    const row = (await screen.findByText(plan.name)).closest('tr')!;
    expect(within(row).getByTestId('plan-schedule')).toHaveTextContent(
      'every weekday at 02:00 Europe/Paris0 2 * * 1-5',
    );
    expect(within(row).getByTestId('plan-next')).toBeInTheDocument();
    expect(within(row).getByText('failed')).toBeInTheDocument();
    expect(within(row).getByText('FAIL')).toBeInTheDocument();
    expect(within(row).getByText(/2 groups, 2 step\(s\)/)).toBeInTheDocument();
  });

  it('pauses a plan and runs one now', async () => {
    const api = mockLoadTestingApi();
    await render(<PlansCard entityRef="component:default/shop-api" />, api);
    const toggle = await screen.findByRole('checkbox', {
      name: `Enable ${plan.name}`,
    });
    await waitFor(() => expect(toggle).toBeEnabled());
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(api.updatePlan).toHaveBeenCalledWith(plan.id, {
        entityRef: plan.entityRef,
        name: plan.name,
        description: plan.description,
        groups: plan.groups,
        stopOnFailure: true,
        schedule: plan.schedule,
        overlap: 'skip',
        enabled: false,
      }),
    );
    // the switch moved at once, before the list was fetched again
    expect(toggle).not.toBeChecked();
    const run = screen.getByRole('button', { name: `Run ${plan.name} now` });
    await waitFor(() => expect(run).toBeEnabled());
    fireEvent.click(run);
    await waitFor(() => expect(api.runPlan).toHaveBeenCalledWith(plan.id));
  });

  it('disables the controls a user may not use, saying why', async () => {
    await render(
      <PlansCard entityRef="component:default/shop-api-locked" />,
      mockLoadTestingApi(),
      ['load-testing.plan.run', 'load-testing.plan.create'],
    );
    const run = await screen.findByRole('button', {
      name: `Run ${plan.name} now`,
    });
    await waitFor(() => expect(run).toBeDisabled());
    expect(screen.getByRole('button', { name: /New plan/ })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: `Edit ${plan.name}` }),
    ).toBeEnabled();
    fireEvent.mouseOver(run.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'load-testing.plan.run',
    );
  });
});

describe('PlanEditorPage', () => {
  it('creates a plan of two groups with stages and a schedule', async () => {
    const api = mockLoadTestingApi();
    await render(<PlanEditorPage />, api);
    type(await screen.findByLabelText(/Name/), 'Nightly');
    fireEvent.click(screen.getByLabelText('On a schedule'));
    type(screen.getByLabelText('Cron'), '*/10 * * * * *');
    type(screen.getByLabelText('Time zone'), 'Europe/Paris');
    expect(screen.getByTestId('schedule-words')).toHaveTextContent(
      'Fires every 10 seconds Europe/Paris',
    );
    fireEvent.click(screen.getByRole('button', { name: /Add a group after/ }));
    const second = screen.getByTestId('step-g1s0');
    type(within(second).getByLabelText(/Users/), '3');
    fireEvent.click(within(second).getByRole('button', { name: /Add stage/ }));
    expect(within(second).getByTestId('stages-chart')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Create plan' }));
    await waitFor(() =>
      expect(api.createPlan).toHaveBeenCalledWith({
        entityRef: 'component:default/shop-api',
        name: 'Nightly',
        groups: [
          { steps: [{ scenarioId: 'sc-1' }] },
          {
            steps: [
              {
                scenarioId: 'sc-1',
                parameters: {
                  users: 3,
                  stages: [{ duration: 30, users: 10, spawnRate: 5 }],
                },
              },
            ],
          },
        ],
        stopOnFailure: true,
        schedule: { cron: '*/10 * * * * *', timezone: 'Europe/Paris' },
        overlap: 'skip',
        enabled: true,
      }),
    );
  });

  it("shows the API's 400 next to the fields", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'invalid plan',
            fields: [
              {
                field: 'schedule.cron',
                message: 'is not a valid cron expression',
              },
              {
                field: 'groups[1].steps[0].parameters.stages[0].users',
                message: 'exceeds the limit of 500 users',
              },
            ],
          },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    const api = mockLoadTestingApi({
      updatePlan: jest.fn(async () => {
        throw error;
      }),
    });
    await render(<PlanEditorPage planId={plan.id} />, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Save plan' }));
    expect(
      await screen.findByText('is not a valid cron expression'),
    ).toBeInTheDocument();
    const second = screen.getByTestId('step-g1s0');
    expect(
      within(second).getByText('exceeds the limit of 500 users'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('plan-problem')).toHaveTextContent(
      'Fix the highlighted fields.',
    );
  });
});

describe('PlanRunPage', () => {
  it('shows the steps of each group with their runs, and cancels while active', async () => {
    const api = mockLoadTestingApi();
    await render(<PlanRunPage planRunId={planRun.id} />, api);
    expect(await screen.findByTestId('plan-run-header')).toHaveTextContent(
      'running',
    );
    const steps = screen.getAllByTestId('plan-run-step');
    expect(steps).toHaveLength(2);
    expect(within(steps[0]).getByText('PASS')).toBeInTheDocument();
    expect(
      within(steps[0]).getByRole('link', { name: 'Open run' }),
    ).toHaveAttribute('href', '/load-tests/runs/run-1');
    expect(steps[1]).toHaveTextContent(
      'Could not start: scenario sc-2 was deleted',
    );
    const cancel = screen.getByRole('button', { name: /Cancel/ });
    await waitFor(() => expect(cancel).toBeEnabled());
    fireEvent.click(cancel);
    await waitFor(() =>
      expect(api.cancelPlanRun).toHaveBeenCalledWith(planRun.id),
    );
  });

  it('shows the overall verdict and its reason once ended', async () => {
    const api = mockLoadTestingApi({
      getPlanRun: jest.fn(async () => ({
        ...planRun,
        status: 'failed' as const,
        verdict: 'fail' as const,
        verdictReason: 'Search could not start',
        finishedAt: '2026-12-01T01:05:00.000Z',
      })),
    });
    await render(<PlanRunPage planRunId={planRun.id} />, api);
    expect(await screen.findByTestId('plan-run-reason')).toHaveTextContent(
      'Search could not start',
    );
    expect(screen.getByTestId('plan-run-header')).toHaveTextContent('FAIL');
    expect(
      screen.queryByRole('button', { name: /Cancel/ }),
    ).not.toBeInTheDocument();
  });
});
