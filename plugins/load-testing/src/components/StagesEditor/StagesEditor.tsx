import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import DeleteIcon from '@material-ui/icons/Delete';
import { formatSeconds } from '../common';
import { StagesChart } from './StagesChart';
import { StageValues, fromStageValues, stagesCurve } from './stagesCurve';

const COLUMNS: Array<{
  key: keyof StageValues;
  label: string;
  min: number;
  step?: string;
}> = [
  { key: 'duration', label: 'Ends at (s)', min: 1 },
  { key: 'users', label: 'Users', min: 0 },
  { key: 'spawnRate', label: 'Spawn rate (/s)', min: 0.1, step: 'any' },
];

function nextStage(rows: StageValues[]): StageValues {
  const last = rows[rows.length - 1];
  const end = last ? Number(last.duration) || 0 : 0;
  return {
    duration: String(end + 30),
    users: last?.users ?? '10',
    spawnRate: last?.spawnRate ?? '5',
  };
}

/**
 * Rows of (end time, users, spawn rate) and the users they plan over time. An empty
 * list means no stages: the run holds its users for its duration.
 */
export function StagesEditor(props: {
  value: StageValues[];
  onChange: (value: StageValues[]) => void;
  /** Messages by field path, e.g. `parameters.stages[1].duration`. */
  fields?: Record<string, string>;
  /** Field path of the list, as the API names it. */
  prefix?: string;
  disabled?: boolean;
  /** Names the inputs apart when a page holds several editors. */
  idPrefix?: string;
}) {
  const { value, onChange, disabled } = props;
  const fields = props.fields ?? {};
  const prefix = props.prefix ?? 'parameters.stages';
  const id = props.idPrefix ?? 'stages';
  const set = (i: number, key: keyof StageValues, v: string) =>
    onChange(value.map((row, j) => (j === i ? { ...row, [key]: v } : row)));
  const move = (i: number, by: number) => {
    const next = [...value];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const points = stagesCurve(fromStageValues(value));
  const listError = fields[prefix];
  const end = points[points.length - 1]?.t;

  return (
    <Box data-testid={`${id}-editor`}>
      {value.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No stages: the run holds its users for its whole duration. Add stages
          to ramp users up and down over time.
        </Typography>
      )}
      {value.map((row, i) => (
        <Box key={i} display="flex" alignItems="flex-start" gridGap={8}>
          {COLUMNS.map(col => {
            const error = fields[`${prefix}[${i}].${col.key}`];
            return (
              <TextField
                key={col.key}
                id={`${id}-${i}-${col.key}`}
                label={col.label}
                value={row[col.key]}
                type="number"
                inputProps={{
                  min: col.min,
                  step: col.step,
                  'aria-label': `Stage ${i + 1} ${col.label}`,
                }}
                onChange={e => set(i, col.key, e.target.value)}
                error={Boolean(error)}
                helperText={error}
                disabled={disabled}
                variant="outlined"
                margin="dense"
                size="small"
              />
            );
          })}
          <Box pt={1} display="flex">
            <IconButton
              size="small"
              aria-label={`Move stage ${i + 1} up`}
              disabled={disabled || i === 0}
              onClick={() => move(i, -1)}
            >
              <ArrowUpwardIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label={`Move stage ${i + 1} down`}
              disabled={disabled || i === value.length - 1}
              onClick={() => move(i, 1)}
            >
              <ArrowDownwardIcon fontSize="small" />
            </IconButton>
            <IconButton
              size="small"
              aria-label={`Remove stage ${i + 1}`}
              disabled={disabled}
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Box>
        </Box>
      ))}
      {listError && (
        <Typography variant="caption" color="error">
          {listError}
        </Typography>
      )}
      <Box mt={1}>
        <Button
          size="small"
          startIcon={<AddIcon />}
          disabled={disabled}
          onClick={() => onChange([...value, nextStage(value)])}
        >
          Add stage
        </Button>
      </Box>
      {value.length > 0 &&
        (points.length > 0 ? (
          <>
            <Typography variant="caption" color="textSecondary">
              Planned users over {formatSeconds(end ?? 0)}: each stage ramps at
              its spawn rate; the last one ends the run and the busiest sets its
              users.
            </Typography>
            <StagesChart points={points} />
          </>
        ) : (
          <Typography variant="caption" color="textSecondary">
            Fill every stage, with end times that increase, to see the planned
            users.
          </Typography>
        ))}
    </Box>
  );
}
