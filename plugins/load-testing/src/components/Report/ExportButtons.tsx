import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { RunExportFormat, loadTestingApiRef, toApiProblem } from '../../api';

const FORMATS: Array<{
  format: RunExportFormat;
  label: string;
  title: string;
}> = [
  {
    format: 'html',
    label: 'HTML',
    title: 'The report as one HTML file with its charts: opens offline',
  },
  {
    format: 'csv',
    label: 'CSV',
    title: "The endpoint table in Locust's own --csv columns",
  },
  {
    format: 'json',
    label: 'JSON',
    title: 'The whole run: parameters, verdict, figures, series, report',
  },
  {
    format: 'junit',
    label: 'JUnit',
    title: "The verdict's checks as JUnit XML",
  },
];

/** Hands a file to the browser to save, under the name given. */
export function saveFile(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the download has its own copy once it started
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Downloads of a finished run: fetched with the user's token (a plain link would carry
 * none), then saved from memory.
 */
export function ExportButtons(props: { runId: string }) {
  const api = useApi(loadTestingApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState<RunExportFormat | undefined>();

  const download = async (format: RunExportFormat, label: string) => {
    setBusy(format);
    try {
      const file = await api.exportRun(props.runId, format);
      saveFile(file.blob, file.fileName);
    } catch (e) {
      alertApi.post({
        message: `Could not download the ${label} export: ${
          toApiProblem(e).message
        }`,
        severity: 'error',
      });
    } finally {
      setBusy(undefined);
    }
  };

  // on the right of the header, also when it wraps to a line of its own
  return (
    <Box marginLeft="auto">
      <ButtonGroup
        size="small"
        variant="outlined"
        aria-label="Download the run"
        data-testid="export-buttons"
      >
        {FORMATS.map(f => (
          <Tooltip key={f.format} title={f.title}>
            <Button
              startIcon={<GetAppIcon />}
              aria-label={`Download ${f.label}`}
              disabled={busy === f.format}
              onClick={() => download(f.format, f.label)}
            >
              {f.label}
            </Button>
          </Tooltip>
        ))}
      </ButtonGroup>
    </Box>
  );
}
