import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { describeSchedule, timeZones } from './cronWords';
import { PlanFormValues } from './planForm';

type ScheduleValues = Pick<
  PlanFormValues,
  'scheduled' | 'cron' | 'timezone' | 'overlap'
>;

/** None, or a cron read in a time zone, with what to do when fires overlap. */
export function ScheduleFields(props: {
  values: ScheduleValues;
  onChange: (values: ScheduleValues) => void;
  fields: Record<string, string>;
}) {
  const { values, onChange, fields } = props;
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(values.timezone) ? all : [values.timezone, ...all];
  }, [values.timezone]);
  const set = (patch: Partial<ScheduleValues>) =>
    onChange({ ...values, ...patch });
  return (
    <Box>
      <RadioGroup
        row
        aria-label="Schedule"
        value={values.scheduled ? 'cron' : 'none'}
        onChange={e => set({ scheduled: e.target.value === 'cron' })}
      >
        <FormControlLabel
          value="none"
          control={<Radio />}
          label="By hand only"
        />
        <FormControlLabel
          value="cron"
          control={<Radio />}
          label="On a schedule"
        />
      </RadioGroup>
      {values.scheduled && (
        <Box display="flex" gridGap={12} flexWrap="wrap">
          <TextField
            id="plan-cron"
            label="Cron"
            value={values.cron}
            onChange={e => set({ cron: e.target.value })}
            error={Boolean(fields['schedule.cron'])}
            helperText={
              fields['schedule.cron'] ??
              'minute hour day month weekday; a sixth field first for seconds'
            }
            variant="outlined"
            margin="dense"
            style={{ minWidth: 260 }}
          />
          <TextField
            select
            id="plan-timezone"
            label="Time zone"
            value={values.timezone}
            onChange={e => set({ timezone: e.target.value })}
            error={Boolean(fields['schedule.timezone'])}
            helperText={fields['schedule.timezone']}
            variant="outlined"
            margin="dense"
            style={{ minWidth: 240 }}
            SelectProps={{ native: true }}
          >
            {zones.map(z => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </TextField>
          <TextField
            select
            id="plan-overlap"
            label="While the previous run is active"
            value={values.overlap}
            onChange={e =>
              set({ overlap: e.target.value as ScheduleValues['overlap'] })
            }
            error={Boolean(fields.overlap)}
            helperText={fields.overlap}
            variant="outlined"
            margin="dense"
            style={{ minWidth: 280 }}
          >
            <MenuItem value="skip">Skip the fire</MenuItem>
            <MenuItem value="queue">Queue one run</MenuItem>
          </TextField>
        </Box>
      )}
      {values.scheduled && (
        <Typography variant="body2" data-testid="schedule-words">
          Fires{' '}
          {describeSchedule({ cron: values.cron, timezone: values.timezone })}
        </Typography>
      )}
      {fields.schedule && (
        <Typography variant="caption" color="error">
          {fields.schedule}
        </Typography>
      )}
    </Box>
  );
}
