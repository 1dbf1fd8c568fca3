import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { Alert } from '@material-ui/lab';
import { RunSummaryRow } from '@internal/plugin-load-testing-common';
import useAsync from 'react-use/esm/useAsync';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { rootRouteRef, runRouteRef } from '../../routes';
import { VerdictChip, formatDateTime, formatMs } from '../common';

/** How many recent runs the card reads, verdicts it shows, and points it draws. */
const RECENT_RUNS = 30;
const VERDICTS = 5;

/** The newest judged runs, newest first, and the p95 of completed runs, oldest first. */
export function cardFigures(runs: RunSummaryRow[]) {
  const judged = runs.filter(r => r.verdict).slice(0, VERDICTS);
  const sparkline = runs
    .filter(r => r.status === 'succeeded' && r.p95Ms !== undefined)
    .reverse()
    .map(r => ({ runId: r.id, p95Ms: r.p95Ms!, createdAt: r.createdAt }));
  return { judged, sparkline };
}

function Sparkline(props: {
  points: ReturnType<typeof cardFigures>['sparkline'];
}) {
  const theme = useTheme();
  const { points } = props;
  const last = points[points.length - 1];
  return (
    <Box
      mt={2}
      data-testid="load-testing-sparkline"
      data-points={points.length}
    >
      <Typography variant="caption" color="textSecondary">
        p95 of the last {points.length} completed run
        {points.length === 1 ? '' : 's'}
        {last ? ` · latest ${formatMs(last.p95Ms)}` : ''}
      </Typography>
      <ResponsiveContainer width="100%" height={56}>
        <LineChart
          data={points}
          margin={{ top: 4, right: 4, bottom: 4, left: 4 }}
        >
          <YAxis hide domain={['dataMin', 'dataMax']} />
          <Line
            dataKey="p95Ms"
            type="monotone"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            dot={points.length < 3}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </Box>
  );
}

/**
 * An Overview card: the entity's last verdicts, each opening its run, and the p95 of
 * its recent completed runs as a sparkline.
 * @public
 */
export function EntityLoadTestingCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(loadTestingApiRef);
  const rootLink = useRouteRef(rootRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const state = useAsync(
    () => api.listRuns({ entityRef, limit: RECENT_RUNS }),
    [api, entityRef],
  );

  let body;
  if (state.loading) body = <Progress />;
  else if (state.error)
    body = (
      <Alert severity="error">
        Could not read the load test runs: {toApiProblem(state.error).message}
      </Alert>
    );
  else {
    const { judged, sparkline } = cardFigures(state.value?.items ?? []);
    body =
      judged.length === 0 && sparkline.length === 0 ? (
        <Typography color="textSecondary" data-testid="load-testing-card-empty">
          No load test has run yet. <Link to={rootLink()}>Open Load Tests</Link>{' '}
          to write a scenario and run it.
        </Typography>
      ) : (
        <>
          <Typography variant="caption" color="textSecondary">
            Last verdicts, newest first
          </Typography>
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="center"
            style={{ gap: 8 }}
            mt={0.5}
            data-testid="load-testing-verdicts"
          >
            {judged.map(r => (
              <Tooltip
                key={r.id}
                title={`${r.scenarioName} · ${formatDateTime(r.createdAt)}${
                  r.verdictReason ? ` · ${r.verdictReason}` : ''
                }`}
              >
                <Link
                  to={runLink({ runId: r.id })}
                  data-testid={`card-run-${r.id}`}
                >
                  <VerdictChip verdict={r.verdict} />
                </Link>
              </Tooltip>
            ))}
          </Box>
          {sparkline.length > 0 && <Sparkline points={sparkline} />}
        </>
      );
  }
  return (
    <InfoCard
      title="Load Tests"
      deepLink={{ title: 'All scenarios and runs', link: rootLink() }}
    >
      <div data-testid="load-testing-card">{body}</div>
    </InfoCard>
  );
}
