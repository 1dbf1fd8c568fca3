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

/** The colour a status chip takes: done well, done badly, under way, waiting, or neither. */
export type ChipTone = 'ok' | 'bad' | 'busy' | 'wait' | 'idle';

/** A small status chip in one of the tones; `reason` as its tooltip. */
export function ToneChip(props: {
  label: string;
  tone: ChipTone;
  reason?: string;
  testId?: string;
}) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      label={props.label}
      className={`${classes.chip} ${classes[props.tone]}`}
      data-testid={props.testId}
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}

/** The tone of each run status (plan runs and their steps share most of them). */
export const RUN_STATUS_TONE: Record<RunStatus, ChipTone> = {
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
  return (
    <ToneChip
      label={props.status}
      tone={RUN_STATUS_TONE[props.status]}
      reason={props.reason}
      testId="run-status"
    />
  );
}

const VERDICT: Record<VerdictResult, { label: string; tone: ChipTone }> = {
  pass: { label: 'PASS', tone: 'ok' },
  fail: { label: 'FAIL', tone: 'bad' },
  inconclusive: { label: 'INCONCLUSIVE', tone: 'wait' },
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
  return (
    <ToneChip
      label={v.label}
      tone={v.tone}
      reason={props.reason}
      testId="run-verdict"
    />
  );
}
