import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { Alert } from '@material-ui/lab';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useLoadTestingPermissions, useRunResults } from '../../hooks';
import { EndpointTable } from './EndpointTable';
import { ErrorsTable } from './ErrorsTable';
import { NodeLogs } from './NodeLogs';
import { NodesTable } from './NodesTable';
import { ParametersCard } from './ParametersCard';
import { RunCharts } from './RunCharts';
import { ResourceCharts } from './ResourceCharts';
import { TimeWindow, parseWindow } from './chartData';
import { RunHeader } from './RunHeader';
import { ReportSection } from '../Report';
import { RunApprovalPanel } from '../Approvals';
import { isTerminalStatus } from '@internal/plugin-load-testing-common';

const DEFAULT_PERCENTILES = ['p50', 'p95', 'p99'];

/** One run: live while it goes (polling every 2 s), its report once it ended. */
export function RunPage(props: { runId: string }) {
  const { entity } = useEntity();
  const gates = useLoadTestingPermissions(stringifyEntityRef(entity));
  const [percentiles, setPercentiles] = useState(DEFAULT_PERCENTILES);
  const [endpoint, setEndpoint] = useState('');
  // the zoomed window lives in the URL, so a link opens the same view
  const [search, setSearch] = useSearchParams();
  const fromParam = search.get('from');
  const toParam = search.get('to');
  const window = useMemo(
    () => parseWindow(fromParam, toParam),
    [fromParam, toParam],
  );
  const setWindow = useCallback(
    (w: TimeWindow | undefined) =>
      setSearch(
        prev => {
          const next = new URLSearchParams(prev);
          if (w) {
            next.set('from', String(w.from));
            next.set('to', String(w.to));
          } else {
            next.delete('from');
            next.delete('to');
          }
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const results = useRunResults(props.runId, {
    percentiles,
    endpoint: endpoint || undefined,
    window,
  });
  const { snapshot, live } = results;

  if (!snapshot && results.loading) return <Progress />;
  if (!snapshot)
    return (
      <ResponseErrorPanel error={results.error ?? new Error('Run not found')} />
    );
  const { run } = snapshot;
  const noResults =
    !live && !snapshot.totals && snapshot.series.points.length === 0;
  // pods have more to show than processes: the nodes table takes the full width
  const onPods = snapshot.nodes.some(n => n.pod);
  // the results and resource charts share one time axis and one zoomed window
  const timeAxis = {
    series: snapshot.series,
    startMs: run.startedAt ? Date.parse(run.startedAt) : undefined,
    lastSampleMs: run.lastSampleAt ? Date.parse(run.lastSampleAt) : undefined,
    live,
    window,
    onWindowChange: setWindow,
  };
  const logs = (
    <Grid item xs={12}>
      <NodeLogs runId={run.id} nodes={snapshot.nodes} live={live} />
    </Grid>
  );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <RunHeader
          run={run}
          live={live}
          totals={snapshot.totals}
          stopGate={gates.cancelRun}
          onChanged={results.refresh}
        />
        {results.error && live && (
          <Alert severity="warning" style={{ marginTop: 8 }}>
            Could not refresh (retrying): {results.error.message}
          </Alert>
        )}
      </Grid>
      {run.approval && (
        <Grid item xs={12}>
          <RunApprovalPanel run={run} onDecided={results.refresh} />
        </Grid>
      )}
      {isTerminalStatus(run.status) && (
        <Grid item xs={12}>
          <ReportSection runId={run.id} gate={gates.updateReport} />
        </Grid>
      )}
      {noResults ? (
        // an ended run without samples failed early: the reason is in the logs, show them first
        logs
      ) : (
        <>
          <Grid item xs={12}>
            <RunCharts
              {...timeAxis}
              percentiles={percentiles}
              onPercentilesChange={setPercentiles}
              endpoint={endpoint}
              onEndpointChange={setEndpoint}
              rawDroppedAt={run.rawDroppedAt}
            />
          </Grid>
          <Grid item xs={12}>
            <ResourceCharts runId={run.id} {...timeAxis} />
          </Grid>
          <Grid item xs={12}>
            <EndpointTable
              totals={window ? snapshot.windowTotals : snapshot.totals}
              startMs={run.startedAt ? Date.parse(run.startedAt) : undefined}
              live={live}
              window={
                window && run.startedAt
                  ? {
                      from: (window.from - Date.parse(run.startedAt)) / 1000,
                      to: (window.to - Date.parse(run.startedAt)) / 1000,
                    }
                  : undefined
              }
            />
          </Grid>
          <Grid item xs={12}>
            <ErrorsTable errors={snapshot.errors} />
          </Grid>
        </>
      )}
      <Grid item xs={12} md={onPods ? 12 : 7}>
        <NodesTable nodes={snapshot.nodes} createdAt={run.createdAt} />
      </Grid>
      <Grid item xs={12} md={onPods ? 12 : 5}>
        <ParametersCard run={run} />
      </Grid>
      {!noResults && logs}
    </Grid>
  );
}
