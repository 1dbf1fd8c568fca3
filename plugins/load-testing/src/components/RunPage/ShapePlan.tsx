import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { Run } from '@internal/plugin-load-testing-common';
import { formatSeconds } from '../common';
import { PlannedUsersChart } from '../StagesEditor';

/** Seconds a shape-driven run will last: the shape's end, or its time limit. */
export function plannedSeconds(run: Run): number {
  const end = run.shape?.endsAfterSeconds;
  return end !== undefined
    ? Math.min(end, run.parameters.duration)
    : run.parameters.duration;
}

/** What decides the users of a shape-driven run, in a sentence. */
export function describeShape(run: Run): string | undefined {
  const shape = run.shape;
  if (!shape) return undefined;
  const limit = formatSeconds(run.parameters.duration);
  const who =
    shape.className === 'stages'
      ? 'The run’s stages decide'
      : `The script’s LoadTestShape ${shape.className} decides`;
  let end = `the run stops when the shape ends, and at ${limit} (its time limit) at the latest`;
  if (shape.endsAfterSeconds !== undefined) {
    end =
      shape.endsAfterSeconds <= run.parameters.duration
        ? `the shape ends after ${formatSeconds(shape.endsAfterSeconds)}`
        : `the shape plans ${formatSeconds(shape.endsAfterSeconds)}, the run stops at its time limit of ${limit}`;
  }
  return `${who} the users and the duration: ${end}.`;
}

/**
 * The users a shape plans over time, as the monitor computed them before the run
 * started, with where the run is now.
 */
export function ShapePlan(props: { run: Run; elapsed?: number }) {
  const { run, elapsed } = props;
  const shape = run.shape;
  if (!shape) return null;
  const points = (shape.planned ?? []).map(([t, users]) => ({ t, users }));
  const end = plannedSeconds(run);
  if (points.length)
    points.push({ t: end, users: points[points.length - 1].users });
  return (
    <Box mt={2} data-testid="shape-plan">
      <Typography variant="body2">{describeShape(run)}</Typography>
      {points.length > 0 ? (
        <PlannedUsersChart
          points={points}
          end={end}
          height={120}
          look="plan"
          elapsed={elapsed}
        />
      ) : (
        shape.plannedError && (
          <Typography variant="caption" color="textSecondary">
            Planned users not known: the shape could not be simulated (
            {shape.plannedError}).
          </Typography>
        )
      )}
    </Box>
  );
}

/** Limits the platform held during the run. */
export function RunWarnings({ run }: { run: Run }) {
  if (!run.warnings?.length) return null;
  return (
    <Alert
      severity="warning"
      style={{ marginTop: 12 }}
      data-testid="run-warnings"
    >
      {run.warnings.map(w => (
        <div key={w.code}>{w.message}</div>
      ))}
    </Alert>
  );
}
