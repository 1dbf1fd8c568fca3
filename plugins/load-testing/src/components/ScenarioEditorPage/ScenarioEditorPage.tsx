import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { Alert } from '@material-ui/lab';
import { Scenario } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { fieldMap, loadTestingApiRef } from '../../api';
import { Gate, useLoadTestingPermissions } from '../../hooks';
import { rootRouteRef, runRouteRef } from '../../routes';
import {
  PageHeader,
  GatedButton,
  ReadOnlyNotice,
  RunParametersFields,
  SaveProblem,
  useSave,
} from '../common';
import { RunDialog } from '../RunDialog';
import { DeleteScenarioButton } from './DeleteScenarioButton';
import { ScriptEditor } from './ScriptEditor';
import { ThresholdsFields } from './ThresholdsFields';
import {
  ScenarioFormValues,
  THRESHOLD_FIELDS,
  checkScenario,
  toFormValues,
  toScenarioInput,
} from './scenarioForm';
import { TrendChart } from '../ScenarioTrend';
import { StagesSection } from '../StagesEditor';

const SHOWN = new Set([
  'name',
  'description',
  'script',
  ...['users', 'spawnRate', 'duration', 'workers', 'host'].map(
    k => `parameters.${k}`,
  ),
  ...Object.values(THRESHOLD_FIELDS),
]);

function Form(props: { scenario?: Scenario }) {
  const { scenario } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const gates = useLoadTestingPermissions(entityRef);
  // a scenario kept in the entity's repository changes there, not here
  const fromRepository = scenario?.source;
  const editGate = scenario ? gates.updateScenario : gates.createScenario;
  const gate: Gate = fromRepository
    ? {
        allowed: false,
        loading: false,
        reason: 'it is kept in the repository; edit it there',
      }
    : editGate;
  const settings = useAsync(() => api.getSettings(), [api]);
  const [values, setValues] = useState<ScenarioFormValues>(() =>
    toFormValues(scenario),
  );
  const { problem, setProblem, saving, submit } = useSave();
  const [runOpen, setRunOpen] = useState(false);
  const readOnly = !gate.allowed || saving;
  const fields = problem?.fields ?? {};

  const save = async () => {
    const errors = checkScenario(values, entityRef, scenario, settings.value);
    if (errors.length) {
      setProblem({
        status: 400,
        message: 'Invalid scenario',
        fields: fieldMap(errors),
      });
      return;
    }
    await submit(async () => {
      const input = toScenarioInput(values, entityRef, scenario);
      if (scenario) await api.updateScenario(scenario.id, input);
      else await api.createScenario(input);
      navigate(rootLink());
    });
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PageHeader
          backTo={rootLink()}
          backLabel="Scenarios"
          title={scenario ? `Scenario “${scenario.name}”` : 'New scenario'}
        >
          {scenario && (
            <GatedButton
              gate={gates.createRun}
              variant="outlined"
              color="primary"
              startIcon={<PlayArrowIcon />}
              onClick={() => setRunOpen(true)}
            >
              Run
            </GatedButton>
          )}
          {scenario && (
            <DeleteScenarioButton
              scenario={scenario}
              gate={fromRepository ? gate : gates.deleteScenario}
            />
          )}
          <GatedButton
            gate={gate}
            variant="contained"
            color="primary"
            onClick={save}
            disabled={saving}
          >
            {scenario ? 'Save changes' : 'Create scenario'}
          </GatedButton>
        </PageHeader>
        {fromRepository && (
          <Alert
            severity="info"
            style={{ marginTop: 16 }}
            data-testid="scenario-from-repository"
          >
            This scenario is kept in the repository and read from it: edit{' '}
            <Link to={fromRepository.url}>its script</Link> or{' '}
            <Link to={fromRepository.descriptorUrl}>its descriptor</Link> there
            (version {fromRepository.version}).
          </Alert>
        )}
        {!fromRepository && <ReadOnlyNotice gate={gate} />}
        <SaveProblem
          problem={problem}
          noun="scenario"
          shown={f => SHOWN.has(f) || f.startsWith('parameters.stages')}
          testId="scenario-problem"
        />
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard
          title="Locust script"
          subheader="Python, run by Locust against the target host"
        >
          <ScriptEditor
            value={values.script}
            onChange={script => setValues(v => ({ ...v, script }))}
            error={fields.script}
            errorLine={problem?.lines?.script}
            help={
              scenario?.shapeClass
                ? `A Locust file. Its LoadTestShape (${scenario.shapeClass}) decides users over time; a run stops when the shape ends, or at its duration.`
                : undefined
            }
            readOnly={readOnly}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Scenario">
          <TextField
            id="scenario-name"
            label="Name"
            value={values.name}
            onChange={e => setValues({ ...values, name: e.target.value })}
            error={Boolean(fields.name)}
            helperText={fields.name ?? 'Unique within this entity'}
            disabled={readOnly}
            variant="outlined"
            margin="dense"
            fullWidth
            required
          />
          <TextField
            id="scenario-description"
            label="Description"
            value={values.description}
            onChange={e =>
              setValues({ ...values, description: e.target.value })
            }
            error={Boolean(fields.description)}
            helperText={fields.description ?? 'What this scenario exercises'}
            disabled={readOnly}
            variant="outlined"
            margin="dense"
            fullWidth
            multiline
            minRows={2}
          />
        </InfoCard>
        <Box mt={2}>
          <InfoCard
            title="Default run parameters"
            subheader="The Run dialog starts from these"
          >
            <RunParametersFields
              values={values.parameters}
              onChange={parameters => setValues({ ...values, parameters })}
              fields={fields}
              settings={settings.value}
              disabled={readOnly}
            />
            <StagesSection
              value={values.stages ?? []}
              onChange={stages => setValues({ ...values, stages })}
              fields={fields}
              disabled={readOnly}
              idPrefix="scenario-stages"
            />
          </InfoCard>
        </Box>
        <Box mt={2}>
          <InfoCard
            title="Thresholds"
            subheader="A run passes when all of these hold"
          >
            <ThresholdsFields
              values={values.thresholds}
              onChange={thresholds => setValues({ ...values, thresholds })}
              fields={fields}
              disabled={readOnly}
            />
          </InfoCard>
        </Box>
      </Grid>
      {scenario && (
        <Grid item xs={12}>
          <TrendChart scenarioId={scenario.id} />
        </Grid>
      )}
      {scenario && runOpen && (
        <RunDialog
          open
          scenario={scenario}
          onClose={() => setRunOpen(false)}
          onStarted={run => navigate(runLink({ runId: run.id }))}
        />
      )}
    </Grid>
  );
}

/** Creates a scenario (no id) or edits one: script, default parameters, thresholds. */
export function ScenarioEditorPage(props: { scenarioId?: string }) {
  const api = useApi(loadTestingApiRef);
  const { scenarioId } = props;
  const scenario = useAsync(
    async () => (scenarioId ? api.getScenario(scenarioId) : undefined),
    [api, scenarioId],
  );
  if (scenario.loading) return <Progress />;
  if (scenario.error) return <ResponseErrorPanel error={scenario.error} />;
  return <Form scenario={scenario.value} />;
}
