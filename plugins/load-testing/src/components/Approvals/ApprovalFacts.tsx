import Typography from '@material-ui/core/Typography';
import { LoadEstimate } from '@internal/plugin-load-testing-common';
import { formatSeconds } from '../common';

/** `12.5`, `0.25`, `< 0.01`: core-hours as the pages show them. */
export function formatCoreHours(n: number): string {
  if (n <= 0) return '0';
  if (n < 0.01) return '< 0.01';
  if (n < 10) return String(Math.round(n * 100) / 100);
  return String(Math.round(n * 10) / 10);
}

/** `200 users · 4 workers · 10 min · 1.5 CPU-core-hours`. */
export function describeEstimate(e: LoadEstimate): string {
  return [
    `${e.users} users`,
    `${e.workers} worker${e.workers === 1 ? '' : 's'}`,
    formatSeconds(e.durationSeconds),
    `${formatCoreHours(e.coreHours)} CPU-core-hours`,
  ].join(' · ');
}

/** Why an approval is asked, one line per rule. */
export function ApprovalReasons(props: { reasons: string[] }) {
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="approval-reasons">
      {props.reasons.map(r => (
        <li key={r}>
          <Typography variant="body2" component="span">
            {r}
          </Typography>
        </li>
      ))}
    </ul>
  );
}
