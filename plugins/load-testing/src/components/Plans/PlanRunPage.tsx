import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import StopIcon from '@material-ui/icons/Stop';
import { Alert } from '@material-ui/lab';
import {
  PlanRun,
  PlanRunStep,
  TERMINAL_PLAN_RUN_STATUSES,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { usePlanPermissions, usePoll } from '../../hooks';
import { planRunsRouteRef, runRouteRef } from '../../routes';
import {
  GatedButton,
  PageHeader,
  NONE,
  VerdictChip,
  formatPrincipal,
  formatSeconds,
  secondsBetween,
} from '../common';
import { PlanStatusChip } from './PlanStatusChip';
import { formatInstant } from './cronWords';

const isLive = (r: PlanRun) => !TERMINAL_PLAN_RUN_STATUSES.includes(r.status);

function groupsOf(steps: PlanRunStep[]): PlanRunStep[][] {
  const groups: PlanRunStep[][] = [];
  for (const step of [...steps].sort(
    (a, b) => a.group - b.group || a.index - b.index,
  ))
    (groups[step.group] ??= []).push(step);
  return groups.filter(Boolean);
}

function Step(props: { step: PlanRunStep }) {
  const { step } = props;
  const runLink = useRouteRef(runRouteRef);
  return (
    <Paper
      variant="outlined"
      style={{ padding: 12, height: '100%' }}
      data-testid="plan-run-step"
    >
      <Typography variant="subtitle2">{step.scenarioName}</Typography>
      <Box display="flex" alignItems="center" gridGap={8} mt={1}>
        <PlanStatusChip status={step.status} />
        <VerdictChip verdict={step.verdict} reason={step.verdictReason} />
        {step.runId && (
          <Link to={runLink({ runId: step.runId })}>Open run</Link>
        )}
      </Box>
      {step.verdictReason && step.verdict !== 'pass' && (
        <Typography variant="caption" color="textSecondary" component="p">
          {step.verdictReason}
        </Typography>
      )}
      {step.error && (
        <Alert severity="error" style={{ marginTop: 8 }}>
          Could not start: {step.error}
        </Alert>
      )}
    </Paper>
  );
}

/** One run of a plan: its status, verdict, and each step's run. */
export function PlanRunPage(props: { planRunId: string }) {
  const api = useApi(loadTestingApiRef);
  const runsLink = useRouteRef(planRunsRouteRef);
  const [problem, setProblem] = useState<string>();
  const [cancelling, setCancelling] = useState(false);
  const planRun = usePoll(
    () => api.getPlanRun(props.planRunId),
    [props.planRunId],
    { intervalMs: 2000, active: isLive },
  );
  const gates = usePlanPermissions(planRun.value?.entityRef ?? '');
  if (planRun.loading) return <Progress />;
  if (!planRun.value)
    return (
      <ResponseErrorPanel error={planRun.error ?? new Error('No plan run')} />
    );
  const r = planRun.value;

  const cancel = async () => {
    setCancelling(true);
    setProblem(undefined);
    try {
      await api.cancelPlanRun(r.id);
      planRun.refresh();
    } catch (e) {
      setProblem(toApiProblem(e).message);
    } finally {
      setCancelling(false);
    }
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PageHeader
          backTo={runsLink({ planId: r.planId })}
          backLabel="Plan runs"
          title={`${r.planName}: run of ${formatInstant(r.createdAt)}`}
        >
          {isLive(r) && (
            <GatedButton
              gate={gates.runPlan}
              variant="outlined"
              startIcon={<StopIcon />}
              disabled={cancelling}
              onClick={cancel}
            >
              Cancel
            </GatedButton>
          )}
        </PageHeader>
        {problem && (
          <Alert severity="error" style={{ marginTop: 16 }}>
            {problem}
          </Alert>
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Plan run">
          <Box
            display="flex"
            alignItems="center"
            gridGap={12}
            flexWrap="wrap"
            data-testid="plan-run-header"
          >
            <PlanStatusChip status={r.status} />
            <VerdictChip
              verdict={r.verdict}
              reason={r.verdictReason}
              emptyLabel={isLive(r) ? 'no verdict yet' : undefined}
            />
            <Typography variant="body2">
              {r.trigger === 'schedule'
                ? 'Fired by its schedule'
                : `Run by hand by ${formatPrincipal(r.triggeredBy)}`}
              , plan version {r.planVersion}. Started{' '}
              {r.startedAt ? formatInstant(r.startedAt) : NONE}
              {r.finishedAt ? `, ended ${formatInstant(r.finishedAt)}` : ''}
              {r.startedAt && r.finishedAt
                ? ` (took ${formatSeconds(secondsBetween(r.startedAt, r.finishedAt))})`
                : ''}
              .
            </Typography>
          </Box>
          {r.verdictReason && (
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ marginTop: 8 }}
              data-testid="plan-run-reason"
            >
              {r.verdictReason}
            </Typography>
          )}
        </InfoCard>
      </Grid>
      {groupsOf(r.steps).map((steps, g) => (
        <Grid item xs={12} key={g}>
          <InfoCard
            title={`Group ${steps[0].group + 1}`}
            subheader="Steps that ran side by side"
          >
            <Grid container spacing={2}>
              {steps.map(step => (
                <Grid item xs={12} md={6} lg={4} key={step.index}>
                  <Step step={step} />
                </Grid>
              ))}
            </Grid>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}
