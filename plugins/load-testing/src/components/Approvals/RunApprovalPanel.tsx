import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  Approval,
  Run,
  loadTestingRunApprovePermission,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useGate } from '../../hooks/useLoadTestingPermissions';
import {
  GatedButton,
  formatDateTime,
  formatPrincipal,
  formatRelative,
} from '../common';
import { ApprovalReasons, describeEstimate } from './ApprovalFacts';
import { DecisionDialog } from './DecisionDialog';

function asApproval(run: Run): Approval {
  return {
    ...run.approval!,
    subject: { kind: 'run', runId: run.id },
    entityRef: run.entityRef,
    title: run.scenarioName,
    requestedBy: run.createdBy,
    requestedAt: run.createdAt,
  };
}

/**
 * A run's approval: while it waits, why, how big, until when, and Approve / Deny for
 * those who may; once decided, who decided it, when, and what they said.
 */
export function RunApprovalPanel(props: { run: Run; onDecided: () => void }) {
  const { run } = props;
  const gate = useGate(
    loadTestingRunApprovePermission,
    run.entityRef,
    'approve runs',
  );
  const [decision, setDecision] = useState<'approve' | 'deny'>();
  const approval = run.approval;
  if (!approval) return null;

  if (approval.state === 'pending' && run.status === 'awaiting-approval') {
    return (
      <Alert severity="warning" data-testid="run-approval">
        <AlertTitle>This run waits for an approval</AlertTitle>
        <ApprovalReasons reasons={approval.reasons} />
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {describeEstimate(approval.estimate)}. The approval expires{' '}
          {formatRelative(approval.expiresAt)} (
          {formatDateTime(approval.expiresAt)}); the run is then cancelled.
        </Typography>
        <Box display="flex" style={{ gap: 8, marginTop: 8 }}>
          <GatedButton
            gate={gate}
            size="small"
            color="primary"
            variant="contained"
            onClick={() => setDecision('approve')}
          >
            Approve
          </GatedButton>
          <GatedButton
            gate={gate}
            size="small"
            variant="outlined"
            onClick={() => setDecision('deny')}
          >
            Deny
          </GatedButton>
        </Box>
        {decision && (
          <DecisionDialog
            approval={asApproval(run)}
            decision={decision}
            onClose={() => setDecision(undefined)}
            onDecided={() => {
              setDecision(undefined);
              props.onDecided();
            }}
          />
        )}
      </Alert>
    );
  }

  const when = formatDateTime(approval.decidedAt ?? approval.expiresAt);
  const comment = approval.comment ? `: ${approval.comment}` : '';
  let text: string;
  if (approval.state === 'approved')
    text = `Approved by ${formatPrincipal(approval.decidedBy)} at ${when}${comment}`;
  else if (approval.state === 'denied')
    text = `Denied by ${formatPrincipal(approval.decidedBy)} at ${when}${comment}`;
  else if (approval.state === 'expired')
    text = `The approval expired at ${when} without a decision`;
  else text = `The approval was not decided before the run ended`;
  return (
    <Alert
      severity={approval.state === 'approved' ? 'success' : 'info'}
      data-testid="run-approval"
    >
      {text}
      <Typography variant="caption" component="div" color="textSecondary">
        Asked because{' '}
        {approval.reasons.join('; ') || 'a plan approval covers it'}
      </Typography>
    </Alert>
  );
}
