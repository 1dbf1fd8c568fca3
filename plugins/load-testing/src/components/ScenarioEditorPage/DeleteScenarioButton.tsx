import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import DeleteIcon from '@material-ui/icons/Delete';
import { Alert } from '@material-ui/lab';
import { Scenario } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { loadTestingApiRef, toApiProblem } from '../../api';
import { Gate } from '../../hooks';
import { rootRouteRef } from '../../routes';
import { GatedButton } from '../common';

/** Deletes a scenario after a confirmation. */
export function DeleteScenarioButton(props: {
  scenario: Scenario;
  gate: Gate;
}) {
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const remove = async () => {
    try {
      await api.deleteScenario(props.scenario.id);
      navigate(rootLink());
    } catch (e) {
      setError(toApiProblem(e).message);
    }
  };
  return (
    <>
      <GatedButton
        gate={props.gate}
        startIcon={<DeleteIcon />}
        onClick={() => setOpen(true)}
      >
        Delete
      </GatedButton>
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>Delete “{props.scenario.name}”?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The scenario and its script are removed; its past runs stay in the
            run history.
          </DialogContentText>
          {error && <Alert severity="error">{error}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button color="secondary" variant="contained" onClick={remove}>
            Delete
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
