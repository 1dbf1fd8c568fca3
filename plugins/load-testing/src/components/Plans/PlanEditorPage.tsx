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
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { Alert } from '@material-ui/lab';
import { Plan, ScenarioSummary } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { loadTestingApiRef } from '../../api';
import { usePlanPermissions } from '../../hooks';
import { planRunsRouteRef, rootRouteRef } from '../../routes';
import {
  PageHeader,
  GatedButton,
  ReadOnlyNotice,
  SaveProblem,
  useSave,
} from '../common';
import { PlanStepFields } from './PlanStepFields';
import { ScheduleFields } from './ScheduleFields';
import {
  PlanFormValues,
  StepValues,
  emptyPlan,
  emptyStep,
  formToPlanInput,
  planToForm,
  stepFields,
} from './planForm';

// fields shown next to their input; the others are listed above the form
const SHOWN =
  /^(name|description|overlap|schedule(\.cron|\.timezone)?|groups\[\d+\]\.steps\[\d+\]\.(scenarioId|parameters\.(users|spawnRate|duration|workers|host|stages(\[\d+\]\.(duration|users|spawnRate))?)))$/;

function Form(props: { plan?: Plan; scenarios: ScenarioSummary[] }) {
  const { plan, scenarios } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const runsLink = useRouteRef(planRunsRouteRef);
  const gates = usePlanPermissions(entityRef);
  const gate = plan ? gates.updatePlan : gates.createPlan;
  const settings = useAsync(() => api.getSettings(), [api]);
  const [values, setValues] = useState<PlanFormValues>(() =>
    plan ? planToForm(plan) : emptyPlan(scenarios[0]?.id),
  );
  const { problem, saving, submit } = useSave();
  const fields = problem?.fields ?? {};
  const set = (patch: Partial<PlanFormValues>) =>
    setValues(v => ({ ...v, ...patch }));
  const setStep = (g: number, s: number, step: StepValues) =>
    setValues(v => ({
      ...v,
      groups: v.groups.map((group, i) =>
        i === g
          ? { steps: group.steps.map((x, j) => (j === s ? step : x)) }
          : group,
      ),
    }));
  const removeStep = (g: number, s: number) =>
    setValues(v => ({
      ...v,
      groups: v.groups
        .map((group, i) =>
          i === g ? { steps: group.steps.filter((_, j) => j !== s) } : group,
        )
        .filter(group => group.steps.length > 0),
    }));
  const addStep = (g: number) =>
    setValues(v => ({
      ...v,
      groups: v.groups.map((group, i) =>
        i === g
          ? { steps: [...group.steps, emptyStep(scenarios[0]?.id)] }
          : group,
      ),
    }));

  const save = () =>
    submit(async () => {
      const input = formToPlanInput(entityRef, values);
      const saved = plan
        ? await api.updatePlan(plan.id, input)
        : await api.createPlan(input);
      navigate(runsLink({ planId: saved.id }));
    });

  const remove = async () => {
    if (!plan) return;
    await submit(async () => {
      await api.deletePlan(plan.id);
      navigate(rootLink());
    });
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <PageHeader
          backTo={rootLink()}
          backLabel="Load tests"
          title={plan ? `Plan “${plan.name}”` : 'New plan'}
        >
          {plan && (
            <Button component={Link} to={runsLink({ planId: plan.id })}>
              Plan runs
            </Button>
          )}
          {plan && (
            <GatedButton
              gate={gates.deletePlan}
              startIcon={<DeleteIcon />}
              disabled={saving}
              onClick={remove}
            >
              Delete
            </GatedButton>
          )}
          <GatedButton
            gate={gate}
            variant="contained"
            color="primary"
            disabled={saving}
            onClick={save}
          >
            {plan ? 'Save plan' : 'Create plan'}
          </GatedButton>
        </PageHeader>
        <ReadOnlyNotice gate={gate} />
        <SaveProblem
          problem={problem}
          noun="plan"
          shown={f => SHOWN.test(f)}
          testId="plan-problem"
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Plan">
          <TextField
            id="plan-name"
            label="Name"
            value={values.name}
            onChange={e => set({ name: e.target.value })}
            error={Boolean(fields.name)}
            helperText={fields.name}
            fullWidth
            variant="outlined"
            margin="dense"
            required
          />
          <TextField
            id="plan-description"
            label="Description"
            value={values.description}
            onChange={e => set({ description: e.target.value })}
            error={Boolean(fields.description)}
            helperText={fields.description}
            fullWidth
            multiline
            minRows={2}
            variant="outlined"
            margin="dense"
          />
          <FormControlLabel
            control={
              <Switch
                checked={values.stopOnFailure}
                color="primary"
                onChange={e => set({ stopOnFailure: e.target.checked })}
              />
            }
            label="Stop at the first step that does not pass"
          />
          <FormControlLabel
            control={
              <Switch
                checked={values.enabled}
                color="primary"
                onChange={e => set({ enabled: e.target.checked })}
              />
            }
            label="Enabled (the schedule fires)"
          />
        </InfoCard>
        <Box mt={3}>
          <InfoCard title="Schedule">
            <ScheduleFields values={values} onChange={set} fields={fields} />
          </InfoCard>
        </Box>
      </Grid>
      <Grid item xs={12} md={8}>
        {fields.groups && (
          <Alert severity="error" style={{ marginBottom: 16 }}>
            groups {fields.groups}
          </Alert>
        )}
        {values.groups.map((group, g) => (
          <Box key={g} mb={3}>
            <InfoCard
              title={`Group ${g + 1}`}
              subheader={
                g === 0
                  ? 'Its steps run side by side'
                  : `Starts when group ${g} has ended; its steps run side by side`
              }
            >
              <Grid container spacing={2}>
                {group.steps.map((step, s) => (
                  <Grid
                    item
                    xs={12}
                    lg={group.steps.length > 1 ? 6 : 12}
                    key={s}
                  >
                    <PlanStepFields
                      id={`g${g}s${s}`}
                      label={`Group ${g + 1} step ${s + 1} scenario`}
                      step={step}
                      scenarios={scenarios}
                      settings={settings.value}
                      fields={stepFields(fields, g, s)}
                      onChange={next => setStep(g, s, next)}
                      onRemove={
                        values.groups.length > 1 || group.steps.length > 1
                          ? () => removeStep(g, s)
                          : undefined
                      }
                    />
                  </Grid>
                ))}
              </Grid>
              <Box mt={1}>
                <Button
                  size="small"
                  startIcon={<AddIcon />}
                  onClick={() => addStep(g)}
                >
                  Add a step beside
                </Button>
              </Box>
            </InfoCard>
          </Box>
        ))}
        <Button
          variant="outlined"
          startIcon={<AddIcon />}
          onClick={() =>
            set({
              groups: [
                ...values.groups,
                { steps: [emptyStep(scenarios[0]?.id)] },
              ],
            })
          }
        >
          Add a group after
        </Button>
      </Grid>
    </Grid>
  );
}

/** Creates a plan (no id) or edits one: groups of steps, stages, schedule. */
export function PlanEditorPage(props: { planId?: string }) {
  const { planId } = props;
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(loadTestingApiRef);
  const data = useAsync(
    async () => ({
      plan: planId ? await api.getPlan(planId) : undefined,
      scenarios: await api.listScenarios(entityRef),
    }),
    [api, planId, entityRef],
  );
  if (data.loading) return <Progress />;
  if (data.error || !data.value)
    return <ResponseErrorPanel error={data.error ?? new Error('No plan')} />;
  if (data.value.scenarios.length === 0)
    return (
      <Alert severity="info">
        A plan runs scenarios: create a scenario first.
      </Alert>
    );
  return <Form plan={data.value.plan} scenarios={data.value.scenarios} />;
}
