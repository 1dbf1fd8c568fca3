import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import NotesIcon from '@material-ui/icons/Notes';
import { RunSummaryRow } from '@internal/plugin-load-testing-common';
import { NONE } from '../common';

const COLORS: Record<string, string> = {
  accepted: '#2e7d32',
  regression: '#c62828',
  investigating: '#ef6c00',
  invalid: '#757575',
};

/** A run's report in a list: its status, and a mark when it has conclusions. */
export function ReportMarker({ run }: { run: RunSummaryRow }) {
  if (!run.reportStatus && !run.hasConclusions) return <>{NONE}</>;
  return (
    <Box
      display="flex"
      alignItems="center"
      style={{ gap: 4 }}
      data-testid="report-marker"
    >
      {run.reportStatus && (
        <Typography
          variant="body2"
          style={{ color: COLORS[run.reportStatus], fontWeight: 500 }}
        >
          {run.reportStatus}
        </Typography>
      )}
      {run.hasConclusions && (
        <Tooltip title="Has conclusions">
          <NotesIcon
            fontSize="small"
            color="action"
            titleAccess="Has conclusions"
          />
        </Tooltip>
      )}
    </Box>
  );
}
