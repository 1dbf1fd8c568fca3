import Box from '@material-ui/core/Box';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  LoadTestingSettings,
  ScenarioSummary,
} from '@internal/plugin-load-testing-common';
import { RunParametersFields } from '../common';
import { StagesEditor } from '../StagesEditor';
import { StepValues } from './planForm';

/** One step of a plan: its scenario, overrides of its parameters, its stages. */
export function PlanStepFields(props: {
  step: StepValues;
  onChange: (step: StepValues) => void;
  onRemove?: () => void;
  scenarios: ScenarioSummary[];
  settings?: LoadTestingSettings;
  /** The API's messages about this step, keyed as its own fields. */
  fields: Record<string, string>;
  /** e.g. `g0s1`, to name the inputs apart. */
  id: string;
  label: string;
}) {
  const { step, onChange, scenarios, fields, id } = props;
  const scenario = scenarios.find(s => s.id === step.scenarioId);
  const defaults = scenario?.parameters;
  return (
    <Paper
      variant="outlined"
      style={{ padding: 12 }}
      data-testid={`step-${id}`}
    >
      <Box display="flex" alignItems="flex-start" gridGap={8}>
        <TextField
          select
          id={`step-${id}-scenario`}
          label={props.label}
          value={step.scenarioId}
          onChange={e => onChange({ ...step, scenarioId: e.target.value })}
          error={Boolean(fields.scenarioId)}
          helperText={fields.scenarioId}
          variant="outlined"
          margin="dense"
          fullWidth
          SelectProps={{
            SelectDisplayProps: { 'aria-label': props.label } as object,
          }}
        >
          {scenarios.map(s => (
            <MenuItem key={s.id} value={s.id}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
        {props.onRemove && (
          <Box pt={1.5}>
            <IconButton
              size="small"
              aria-label={`Remove ${props.label}`}
              onClick={props.onRemove}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        )}
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        Blank fields keep the scenario’s defaults
        {defaults
          ? ` (${defaults.users} users at ${defaults.spawnRate}/s for ${defaults.duration} s, ${defaults.workers} worker${defaults.workers === 1 ? '' : 's'}, ${defaults.host})`
          : ''}
        .
      </Typography>
      <RunParametersFields
        values={step.params}
        onChange={params => onChange({ ...step, params })}
        fields={fields}
        settings={props.settings}
        executor={defaults?.executor}
        idPrefix={`step-${id}-parameter`}
      />
      <Box mt={1}>
        <Typography variant="subtitle2">Stages</Typography>
        <StagesEditor
          value={step.stages}
          onChange={stages => onChange({ ...step, stages })}
          fields={fields}
          prefix="parameters.stages"
          idPrefix={`step-${id}-stages`}
        />
      </Box>
    </Paper>
  );
}
