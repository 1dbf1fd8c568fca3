import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import { Alert } from '@material-ui/lab';
import { ReportPatch, RunReport } from '@internal/plugin-load-testing-common';
import { useCallback, useEffect, useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { Gate } from '../../hooks';
import { ConclusionsPanel } from './ConclusionsPanel';
import { IssuesPanel } from './IssuesPanel';
import { ReportMeta } from './ReportMeta';

/**
 * The report of a finished run: what the team made of it (status, conclusions, linked
 * issues, tags) and whether it outlives the retention of runs.
 */
export function ReportSection(props: { runId: string; gate: Gate }) {
  const { runId, gate } = props;
  const api = useApi(loadTestingApiRef);
  const [report, setReport] = useState<RunReport>();
  const [loadError, setLoadError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  useEffect(() => {
    let cancelled = false;
    api.getReport(runId).then(
      r => !cancelled && setReport(r),
      e => !cancelled && setLoadError(e),
    );
    return () => {
      cancelled = true;
    };
  }, [api, runId]);

  /** Runs a change; the answer is the report as it now is. */
  const change = useCallback(
    async (write: () => Promise<RunReport>): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      setFieldErrors({});
      try {
        setReport(await write());
        return true;
      } catch (e) {
        const problem = toApiProblem(e);
        setError(problem.message);
        setFieldErrors(problem.fields);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );

  if (loadError)
    return (
      <InfoCard title="Report">
        <Alert severity="error">
          Could not load the report: {toApiProblem(loadError).message}
        </Alert>
      </InfoCard>
    );
  if (!report)
    return (
      <InfoCard title="Report">
        <Progress />
      </InfoCard>
    );
  return (
    <InfoCard title="Report">
      <Box data-testid="report-section">
        {error && (
          <Box mb={2}>
            <Alert severity="error" onClose={() => setError(undefined)}>
              {error}
            </Alert>
          </Box>
        )}
        <ReportMeta
          report={report}
          gate={gate}
          busy={busy}
          onChange={(patch: ReportPatch) =>
            change(() => api.updateReport(runId, patch))
          }
        />
        <Box my={2}>
          <Divider />
        </Box>
        <ConclusionsPanel
          report={report}
          gate={gate}
          busy={busy}
          onSave={body => change(() => api.addReportConclusions(runId, body))}
        />
        <Box my={2}>
          <Divider />
        </Box>
        <IssuesPanel
          report={report}
          gate={gate}
          busy={busy}
          fieldErrors={fieldErrors}
          onAdd={issue => change(() => api.addReportIssue(runId, issue))}
          onRemove={issueId =>
            change(() => api.removeReportIssue(runId, issueId))
          }
        />
      </Box>
    </InfoCard>
  );
}
