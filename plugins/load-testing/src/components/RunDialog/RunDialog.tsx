import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  DEFAULT_RUN_PARAMETERS,
  ExecutorName,
  LoadTestingSettings,
  Run,
  RunParameters,
  Scenario,
  ScenarioSummary,
} from '@internal/plugin-load-testing-common';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  ApiProblem,
  fieldMap,
  loadTestingApiRef,
  toApiProblem,
} from '../../api';
import {
  PARAMETER_KEYS,
  ParameterValues,
  RunParametersFields,
  checkParameters,
  fromParameterValues,
  toParameterValues,
} from '../common';
import { KubernetesFields } from './KubernetesFields';
import {
  StagesSection,
  fromStageValues,
  toStageValues,
} from '../StagesEditor';
import {
  KubernetesValues,
  ListKey,
  fromKubernetesValues,
  isKubernetesField,
  kubernetesFieldPaths,
  toKubernetesValues,
} from './kubernetesValues';

const EXECUTOR_LABELS: Record<ExecutorName, string> = {
  local: 'Local processes',
  kubernetes: 'Kubernetes',
};

/**
 * The executor a run gets unless the user picks another: the scenario's when it chose
 * one the backend offers, else the backend's default. Without settings, the scenario's.
 */
export function initialExecutor(
  scenario: Pick<Scenario, 'parameters'>,
  settings?: LoadTestingSettings,
): ExecutorName {
  const own = scenario.parameters.executor;
  if (!settings) return own ?? DEFAULT_RUN_PARAMETERS.executor;
  const enabled = settings.executors;
  // every stored scenario carries an executor; the built-in default is no choice
  if (own && own !== DEFAULT_RUN_PARAMETERS.executor && enabled.includes(own))
    return own;
  if (enabled.includes(settings.defaultExecutor))
    return settings.defaultExecutor;
  return enabled[0] ?? own ?? DEFAULT_RUN_PARAMETERS.executor;
}

function ProblemAlert(props: { problem: ApiProblem; shown: Set<string> }) {
  const { problem, shown } = props;
  const other = Object.entries(problem.fields).filter(([f]) => !shown.has(f));
  const fieldsOnly =
    Object.keys(problem.fields).length > 0 && other.length === 0;
  if (fieldsOnly) {
    return (
      <Alert severity="error" style={{ marginTop: 12 }}>
        Fix the highlighted fields to start the run.
      </Alert>
    );
  }
  const title =
    problem.status === 403
      ? 'The backend refused this run'
      : 'The run could not be started';
  return (
    <Alert severity="error" data-testid="run-refused" style={{ marginTop: 12 }}>
      <AlertTitle>{title}</AlertTitle>
      {other.length > 0
        ? other.map(([f, m]) => <div key={f}>{`${f} ${m}`}</div>)
        : problem.message}
    </Alert>
  );
}

/**
 * Starts a run of a scenario, overriding its default users, spawn rate, duration,
 * workers and target, and where more than one executor is enabled, where it runs:
 * on Kubernetes with its cluster, engine, resources and pod placement. Shows the
 * backend's limits and allowlist, and each of its messages next to its input.
 */
export function RunDialog(props: {
  scenario: ScenarioSummary;
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
  const [picked, setPicked] = useState<ExecutorName>();
  const [kubernetes, setKubernetes] = useState<KubernetesValues>(() =>
    toKubernetesValues(scenario.parameters),
  );
  const [stages, setStages] = useState(() =>
    toStageValues(scenario.parameters.stages),
  );
  const [expanded, setExpanded] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [submitting, setSubmitting] = useState(false);

  const executors = settings.value?.executors ?? [];
  const executor = picked ?? initialExecutor(scenario, settings.value);
  const showExecutor = executors.length > 1;
  const onKubernetes = executor === 'kubernetes';
  const k8sSettings = settings.value?.kubernetes;

  const shown = new Set(PARAMETER_KEYS.map(k => `parameters.${k}`));
  if (showExecutor) shown.add('parameters.executor');
  stages.forEach((_, i) =>
    ['duration', 'users', 'spawnRate'].forEach(k =>
      shown.add(`parameters.stages[${i}].${k}`),
    ),
  );
  if (onKubernetes)
    for (const f of kubernetesFieldPaths(kubernetes)) shown.add(f);

  const show = (p: ApiProblem) => {
    setProblem(p);
    if (onKubernetes && Object.keys(p.fields).some(isKubernetesField))
      setExpanded(true);
  };

  /** After a row is added or removed, older messages of that list point at other rows. */
  const forgetList = (key: ListKey) =>
    setProblem(p => {
      if (!p) return p;
      const prefix = `parameters.${key}`;
      const fields = Object.fromEntries(
        Object.entries(p.fields).filter(([f]) => !f.startsWith(prefix)),
      );
      return { ...p, fields };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parameters: Partial<RunParameters> = {
      ...fromParameterValues(values),
      executor,
      // an empty list clears the scenario's stages for this run
      ...(stages.length || scenario.parameters.stages?.length
        ? { stages: fromStageValues(stages) }
        : {}),
      ...(onKubernetes
        ? fromKubernetesValues(kubernetes, scenario.parameters, k8sSettings)
        : {}),
    };
    const errors = checkParameters(
      scenario.parameters,
      values,
      settings.value,
      parameters,
    );
    if (errors.length > 0) {
      show({
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
        parameters,
      });
      onStarted(run);
    } catch (err) {
      show(toApiProblem(err));
    } finally {
      setSubmitting(false);
    }
  };

  const fields = problem?.fields ?? {};
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
          {showExecutor && (
            <FormControl
              component="fieldset"
              error={Boolean(fields['parameters.executor'])}
              disabled={submitting}
              margin="dense"
            >
              <FormLabel component="legend">Executor</FormLabel>
              <RadioGroup
                row
                name="executor"
                value={executor}
                onChange={e => setPicked(e.target.value as ExecutorName)}
              >
                {executors.map(name => (
                  <FormControlLabel
                    key={name}
                    value={name}
                    control={<Radio size="small" color="primary" />}
                    label={EXECUTOR_LABELS[name] ?? name}
                  />
                ))}
              </RadioGroup>
              {fields['parameters.executor'] && (
                <FormHelperText>{fields['parameters.executor']}</FormHelperText>
              )}
            </FormControl>
          )}
          <RunParametersFields
            values={values}
            onChange={setValues}
            fields={fields}
            settings={settings.value}
            executor={executor}
            disabled={submitting}
          />
          <StagesSection
            value={stages}
            onChange={setStages}
            fields={fields}
            disabled={submitting}
            idPrefix="run-stages"
          />
          {onKubernetes && (
            <KubernetesFields
              values={kubernetes}
              onChange={setKubernetes}
              onRowsChanged={forgetList}
              settings={k8sSettings}
              entityRef={scenario.entityRef}
              fields={fields}
              expanded={expanded}
              onExpandedChange={setExpanded}
              disabled={submitting}
            />
          )}
          {problem && <ProblemAlert problem={problem} shown={shown} />}
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
