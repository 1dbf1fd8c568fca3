import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import { Approval } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { ApprovalReasons, describeEstimate } from './ApprovalFacts';

const MAX_COMMENT = 2000;

/** Approve or deny one approval, with an optional comment. */
export function DecisionDialog(props: {
  approval: Approval;
  decision: 'approve' | 'deny';
  onClose: () => void;
  onDecided: (approval: Approval) => void;
}) {
  const { approval, decision } = props;
  const api = useApi(loadTestingApiRef);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const verb = decision === 'approve' ? 'Approve' : 'Deny';

  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const decided = await api.decideApproval(approval.id, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      props.onDecided(decided);
    } catch (e) {
      setProblem(toApiProblem(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>
        {verb} {approval.title}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          {decision === 'approve'
            ? 'The run starts as soon as you approve it.'
            : 'The run is cancelled and does not start.'}{' '}
          {describeEstimate(approval.estimate)}
        </Typography>
        <ApprovalReasons reasons={approval.reasons} />
        <TextField
          id="approval-comment"
          label="Comment (optional)"
          multiline
          minRows={2}
          fullWidth
          margin="normal"
          variant="outlined"
          value={comment}
          onChange={e => setComment(e.target.value)}
          inputProps={{ maxLength: MAX_COMMENT }}
          helperText={`${comment.length} / ${MAX_COMMENT}`}
        />
        {problem && <Alert severity="error">{problem}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color={decision === 'approve' ? 'primary' : 'secondary'}
          variant="contained"
          onClick={submit}
          disabled={busy}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
