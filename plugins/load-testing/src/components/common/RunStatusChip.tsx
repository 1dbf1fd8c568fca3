import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { RunStatus, VerdictResult } from '@internal/plugin-load-testing-common';

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

const STATUS_CLASS: Record<RunStatus, 'ok' | 'bad' | 'busy' | 'wait' | 'idle'> =
  {
    pending: 'wait',
    'awaiting-approval': 'wait',
    provisioning: 'busy',
    running: 'busy',
    stopping: 'busy',
    succeeded: 'ok',
    failed: 'bad',
    cancelled: 'idle',
    lost: 'bad',
  };

/** The status of a run; `reason` (why it failed or stopped) as its tooltip. */
export function RunStatusChip(props: { status: RunStatus; reason?: string }) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      label={props.status}
      className={`${classes.chip} ${classes[STATUS_CLASS[props.status]]}`}
      data-testid="run-status"
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}

const VERDICT: Record<
  VerdictResult,
  { label: string; className: 'ok' | 'bad' | 'wait' }
> = {
  pass: { label: 'PASS', className: 'ok' },
  fail: { label: 'FAIL', className: 'bad' },
  inconclusive: { label: 'INCONCLUSIVE', className: 'wait' },
};

/**
 * Pass, fail or inconclusive; `reason` (why it is not a pass) as its tooltip. Nothing
 * when the run has no verdict.
 */
export function VerdictChip(props: {
  verdict?: VerdictResult;
  reason?: string;
  emptyLabel?: string;
}) {
  const classes = useStyles();
  if (!props.verdict) {
    return props.emptyLabel ? (
      <Chip
        size="small"
        variant="outlined"
        label={props.emptyLabel}
        className={classes.chip}
      />
    ) : null;
  }
  const v = VERDICT[props.verdict] ?? VERDICT.inconclusive;
  const chip = (
    <Chip
      size="small"
      label={v.label}
      className={`${classes.chip} ${classes[v.className]}`}
      data-testid="run-verdict"
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
