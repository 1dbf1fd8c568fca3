import { Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { rootRouteRef, runRouteRef } from '../../routes';
import {
  VerdictChip,
  formatDateTime,
  formatSeconds,
  BackButton,
} from '../common';
import { ChangeTable } from './ChangeTable';
import { ConditionsCard } from './ConditionsCard';
import { OverlayCharts, runLabel } from './OverlayCharts';
import { RUN_COLORS, runIdsFromQuery } from './overlay';

/** 2 to 4 runs side by side: conditions, each endpoint's change, charts overlaid. */
export function ComparePage() {
  const api = useApi(loadTestingApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const [params] = useSearchParams();
  const ids = runIdsFromQuery(params.get('runs'));
  const key = ids.join(',');
  const state = useAsync(async () => {
    if (ids.length < 2) return undefined;
    const comparison = await api.compareRuns(ids);
    // a run without samples still compares: only its lines are missing
    const series = await Promise.all(
      ids.map(id =>
        api
          .getSeries(id, { percentiles: ['p95'], points: 300 })
          .catch(() => undefined),
      ),
    );
    return { comparison, series };
  }, [api, key]);

  const back = (
    <BackButton to={rootLink()} size="small">
      Scenarios
    </BackButton>
  );
  if (ids.length < 2)
    return (
      <>
        {back}
        <Alert severity="info" style={{ marginTop: 8 }}>
          Pick 2 to 4 runs in the run history and press Compare.
        </Alert>
      </>
    );
  if (state.loading) return <Progress />;
  if (state.error || !state.value)
    return (
      <>
        {back}
        <Alert severity="error" style={{ marginTop: 8 }}>
          Could not compare the runs:{' '}
          {state.error ? toApiProblem(state.error).message : 'no answer'}
        </Alert>
      </>
    );
  const { comparison, series } = state.value;
  return (
    <Grid container spacing={3} data-testid="compare-page">
      <Grid item xs={12}>
        <Card>
          <CardContent>
            <Box display="flex" alignItems="center" style={{ gap: 12 }}>
              {back}
              <Typography variant="h5">
                Comparing {comparison.runs.length} runs
              </Typography>
            </Box>
            <Box mt={1}>
              {comparison.runs.map((r, i) => (
                <Box
                  key={r.id}
                  display="flex"
                  alignItems="center"
                  style={{ gap: 8 }}
                  mt={0.5}
                  data-testid={`compared-run-${i}`}
                >
                  <span
                    style={{
                      width: 12,
                      height: 12,
                      borderRadius: 6,
                      background: RUN_COLORS[i],
                      display: 'inline-block',
                    }}
                  />
                  <Link to={runLink({ runId: r.id })}>
                    {runLabel(r, i)} · {r.scenario}
                  </Link>
                  <VerdictChip verdict={r.verdict} />
                  <Typography variant="body2" color="textSecondary">
                    {formatDateTime(r.startedAt ?? r.createdAt)} ·{' '}
                    {formatSeconds(r.durationSeconds)}
                    {i === 0 ? ' · the reference' : ''}
                  </Typography>
                </Box>
              ))}
            </Box>
          </CardContent>
        </Card>
      </Grid>
      <Grid item xs={12}>
        <ConditionsCard comparison={comparison} />
      </Grid>
      <Grid item xs={12}>
        <ChangeTable runs={comparison.runs} endpoints={comparison.endpoints} />
      </Grid>
      <Grid item xs={12}>
        <OverlayCharts runs={comparison.runs} series={series} />
      </Grid>
    </Grid>
  );
}
