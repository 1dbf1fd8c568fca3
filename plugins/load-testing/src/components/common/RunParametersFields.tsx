import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import {
  ExecutorName,
  LoadTestingSettings,
} from '@internal/plugin-load-testing-common';
import { ParameterValues } from './parameterValues';
import { formatSeconds } from './format';

/**
 * Users, spawn rate, duration, workers and target host, each with its limit
 * and the API's message for it (`fields` keyed `parameters.<name>`).
 */
export function RunParametersFields(props: {
  values: ParameterValues;
  onChange: (values: ParameterValues) => void;
  fields: Record<string, string>;
  settings?: LoadTestingSettings;
  /** Where the run goes: workers are processes locally, pods on Kubernetes. */
  executor?: ExecutorName;
  disabled?: boolean;
  /** Names the inputs apart when a page holds several of these. */
  idPrefix?: string;
}) {
  const { values, onChange, fields, settings, disabled } = props;
  const idPrefix = props.idPrefix ?? 'run-parameter';
  const workers =
    props.executor === 'kubernetes'
      ? 'Locust worker pods'
      : 'Locust worker processes';
  const limits = settings?.limits;
  const field = (
    key: keyof ParameterValues,
    label: string,
    help: string,
    extra: { type?: string; inputProps?: object } = {},
  ) => {
    const error = fields[`parameters.${key}`];
    return (
      <TextField
        id={`${idPrefix}-${key}`}
        label={label}
        value={values[key]}
        onChange={e => onChange({ ...values, [key]: e.target.value })}
        error={Boolean(error)}
        helperText={error ?? help}
        disabled={disabled}
        fullWidth
        variant="outlined"
        margin="dense"
        type={extra.type ?? 'number'}
        inputProps={extra.inputProps}
      />
    );
  };
  return (
    <Grid container spacing={1}>
      <Grid item xs={6}>
        {field(
          'users',
          'Users',
          limits
            ? `Peak concurrent users, max ${limits.maxUsers}`
            : 'Peak concurrent users',
          {
            inputProps: { min: 1, max: limits?.maxUsers },
          },
        )}
      </Grid>
      <Grid item xs={6}>
        {field('spawnRate', 'Spawn rate', 'Users started per second', {
          inputProps: { min: 0.1, step: 'any' },
        })}
      </Grid>
      <Grid item xs={6}>
        {field(
          'duration',
          'Duration (s)',
          limits
            ? `Seconds, max ${limits.maxDurationSeconds} (${formatSeconds(limits.maxDurationSeconds)})`
            : 'Seconds',
          { inputProps: { min: 1, max: limits?.maxDurationSeconds } },
        )}
      </Grid>
      <Grid item xs={6}>
        {field(
          'workers',
          'Workers',
          limits ? `${workers}, max ${limits.maxWorkers}` : workers,
          {
            inputProps: { min: 1, max: limits?.maxWorkers },
          },
        )}
      </Grid>
      <Grid item xs={12}>
        {field(
          'host',
          'Target host',
          settings?.targets.allow.length
            ? `Allowed targets: ${settings.targets.allow.join(', ')}`
            : 'Base URL of the service under test',
          { type: 'url' },
        )}
      </Grid>
    </Grid>
  );
}
