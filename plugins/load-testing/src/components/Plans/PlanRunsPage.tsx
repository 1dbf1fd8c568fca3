import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import EditIcon from '@material-ui/icons/Edit';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { Alert } from '@material-ui/lab';
import {
  PlanRunSummary,
  TERMINAL_PLAN_RUN_STATUSES,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { usePlanPermissions, usePoll } from '../../hooks';
import { editPlanRouteRef, planRunRouteRef, rootRouteRef } from '../../routes';
import {
  GatedButton,
  PageHeader,
  NONE,
  VerdictChip,
  formatPrincipal,
  formatSeconds,
  secondsBetween,
  useServerPaging,
} from '../common';
import { describeSchedule, formatInstant } from './cronWords';
import { PlanStatusChip } from './PlanStatusChip';

const PAGE_SIZES = [10, 25, 50];
const live = (r: PlanRunSummary) =>
  !TERMINAL_PLAN_RUN_STATUSES.includes(r.status);

/** A plan and its runs, newest first. */
export function PlanRunsPage(props: { planId: string }) {
  const { planId } = props;
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const editLink = useRouteRef(editPlanRouteRef);
  const planRunLink = useRouteRef(planRunRouteRef);
  const paging = useServerPaging(PAGE_SIZES);
  const { page, pageSize } = paging;
  const [problem, setProblem] = useState<string>();
  const plan = usePoll(() => api.getPlan(planId), [planId], {
    intervalMs: 10_000,
    active: true,
  });
  const runs = usePoll(
    () =>
      api.listPlanRuns(planId, { offset: page * pageSize, limit: pageSize }),
    [planId, page, pageSize],
    // a scheduled plan adds runs by itself: keep the list fresh
    { intervalMs: p => (p?.items.some(live) ? 3000 : 10_000), active: true },
  );
  const gates = usePlanPermissions(plan.value?.entityRef ?? '');

  if (plan.loading) return <Progress />;
  if (!plan.value)
    return <ResponseErrorPanel error={plan.error ?? new Error('No plan')} />;
  const p = plan.value;

  const runNow = async () => {
    setProblem(undefined);
    try {
      const planRun = await api.runPlan(p.id);
      navigate(planRunLink({ planRunId: planRun.id }));
    } catch (e) {
      setProblem(toApiProblem(e).message);
    }
  };

  const columns: TableColumn<PlanRunSummary>[] = [
    {
      title: 'Plan run',
      render: r => (
        <Link to={planRunLink({ planRunId: r.id })}>
          {formatInstant(r.createdAt)}
        </Link>
      ),
    },
    {
      title: 'Trigger',
      render: r =>
        r.trigger === 'schedule'
          ? 'schedule'
          : `by hand, ${formatPrincipal(r.triggeredBy)}`,
    },
    { title: 'Version', render: r => `v${r.planVersion}` },
    { title: 'Status', render: r => <PlanStatusChip status={r.status} /> },
    {
      title: 'Verdict',
      render: r => <VerdictChip verdict={r.verdict} reason={r.verdictReason} />,
    },
    {
      title: 'Took',
      render: r =>
        r.startedAt
          ? formatSeconds(
              secondsBetween(
                r.startedAt,
                r.finishedAt ?? new Date().toISOString(),
              ),
            )
          : NONE,
    },
  ];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PageHeader
          backTo={rootLink()}
          backLabel="Load tests"
          title={`Plan “${p.name}”`}
        >
          <GatedButton
            gate={gates.updatePlan}
            startIcon={<EditIcon />}
            onClick={() => navigate(editLink({ planId: p.id }))}
          >
            Edit
          </GatedButton>
          <GatedButton
            gate={gates.runPlan}
            variant="contained"
            color="primary"
            startIcon={<PlayArrowIcon />}
            onClick={runNow}
          >
            Run now
          </GatedButton>
        </PageHeader>
        {problem && (
          <Alert severity="error" style={{ marginTop: 16 }}>
            {problem}
          </Alert>
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Plan" subheader={p.description}>
          <Typography variant="body2">
            {p.groups.length} group{p.groups.length === 1 ? '' : 's'}, run one
            after another; {p.stopOnFailure ? 'stops' : 'goes on'} at the first
            step that does not pass. Schedule: {describeSchedule(p.schedule)}
            {p.schedule ? ` (${p.schedule.cron})` : ''}
            {p.schedule && !p.enabled ? ', paused' : ''}
            {p.schedule && p.enabled && p.nextRunAt
              ? `, next ${formatInstant(p.nextRunAt)}`
              : ''}
            . Version {p.version}.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<PlanRunSummary>
          title="Plan runs"
          subtitle={
            runs.error ? `Could not refresh: ${runs.error.message}` : undefined
          }
          isLoading={runs.loading}
          columns={columns}
          data={runs.value?.items ?? []}
          totalCount={runs.value?.totalCount ?? 0}
          {...paging.tableProps}
          options={{ ...paging.options, sorting: false }}
          emptyContent={
            <div style={{ padding: 16 }}>
              No runs yet. Press Run now, or wait for the schedule.
            </div>
          }
        />
      </Grid>
    </Grid>
  );
}
