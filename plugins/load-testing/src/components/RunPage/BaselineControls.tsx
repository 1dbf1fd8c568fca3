import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import FlagIcon from '@material-ui/icons/Flag';
import { Run, ScenarioBaseline } from '@internal/plugin-load-testing-common';
import { useEffect, useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { useLoadTestingPermissions } from '../../hooks';
import { runRouteRef } from '../../routes';
import {
  GatedButton,
  formatDateTime,
  formatMs,
  formatPrincipal,
  formatRatio,
} from '../common';

/** Why a run cannot be its scenario's baseline, or nothing when it can. */
export function baselineRefusal(run: Run): string | undefined {
  if (run.status !== 'succeeded')
    return 'Only a run that completed can be the baseline';
  if (!run.verdict) return 'Only a run with a verdict can be the baseline';
  if (!run.requests) return 'The run made no requests: nothing to compare with';
  return undefined;
}

/**
 * The "Baseline" chip of the scenario's baseline run, or the button that makes a
 * completed run the baseline every later run is judged against.
 */
export function BaselineControls(props: { run: Run }) {
  const { run } = props;
  const api = useApi(loadTestingApiRef);
  const gate = useLoadTestingPermissions(run.entityRef).updateReport;
  const [baseline, setBaseline] = useState<ScenarioBaseline | null>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let live = true;
    api
      .getScenario(run.scenarioId)
      .then(s => live && setBaseline(s.baseline ?? null))
      // a deleted scenario has no baseline to set
      .catch(() => live && setBaseline(null));
    return () => {
      live = false;
    };
  }, [api, run.scenarioId]);

  if (baseline === undefined) return null;
  if (baseline?.runId === run.id) {
    const by = baseline.setBy ? ` by ${formatPrincipal(baseline.setBy)}` : '';
    const at = baseline.setAt ? ` on ${formatDateTime(baseline.setAt)}` : '';
    return (
      <Tooltip
        title={`Later runs of this scenario are judged against this one (p95 margin ${baseline.marginPercent} %). Set${by}${at}.`}
      >
        <Chip
          icon={<FlagIcon />}
          label="Baseline"
          color="primary"
          size="small"
          data-testid="baseline-chip"
        />
      </Tooltip>
    );
  }
  const refusal = baselineRefusal(run);
  if (refusal && run.status !== 'succeeded') return null;
  const make = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setBaseline(await api.setBaseline(run.scenarioId, { runId: run.id }));
    } catch (e) {
      setError(toApiProblem(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <GatedButton
        gate={gate}
        size="small"
        variant="outlined"
        startIcon={<FlagIcon />}
        onClick={make}
        disabled={busy || Boolean(refusal)}
        disabledReason={refusal}
        title={
          baseline
            ? 'Replace the scenario’s baseline: later runs are judged against this one'
            : 'Later runs of this scenario are judged against this one'
        }
      >
        Make baseline
      </GatedButton>
      {error && (
        <Typography variant="body2" color="error" data-testid="baseline-error">
          {error}
        </Typography>
      )}
    </Box>
  );
}

/** Under the verdict: which baseline run it was compared with, and its figures. */
export function BaselineNote(props: { run: Run }) {
  const runLink = useRouteRef(runRouteRef);
  const b = props.run.verdictDetails?.baseline;
  if (!b) return null;
  const figures = [
    b.p95Ms !== undefined ? `p95 ${formatMs(b.p95Ms)}` : undefined,
    b.failureRatio !== undefined
      ? `failures ${formatRatio(b.failureRatio)}`
      : undefined,
  ].filter(Boolean);
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      style={{ marginTop: 8 }}
      data-testid="baseline-note"
    >
      Compared with the baseline run{' '}
      <Link to={runLink({ runId: b.runId })}>{b.runId.slice(0, 8)}</Link> (
      {figures.join(', ')}; margin {b.marginPercent} %).
    </Typography>
  );
}
