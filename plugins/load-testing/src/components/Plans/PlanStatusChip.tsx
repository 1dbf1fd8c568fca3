import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { PlanRunStatus, RunStatus } from '@internal/plugin-load-testing-common';

const useStyles = makeStyles(theme => ({
  chip: { margin: 0, fontWeight: theme.typography.fontWeightMedium as number },
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  bad: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  busy: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  wait: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  idle: {},
}));

type Shown = PlanRunStatus | RunStatus | 'not-started';

const CLASS: Record<Shown, 'ok' | 'bad' | 'busy' | 'wait' | 'idle'> = {
  queued: 'wait',
  pending: 'wait',
  'awaiting-approval': 'wait',
  provisioning: 'busy',
  running: 'busy',
  stopping: 'busy',
  succeeded: 'ok',
  failed: 'bad',
  lost: 'bad',
  cancelled: 'idle',
  skipped: 'idle',
  'not-started': 'idle',
};

/** The status of a plan run or of one of its steps. */
export function PlanStatusChip(props: { status: Shown; reason?: string }) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      label={props.status}
      className={`${classes.chip} ${classes[CLASS[props.status] ?? 'idle']}`}
      data-testid="plan-run-status"
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
