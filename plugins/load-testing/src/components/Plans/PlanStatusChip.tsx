import { PlanRunStatus, RunStatus } from '@internal/plugin-load-testing-common';
import { ChipTone, RUN_STATUS_TONE, ToneChip } from '../common';

type Shown = PlanRunStatus | RunStatus | 'not-started';

const TONE: Record<Shown, ChipTone> = {
  ...RUN_STATUS_TONE,
  queued: 'wait',
  skipped: 'idle',
  'not-started': 'idle',
};

/** The status of a plan run or of one of its steps. */
export function PlanStatusChip(props: { status: Shown; reason?: string }) {
  return (
    <ToneChip
      label={props.status}
      tone={TONE[props.status] ?? 'idle'}
      reason={props.reason}
      testId="plan-run-status"
    />
  );
}
