import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { QuotaUsage } from '@internal/plugin-load-testing-common';
import { loadTestingApiRef } from '../../api';
import { usePoll } from '../../hooks';
import { approvalsRouteRef } from '../../routes';
import { formatDateTime } from '../common';
import { formatCoreHours } from './ApprovalFacts';

/** `12.5 of 40 core-hours used this week (entity)`. */
export function describeQuota(q: QuotaUsage): string {
  const when = q.period === 'day' ? 'in the last 24 hours' : 'this week';
  const who = q.scope === 'entity' ? 'entity' : `group ${q.ref}`;
  return `${formatCoreHours(q.usedCoreHours)} of ${q.limitCoreHours} core-hours used ${when} (${who})`;
}

/**
 * The test set's budgets of CPU-core-hours and their use, and how many approvals wait
 * for the signed-in user, with a link to them.
 */
export function QuotaAndApprovals(props: { entityRef: string }) {
  const api = useApi(loadTestingApiRef);
  const approvalsLink = useRouteRef(approvalsRouteRef);
  const quotas = usePoll(
    () => api.getQuotas(props.entityRef),
    [props.entityRef],
    { intervalMs: 30_000, active: true },
  );
  const waiting = usePoll(() => api.listApprovals({ state: 'pending' }), [], {
    intervalMs: 15_000,
    active: true,
  });
  const budgets = quotas.value ?? [];
  const count = waiting.value?.length ?? 0;
  if (!budgets.length && !count) return null;
  return (
    <Paper variant="outlined" style={{ padding: 12 }} data-testid="quota-usage">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 24 }}
      >
        {budgets.map(q => (
          <Tooltip
            key={`${q.scope}-${q.period}`}
            title={
              q.resetsAt
                ? `Runs leave the rolling window as it moves; the oldest counted one leaves at ${formatDateTime(q.resetsAt)}`
                : 'No run counts against this budget now'
            }
          >
            <Box minWidth={260}>
              <Typography variant="body2">{describeQuota(q)}</Typography>
              <LinearProgress
                variant="determinate"
                color={
                  q.usedCoreHours >= q.limitCoreHours ? 'secondary' : 'primary'
                }
                value={Math.min(
                  100,
                  (100 * q.usedCoreHours) / (q.limitCoreHours || 1),
                )}
              />
            </Box>
          </Tooltip>
        ))}
        {count > 0 && (
          <Typography variant="body2">
            <Link to={approvalsLink()} data-testid="approvals-link">
              {count === 1
                ? '1 approval waits for you'
                : `${count} approvals wait for you`}
            </Link>
          </Typography>
        )}
      </Box>
    </Paper>
  );
}
