import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import {
  Run,
  Thresholds,
  VerdictCheck,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { formatMs, formatRatio, formatRps } from '../common';

function formatValue(metric: string, v: number): string {
  if (metric === 'failureRatio') return formatRatio(v);
  if (metric === 'rps') return formatRps(v);
  return formatMs(v);
}

const LABELS: Record<string, string> = {
  failureRatio: 'failures',
  rps: 'RPS',
  average: 'average',
};

/** The thresholds as one-line checks: `p95 120 ms ≤ 500 ms`. */
export function describeThresholds(t: Thresholds): string[] {
  const out = Object.entries(t.percentiles ?? {}).map(
    ([k, ms]) => `${k} ≤ ${formatMs(ms)}`,
  );
  if (t.maxAverageMs !== undefined)
    out.push(`average ≤ ${formatMs(t.maxAverageMs)}`);
  if (t.maxFailureRatio !== undefined)
    out.push(`failures ≤ ${formatRatio(t.maxFailureRatio)}`);
  if (t.minRps !== undefined) out.push(`RPS ≥ ${formatRps(t.minRps)}`);
  return out;
}

function CheckChip({ check }: { check: VerdictCheck }) {
  const label = `${LABELS[check.metric] ?? check.metric} ${formatValue(check.metric, check.actual)} ${
    check.comparator === '<=' ? '≤' : '≥'
  } ${formatValue(check.metric, check.threshold)}`;
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={check.passed ? <CheckIcon /> : <CloseIcon />}
      label={label}
      style={{ borderColor: check.passed ? undefined : 'currentColor' }}
      color={check.passed ? 'default' : 'secondary'}
    />
  );
}

/** Each threshold against what the run measured, or the thresholds still to check. */
export function VerdictChecks({ run }: { run: Run }) {
  const checks = run.verdictDetails?.checks ?? [];
  const pending = describeThresholds(run.thresholds ?? {});
  let label = 'Thresholds:';
  if (checks.length) label = 'Verdict:';
  else if (isTerminalStatus(run.status))
    label = 'Not checked, the run did not complete:';
  if (checks.length === 0 && pending.length === 0) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ marginTop: 12 }}
      >
        No thresholds: this run gets no verdict.
      </Typography>
    );
  }
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      mt={2}
      style={{ gap: 8 }}
      data-testid="verdict-checks"
    >
      <Typography variant="body2" color="textSecondary">
        {label}
      </Typography>
      {checks.length
        ? checks.map(c => <CheckChip key={c.metric} check={c} />)
        : pending.map(p => (
            <Chip key={p} size="small" variant="outlined" label={p} />
          ))}
    </Box>
  );
}
