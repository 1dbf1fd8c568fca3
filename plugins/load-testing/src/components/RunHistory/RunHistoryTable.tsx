import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import MenuItem from '@material-ui/core/MenuItem';
import { CompareSelection, useCompareSelection } from './CompareSelection';
import { ReportMarker } from '../Report/ReportMarker';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  RunSummaryRow,
  ScenarioSummary,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef } from '../../api';
import { useNow, usePoll } from '../../hooks';
import { runRouteRef } from '../../routes';
import {
  NONE,
  RunStatusChip,
  VerdictChip,
  formatDateTime,
  formatMs,
  formatPrincipal,
  formatRatio,
  formatRelative,
  formatRps,
  formatSeconds,
  runElapsedSeconds,
  useServerPaging,
} from '../common';

const PAGE_SIZES = [10, 20, 50];

/** Runs of the entity (or of one scenario), newest first, paged by the backend. */
export function RunHistoryTable(props: {
  entityRef: string;
  scenarios: ScenarioSummary[];
}) {
  const api = useApi(loadTestingApiRef);
  const runLink = useRouteRef(runRouteRef);
  const paging = useServerPaging(PAGE_SIZES);
  const { page, pageSize, setPage } = paging;
  const [scenarioId, setScenarioId] = useState('');
  const runs = usePoll(
    () =>
      api.listRuns({
        entityRef: scenarioId ? undefined : props.entityRef,
        scenarioId: scenarioId || undefined,
        offset: page * pageSize,
        limit: pageSize,
      }),
    [props.entityRef, scenarioId, page, pageSize],
    // a live run on this page changes status and figures: follow it
    {
      intervalMs: 5000,
      active: p => p.items.some(r => !isTerminalStatus(r.status)),
    },
  );
  const items = runs.value?.items ?? [];
  const now = useNow(items.some(r => !isTerminalStatus(r.status)));
  const compare = useCompareSelection();

  const columns: TableColumn<RunSummaryRow>[] = [
    compare.column,
    {
      title: 'Run',
      highlight: true,
      cellStyle: { minWidth: 110 },
      render: r => <Link to={runLink({ runId: r.id })}>{r.scenarioName}</Link>,
    },
    {
      title: 'Status',
      render: r => <RunStatusChip status={r.status} reason={r.statusReason} />,
    },
    {
      title: 'Verdict',
      render: r =>
        r.verdict ? (
          <VerdictChip verdict={r.verdict} reason={r.verdictReason} />
        ) : (
          NONE
        ),
    },
    {
      title: 'Report',
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => <ReportMarker run={r} />,
    },
    {
      title: 'Duration',
      render: r => formatSeconds(runElapsedSeconds(r, now)),
    },
    { title: 'RPS', render: r => formatRps(r.rps), align: 'right' },
    { title: 'p95', render: r => formatMs(r.p95Ms), align: 'right' },
    {
      title: 'Failures',
      render: r => formatRatio(r.failureRatio),
      align: 'right',
    },
    {
      title: 'Started',
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => (
        <>
          <Tooltip title={formatDateTime(r.createdAt)}>
            <span>{formatRelative(r.createdAt, now)}</span>
          </Tooltip>
          <Tooltip title={r.createdBy}>
            <Typography
              variant="caption"
              color="textSecondary"
              component="div"
              noWrap
              style={{ maxWidth: 130 }}
            >
              by {formatPrincipal(r.createdBy)}
            </Typography>
          </Tooltip>
        </>
      ),
    },
  ];

  const filter = (
    <TextField
      select
      size="small"
      variant="outlined"
      label="Scenario"
      value={scenarioId}
      InputLabelProps={{ shrink: true }}
      SelectProps={{ displayEmpty: true }}
      onChange={e => {
        setScenarioId(e.target.value);
        setPage(0);
      }}
      style={{ minWidth: 200 }}
      inputProps={{ 'aria-label': 'Filter runs by scenario' }}
    >
      <MenuItem value="">All scenarios</MenuItem>
      {props.scenarios.map(s => (
        <MenuItem key={s.id} value={s.id}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <Table<RunSummaryRow>
      title="Run history"
      subtitle={
        runs.error ? `Could not refresh: ${runs.error.message}` : undefined
      }
      isLoading={runs.loading}
      columns={columns}
      data={items}
      totalCount={runs.value?.totalCount ?? 0}
      {...paging.tableProps}
      options={paging.options}
      emptyContent={
        <div style={{ padding: 16 }}>
          No runs yet. Press Run on a scenario above.
        </div>
      }
      // the only free action: material-table renders it in the toolbar
      actions={[
        { icon: () => <span />, isFreeAction: true, onClick: () => {} },
      ]}
      components={{
        Action: () => (
          <>
            {filter}
            <CompareSelection selection={compare} />
          </>
        ),
      }}
    />
  );
}
