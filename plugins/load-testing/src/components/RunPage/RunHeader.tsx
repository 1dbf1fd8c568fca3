import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import StopIcon from '@material-ui/icons/Stop';
import { Alert } from '@material-ui/lab';
import {
  Run,
  RunTotals,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { Gate, useNow } from '../../hooks';
import { rootRouteRef } from '../../routes';
import {
  GatedButton,
  RunStatusChip,
  VerdictChip,
  formatCount,
  formatDateTime,
  formatMs,
  formatPrincipal,
  formatRatio,
  formatRps,
  formatSeconds,
  runElapsedSeconds,
  BackButton,
} from '../common';
import { KubernetesPlacement } from './KubernetesPlacement';
import { RunWarnings, ShapePlan, plannedSeconds } from './ShapePlan';
import { VerdictChecks } from './VerdictChecks';
import { BaselineControls } from './BaselineControls';
import { ExportButtons } from '../Report/ExportButtons';

function Figure(props: { label: string; value: string; testId?: string }) {
  return (
    <Box>
      <Typography variant="caption" color="textSecondary">
        {props.label}
      </Typography>
      <Typography variant="h5" data-testid={props.testId}>
        {props.value}
      </Typography>
    </Box>
  );
}

/** Status, verdict, elapsed time and key figures of a run, with its Stop button. */
export function RunHeader(props: {
  run: Run;
  live: boolean;
  totals?: RunTotals | null;
  stopGate: Gate;
  onChanged: () => void;
}) {
  const { run, live, totals, stopGate } = props;
  const api = useApi(loadTestingApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const now = useNow(live);
  const [stopping, setStopping] = useState(false);
  const [stopError, setStopError] = useState<string>();
  const elapsed = runElapsedSeconds(run, now);
  // a shape may end before the run's duration, which is then only its time limit
  const planned = run.shape ? plannedSeconds(run) : run.parameters.duration;
  const shapeEndUnknown =
    Boolean(run.shape) && run.shape?.endsAfterSeconds === undefined;
  // the load's own duration (Locust's run time) once known, not start-up and shutdown
  const duration = live ? elapsed : (totals?.durationSeconds ?? elapsed);
  const stoppable = [
    'pending',
    'awaiting-approval',
    'provisioning',
    'running',
  ].includes(run.status);

  const stop = async () => {
    setStopping(true);
    setStopError(undefined);
    try {
      await api.cancelRun(run.id);
      props.onChanged();
    } catch (e) {
      setStopError(toApiProblem(e).message);
    } finally {
      setStopping(false);
    }
  };

  const total = totals?.total;
  return (
    <Card>
      <CardContent>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 12 }}
        >
          <BackButton to={rootLink()} size="small">
            Scenarios
          </BackButton>
          <Typography variant="h5">{run.scenarioName}</Typography>
          <RunStatusChip status={run.status} />
          <VerdictChip verdict={run.verdict} />
          {!live && <BaselineControls run={run} />}
          <Box flexGrow={1} />
          {live && (
            <GatedButton
              gate={stopGate}
              variant="contained"
              color="secondary"
              startIcon={<StopIcon />}
              onClick={stop}
              disabled={stopping || !stoppable}
              disabledReason={
                run.status === 'stopping' ? 'The run is stopping' : undefined
              }
            >
              {run.status === 'stopping' || stopping ? 'Stopping…' : 'Stop'}
            </GatedButton>
          )}
          {isTerminalStatus(run.status) && <ExportButtons runId={run.id} />}
        </Box>
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ marginTop: 4 }}
        >
          Started by {formatPrincipal(run.createdBy)} ·{' '}
          {formatDateTime(run.createdAt)} · {run.executor} executor
          {run.finishedAt && ` · ended ${formatDateTime(run.finishedAt)}`}
        </Typography>
        <KubernetesPlacement run={run} live={live} />
        {run.statusReason && (
          <Alert
            severity={
              run.status === 'failed' || run.status === 'lost'
                ? 'error'
                : 'info'
            }
            style={{ marginTop: 12 }}
            data-testid="run-status-reason"
          >
            {run.statusReason}
          </Alert>
        )}
        {stopError && (
          <Alert severity="error" style={{ marginTop: 12 }}>
            Could not stop the run: {stopError}
          </Alert>
        )}
        <Grid container spacing={3} style={{ marginTop: 8 }}>
          <Grid item xs={6} sm={4} md={2}>
            <Figure
              label={
                live
                  ? `Elapsed (${shapeEndUnknown ? 'stops by' : 'of'} ${formatSeconds(planned)})`
                  : 'Duration'
              }
              value={formatSeconds(duration)}
              testId="run-elapsed"
            />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <Figure label="Requests" value={formatCount(total?.requests)} />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <Figure label="Average RPS" value={formatRps(total?.rps)} />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <Figure label="p95" value={formatMs(total?.percentiles.p95)} />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <Figure label="Failures" value={formatRatio(total?.failureRatio)} />
          </Grid>
          <Grid item xs={6} sm={4} md={2}>
            <Figure label="Peak users" value={formatCount(totals?.peakUsers)} />
          </Grid>
        </Grid>
        {live && run.status === 'running' && elapsed !== undefined && (
          <LinearProgress
            variant="determinate"
            value={Math.min(100, (elapsed / planned) * 100)}
            style={{ marginTop: 12 }}
          />
        )}
        {live && run.status !== 'running' && (
          <LinearProgress style={{ marginTop: 12 }} />
        )}
        <RunWarnings run={run} />
        <ShapePlan run={run} elapsed={live ? elapsed : undefined} />
        <VerdictChecks run={run} />
      </CardContent>
    </Card>
  );
}
