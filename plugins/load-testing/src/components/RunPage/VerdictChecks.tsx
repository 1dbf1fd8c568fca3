import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import { Alert } from '@material-ui/lab';
import {
  Run,
  Thresholds,
  VerdictCheck,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { formatCount, formatMs, formatRatio, formatRps } from '../common';
import { BaselineNote } from './BaselineControls';

function formatValue(metric: string, v: number | null): string {
  if (v === null) return 'no data';
  if (metric === 'failureRatio' || metric === 'baseline-failureRatio')
    return formatRatio(v);
  if (metric === 'rps') return formatRps(v);
  if (metric === 'requests' || metric === 'exceptions' || metric === 'exitCode')
    return formatCount(v);
  return formatMs(v);
}

const LABELS: Record<string, string> = {
  failureRatio: 'failures',
  rps: 'RPS',
  average: 'average',
  requests: 'requests',
  exceptions: 'exceptions',
  exitCode: 'Locust exit code',
  'baseline-p95': 'p95 vs baseline',
  'baseline-failureRatio': 'failures vs baseline',
};

/** `requests 5,120 ≥ 1`, `p95 120 ms ≤ 500 ms`, `exceptions 0`. */
function checkLabel(check: VerdictCheck): string {
  const name = LABELS[check.metric] ?? check.metric;
  const actual = formatValue(check.metric, check.actual);
  if (check.metric === 'exceptions' || check.metric === 'exitCode')
    return `${name} ${actual}`;
  const op = check.comparator === '<=' ? '≤' : '≥';
  return `${name} ${actual} ${op} ${formatValue(check.metric, check.threshold)}`;
}

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
  const inconclusive = !check.passed && check.outcome === 'inconclusive';
  let icon = <CloseIcon />;
  if (check.passed) icon = <CheckIcon />;
  else if (inconclusive) icon = <HelpOutlineIcon />;
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={icon}
      label={checkLabel(check)}
      title={check.message}
      style={{ borderColor: check.passed ? undefined : 'currentColor' }}
      color={check.passed || inconclusive ? 'default' : 'secondary'}
      data-testid={`verdict-check-${check.metric}`}
    />
  );
}

/** Why a verdict is not a pass, above its checks. */
function VerdictReasons({ run }: { run: Run }) {
  const v = run.verdictDetails;
  if (!v || v.result === 'pass' || !v.reasons?.length) return null;
  const inconclusive = v.result === 'inconclusive';
  return (
    <Alert
      severity={inconclusive ? 'warning' : 'error'}
      style={{ marginTop: 12 }}
      data-testid="verdict-reasons"
    >
      <strong>
        {inconclusive
          ? 'Inconclusive: this run says nothing about the service'
          : 'Failed'}
      </strong>
      {v.reasons.map(r => (
        <div key={r}>{r}</div>
      ))}
    </Alert>
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
        No thresholds: the verdict checks that requests were made, none failed,
        the script raised no exception and Locust exited 0.
      </Typography>
    );
  }
  return (
    <>
      <VerdictReasons run={run} />
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
          ? checks.map(c => (
              <CheckChip key={`${c.source}-${c.metric}`} check={c} />
            ))
          : pending.map(p => (
              <Chip key={p} size="small" variant="outlined" label={p} />
            ))}
      </Box>
      <BaselineNote run={run} />
    </>
  );
}
