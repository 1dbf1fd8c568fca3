import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Run } from '@internal/plugin-load-testing-common';
import { loadTestingApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  approval,
  mockLoadTestingApi,
  permissionApi,
  run,
} from '../../__fixtures__';
import { ApprovalsPage } from './ApprovalsPage';
import { QuotaAndApprovals } from './QuotaAndApprovals';
import { RunApprovalPanel } from './RunApprovalPanel';
import { DecidedApprovals } from './DecidedApprovals';

function render(
  node: JSX.Element,
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
      {node}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/load-tests': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

const waiting: Run = {
  ...run,
  status: 'awaiting-approval',
  approval: {
    id: approval.id,
    state: 'pending',
    expiresAt: approval.expiresAt,
    reasons: approval.reasons,
    estimate: approval.estimate,
  },
};

describe('ApprovalsPage', () => {
  it('lists what waits for the user and approves with a comment', async () => {
    const api = mockLoadTestingApi({
      listApprovals: jest.fn(async () => [approval]),
    });
    await render(<ApprovalsPage />, api);
    expect(
      await screen.findByText('Approvals waiting for you (1)'),
    ).toBeInTheDocument();
    expect(screen.getByText('checkout flow')).toBeInTheDocument();
    expect(screen.getByText('ann')).toBeInTheDocument();
    expect(
      screen.getByText(
        '200 users is above 100 (loadTesting.approvals.rules.aboveUsers)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('200 users · 2 workers · 10 min · 0.5 CPU-core-hours'),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    fireEvent.change(await screen.findByLabelText(/Comment/), {
      target: { value: 'go ahead' },
    });
    const buttons = screen.getAllByRole('button', { name: 'Approve' });
    fireEvent.click(buttons[buttons.length - 1]);
    await waitFor(() =>
      expect(api.decideApproval).toHaveBeenCalledWith('approval-1', {
        decision: 'approve',
        comment: 'go ahead',
      }),
    );
    expect(
      await screen.findByText('checkout flow: approved by bob: go ahead'),
    ).toBeInTheDocument();
  });

  it('says when nothing waits', async () => {
    await render(<ApprovalsPage />);
    expect(
      await screen.findByText(/Nothing waits for your approval/),
    ).toBeInTheDocument();
  });
});

describe('RunApprovalPanel', () => {
  it('shows why a run waits, with Approve and Deny for an approver', async () => {
    await render(<RunApprovalPanel run={waiting} onDecided={() => {}} />);
    expect(
      await screen.findByText('This run waits for an approval'),
    ).toBeInTheDocument();
    expect(screen.getByText(/200 users is above 100/)).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled(),
    );
    expect(screen.getByRole('button', { name: 'Deny' })).toBeEnabled();
  });

  it('disables the decision for a user without the approve permission', async () => {
    await render(
      // permission answers are cached per entity: another entity than the other tests'
      <RunApprovalPanel
        run={{ ...waiting, entityRef: 'component:default/shop-api-locked' }}
        onDecided={() => {}}
      />,
      mockLoadTestingApi(),
      ['load-testing.run.approve'],
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled(),
    );
  });

  it('says who approved a run, when, and what they said', async () => {
    await render(
      <RunApprovalPanel
        run={{
          ...waiting,
          status: 'running',
          approval: {
            ...waiting.approval!,
            state: 'approved',
            decidedBy: 'user:default/bob',
            decidedAt: '2026-11-02T12:05:00.000Z',
            comment: 'scaled up',
          },
        }}
        onDecided={() => {}}
      />,
    );
    expect(
      await screen.findByText(/^Approved by bob at .*: scaled up$/),
    ).toBeInTheDocument();
  });
});

describe('QuotaAndApprovals', () => {
  it('shows the budgets used and links the approvals that wait', async () => {
    const api = mockLoadTestingApi({
      getQuotas: jest.fn(async () => [
        {
          scope: 'entity' as const,
          ref: 'component:default/shop-api',
          period: 'week' as const,
          usedCoreHours: 12.46,
          limitCoreHours: 40,
        },
      ]),
      listApprovals: jest.fn(async () => [approval, { ...approval, id: 'b' }]),
    });
    await render(
      <QuotaAndApprovals entityRef="component:default/shop-api" />,
      api,
    );
    expect(
      await screen.findByText('12.5 of 40 core-hours used this week (entity)'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: '2 approvals wait for you' }),
    ).toHaveAttribute('href', '/load-tests/approvals');
  });
});

describe('DecidedApprovals', () => {
  it("lists an entity's decided approvals: who, when, what they said", async () => {
    const api = mockLoadTestingApi({
      listApprovals: jest.fn(async () => [
        approval,
        {
          ...approval,
          id: 'done',
          state: 'denied' as const,
          decidedBy: 'user:default/bob',
          decidedAt: '2026-11-02T12:05:00.000Z',
          comment: 'not before the release',
        },
      ]),
    });
    await render(
      <DecidedApprovals
        entityRef="component:default/shop-api"
        runHref={() => '/load-tests/runs/run-9'}
      />,
      api,
    );
    expect(await screen.findByText(/^denied by bob at/)).toBeInTheDocument();
    expect(screen.getByText('not before the release')).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'checkout flow' })).toHaveLength(
      1,
    );
    expect(api.listApprovals).toHaveBeenCalledWith({
      entityRef: 'component:default/shop-api',
    });
  });
});
