import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { Run, Scenario } from '@internal/plugin-load-testing-common';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ApiProblem,
  fieldMap,
  loadTestingApiRef,
  toApiProblem,
} from '../../api';
import {
  ParameterValues,
  RunParametersFields,
  checkParameters,
  fromParameterValues,
  toParameterValues,
} from '../common';

/** Fields the form shows next to an input; anything else goes in the alert. */
const SHOWN = ['users', 'spawnRate', 'duration', 'workers', 'host'].map(
  k => `parameters.${k}`,
);

function ProblemAlert({ problem }: { problem: ApiProblem }) {
  const other = Object.entries(problem.fields).filter(
    ([f]) => !SHOWN.includes(f),
  );
  const fieldsOnly =
    Object.keys(problem.fields).length > 0 && other.length === 0;
  if (fieldsOnly) {
    return (
      <Alert severity="error">
        Fix the highlighted fields to start the run.
      </Alert>
    );
  }
  const title =
    problem.status === 403
      ? 'The backend refused this run'
      : 'The run could not be started';
  return (
    <Alert severity="error" data-testid="run-refused">
      <AlertTitle>{title}</AlertTitle>
      {other.length > 0
        ? other.map(([f, m]) => <div key={f}>{`${f} ${m}`}</div>)
        : problem.message}
    </Alert>
  );
}

/**
 * Starts a run of a scenario, overriding its default users, spawn rate,
 * duration, workers and target; shows the backend's limits and allowlist.
 */
export function RunDialog(props: {
  scenario: Scenario;
  open: boolean;
  onClose: () => void;
  onStarted: (run: Run) => void;
}) {
  const { scenario, open, onClose, onStarted } = props;
  const api = useApi(loadTestingApiRef);
  const settings = useAsync(() => api.getSettings(), [api]);
  const [values, setValues] = useState<ParameterValues>(() =>
    toParameterValues(scenario.parameters),
  );
  const [problem, setProblem] = useState<ApiProblem>();
  const [submitting, setSubmitting] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors = checkParameters(scenario.parameters, values, settings.value);
    if (errors.length > 0) {
      setProblem({
        message: 'Invalid parameters',
        status: 400,
        fields: fieldMap(errors),
      });
      return;
    }
    setSubmitting(true);
    setProblem(undefined);
    try {
      const run = await api.createRun({
        scenarioId: scenario.id,
        parameters: fromParameterValues(values),
      });
      onStarted(run);
    } catch (err) {
      setProblem(toApiProblem(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="run-dialog-title"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="run-dialog-title">Run “{scenario.name}”</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="textSecondary" paragraph>
            Defaults come from the scenario; changes here apply to this run
            only.
            {settings.value &&
              ` At most ${settings.value.limits.maxConcurrentRunsPerEntity} runs of this entity may be active at once.`}
          </Typography>
          {settings.error && (
            <Alert severity="warning">
              Could not load the limits of this backend:{' '}
              {settings.error.message}
            </Alert>
          )}
          <RunParametersFields
            values={values}
            onChange={setValues}
            fields={problem?.fields ?? {}}
            settings={settings.value}
            disabled={submitting}
          />
          {problem && <ProblemAlert problem={problem} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting}
            startIcon={submitting ? <CircularProgress size={16} /> : undefined}
          >
            Start run
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
