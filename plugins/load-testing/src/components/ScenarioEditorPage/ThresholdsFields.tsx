import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { THRESHOLD_FIELDS, ThresholdValues } from './scenarioForm';

const INPUTS: Array<{
  key: keyof ThresholdValues;
  label: string;
  help: string;
}> = [
  {
    key: 'p95',
    label: 'p95 max (ms)',
    help: '95 % of requests at most this slow',
  },
  {
    key: 'p99',
    label: 'p99 max (ms)',
    help: '99 % of requests at most this slow',
  },
  {
    key: 'failurePercent',
    label: 'Max failures (%)',
    help: 'Share of failed requests, e.g. 1',
  },
  { key: 'minRps', label: 'Min RPS', help: 'Requests per second at least' },
];

/** Pass/fail thresholds of the verdict; an empty input checks nothing. */
export function ThresholdsFields(props: {
  values: ThresholdValues;
  onChange: (values: ThresholdValues) => void;
  fields: Record<string, string>;
  disabled?: boolean;
}) {
  const { values, onChange, fields, disabled } = props;
  return (
    <Grid container spacing={1}>
      {INPUTS.map(({ key, label, help }) => {
        const error = fields[THRESHOLD_FIELDS[key]];
        return (
          <Grid item xs={6} key={key}>
            <TextField
              id={`threshold-${key}`}
              label={label}
              value={values[key]}
              onChange={e => onChange({ ...values, [key]: e.target.value })}
              error={Boolean(error)}
              helperText={error ?? help}
              disabled={disabled}
              type="number"
              inputProps={{ min: 0, step: 'any' }}
              variant="outlined"
              margin="dense"
              fullWidth
            />
          </Grid>
        );
      })}
    </Grid>
  );
}
