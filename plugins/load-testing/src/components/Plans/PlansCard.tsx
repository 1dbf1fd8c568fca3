import {
  InfoCard,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Switch from '@material-ui/core/Switch';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import EditIcon from '@material-ui/icons/Edit';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { Alert } from '@material-ui/lab';
import {
  Plan,
  TERMINAL_PLAN_RUN_STATUSES,
} from '@internal/plugin-load-testing-common';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { usePlanPermissions, usePoll } from '../../hooks';
import {
  editPlanRouteRef,
  newPlanRouteRef,
  planRunRouteRef,
  planRunsRouteRef,
} from '../../routes';
import {
  EmptyTableText,
  GatedButton,
  NONE,
  VerdictChip,
  formatDateTime,
  formatRelative,
  staticTableOptions,
} from '../common';
import { describeSchedule } from './cronWords';
import { PlanStatusChip } from './PlanStatusChip';
import { planInput } from './planForm';

const active = (plan: Plan) =>
  Boolean(
    plan.lastRun && !TERMINAL_PLAN_RUN_STATUSES.includes(plan.lastRun.status),
  );

/** The entity's plans: schedule, next fire, last plan run, and their controls. */
export function PlansCard(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const newLink = useRouteRef(newPlanRouteRef);
  const editLink = useRouteRef(editPlanRouteRef);
  const runsLink = useRouteRef(planRunsRouteRef);
  const planRunLink = useRouteRef(planRunRouteRef);
  const gates = usePlanPermissions(entityRef);
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState<string>();
  // the switch moves at once; the list catches up on its next fetch
  const [switched, setSwitched] = useState<Record<string, boolean>>({});
  // a scheduled plan fires by itself: follow its next fire and last run
  const plans = usePoll(() => api.listPlans(entityRef), [entityRef], {
    intervalMs: items => (items?.some(active) ? 3000 : 10_000),
    active: true,
  });

  const act = async (plan: Plan, what: () => Promise<unknown>) => {
    setBusy(plan.id);
    setProblem(undefined);
    try {
      await what();
      plans.refresh();
    } catch (e) {
      setProblem(`${plan.name}: ${toApiProblem(e).message}`);
    } finally {
      setBusy(undefined);
    }
  };

  const enabled = (plan: Plan) => switched[plan.id] ?? plan.enabled;
  useEffect(() => {
    setSwitched(current => {
      const left = Object.fromEntries(
        Object.entries(current).filter(
          ([id, on]) => plans.value?.find(p => p.id === id)?.enabled !== on,
        ),
      );
      return Object.keys(left).length === Object.keys(current).length
        ? current
        : left;
    });
  }, [plans.value]);

  const switchTip = (plan: Plan) => {
    if (!gates.updatePlan.allowed) return gates.updatePlan.reason ?? '';
    return enabled(plan)
      ? 'Pause: the schedule stops firing'
      : 'Resume the schedule';
  };

  const toggle = (plan: Plan) => {
    const next = !enabled(plan);
    setSwitched(current => ({ ...current, [plan.id]: next }));
    return act(plan, async () => {
      try {
        await api.updatePlan(plan.id, { ...planInput(plan), enabled: next });
      } catch (e) {
        setSwitched(current => {
          const rest = { ...current };
          delete rest[plan.id];
          return rest;
        });
        throw e;
      }
    });
  };

  const runNow = (plan: Plan) =>
    act(plan, async () => {
      const planRun = await api.runPlan(plan.id);
      navigate(planRunLink({ planRunId: planRun.id }));
    });

  const columns: TableColumn<Plan>[] = [
    {
      title: 'Plan',
      highlight: true,
      width: '28%',
      render: p => (
        <Box>
          <Link to={runsLink({ planId: p.id })}>{p.name}</Link>
          <Typography variant="caption" color="textSecondary" display="block">
            {p.groups.length} group{p.groups.length === 1 ? '' : 's'},{' '}
            {p.groups.reduce((n, g) => n + g.steps.length, 0)} step(s)
            {p.stopOnFailure ? ', stops at the first failure' : ''}
          </Typography>
          {p.approval && p.approval.state !== 'approved' && (
            <Tooltip
              title={
                p.approval.comment
                  ? `${p.approval.state}: ${p.approval.comment}`
                  : `Version ${p.version} of this plan needs an approval before it runs`
              }
            >
              <Chip
                size="small"
                variant="outlined"
                label={`approval ${p.approval.state}`}
                data-testid="plan-approval"
              />
            </Tooltip>
          )}
        </Box>
      ),
    },
    {
      title: 'Schedule',
      render: p => (
        <Box data-testid="plan-schedule">
          <Typography variant="body2">
            {describeSchedule(p.schedule)}
          </Typography>
          {p.schedule && (
            <Typography variant="caption" color="textSecondary">
              <code>{p.schedule.cron}</code>
            </Typography>
          )}
        </Box>
      ),
    },
    {
      title: 'Next fire',
      render: p =>
        p.nextRunAt && enabled(p) ? (
          <Tooltip title={formatDateTime(p.nextRunAt)}>
            <span data-testid="plan-next">{formatRelative(p.nextRunAt)}</span>
          </Tooltip>
        ) : (
          NONE
        ),
    },
    {
      title: 'Enabled',
      render: p => (
        <Tooltip title={switchTip(p)}>
          <span>
            <Switch
              checked={enabled(p)}
              color="primary"
              size="small"
              disabled={!gates.updatePlan.allowed || busy === p.id}
              onChange={() => toggle(p)}
              inputProps={{ 'aria-label': `Enable ${p.name}` }}
            />
          </span>
        </Tooltip>
      ),
    },
    {
      title: 'Last run',
      cellStyle: { whiteSpace: 'nowrap' },
      render: p =>
        p.lastRun ? (
          <Box display="flex" alignItems="center" gridGap={6}>
            <Link to={planRunLink({ planRunId: p.lastRun.id })}>
              <PlanStatusChip status={p.lastRun.status} />
            </Link>
            <VerdictChip
              verdict={p.lastRun.verdict}
              reason={p.lastRun.verdictReason}
            />
            <Typography variant="caption" color="textSecondary">
              {formatRelative(p.lastRun.createdAt)}
            </Typography>
          </Box>
        ) : (
          NONE
        ),
    },
    {
      title: '',
      align: 'right',
      cellStyle: { whiteSpace: 'nowrap' },
      render: p => (
        <Box display="flex" justifyContent="flex-end" gridGap={4}>
          <GatedButton
            gate={gates.runPlan}
            size="small"
            startIcon={<PlayArrowIcon />}
            disabled={busy === p.id}
            aria-label={`Run ${p.name} now`}
            onClick={() => runNow(p)}
          >
            Run now
          </GatedButton>
          <GatedButton
            gate={gates.updatePlan}
            size="small"
            startIcon={<EditIcon />}
            aria-label={`Edit ${p.name}`}
            onClick={() => navigate(editLink({ planId: p.id }))}
          >
            Edit
          </GatedButton>
        </Box>
      ),
    },
  ];

  const newButton = (
    <GatedButton
      gate={gates.createPlan}
      color="primary"
      startIcon={<AddIcon />}
      onClick={() => navigate(newLink())}
    >
      New plan
    </GatedButton>
  );

  return (
    <InfoCard
      title="Plans"
      subheader="Scenarios run as a batch, by hand or on a schedule"
      action={<Box pt={1}>{newButton}</Box>}
      noPadding
    >
      <Box data-testid="plans-card">
        {problem && (
          <Alert severity="error" onClose={() => setProblem(undefined)}>
            {problem}
          </Alert>
        )}
        {plans.error && !plans.value ? (
          <ResponseErrorPanel error={plans.error} />
        ) : (
          <Table<Plan>
            options={{ ...staticTableOptions, toolbar: false }}
            isLoading={plans.loading}
            columns={columns}
            data={plans.value ?? []}
            localization={{
              body: {
                emptyDataSourceMessage: (
                  <EmptyTableText>
                    No plans yet. A plan runs scenarios one group after another,
                    by hand or on a cron schedule.
                  </EmptyTableText>
                ),
              },
            }}
          />
        )}
      </Box>
    </InfoCard>
  );
}
