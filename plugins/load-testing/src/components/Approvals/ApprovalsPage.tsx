import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { Approval } from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { loadTestingApiRef } from '../../api';
import { usePoll } from '../../hooks';
import {
  EmptyTableText,
  formatDateTime,
  formatPrincipal,
  formatRelative,
  staticTableOptions,
} from '../common';
import { ApprovalReasons, describeEstimate } from './ApprovalFacts';
import { DecisionDialog } from './DecisionDialog';

/**
 * The approvals waiting for the signed-in user: those of entities on which they may
 * approve runs. `runHref` links a run's approval to its run page when it can.
 */
export function ApprovalsPage(props: {
  runHref?: (approval: Approval) => string | undefined;
}) {
  const api = useApi(loadTestingApiRef);
  const approvals = usePoll(() => api.listApprovals({ state: 'pending' }), [], {
    intervalMs: 10_000,
    active: true,
  });
  const [deciding, setDeciding] = useState<{
    approval: Approval;
    decision: 'approve' | 'deny';
  }>();
  const [done, setDone] = useState<Approval>();

  if (approvals.error && !approvals.value)
    return <ResponseErrorPanel error={approvals.error} />;

  const columns: TableColumn<Approval>[] = [
    {
      title: 'Waiting',
      render: a => {
        const href = props.runHref?.(a);
        return (
          <Box>
            {href ? (
              <Link to={href}>{a.title}</Link>
            ) : (
              <Typography variant="body2">{a.title}</Typography>
            )}
            <Typography variant="caption" color="textSecondary" component="div">
              {a.subject.kind === 'run' ? 'run' : 'plan version'} of{' '}
              <EntityRefLink entityRef={a.entityRef} />
            </Typography>
          </Box>
        );
      },
    },
    {
      title: 'Requested by',
      render: a => (
        <Box>
          <Typography variant="body2">
            {formatPrincipal(a.requestedBy)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {formatRelative(a.requestedAt)}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Why',
      width: '35%',
      render: a => (
        <Box>
          <ApprovalReasons reasons={a.reasons} />
          <Typography variant="caption" color="textSecondary">
            {describeEstimate(a.estimate)}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Expires',
      render: a => (
        <span title={formatDateTime(a.expiresAt)}>
          {formatRelative(a.expiresAt)}
        </span>
      ),
    },
    {
      title: '',
      align: 'right',
      render: a => (
        <Box
          display="flex"
          style={{ gap: 8, whiteSpace: 'nowrap' }}
          justifyContent="flex-end"
        >
          <Button
            size="small"
            variant="contained"
            color="primary"
            onClick={() => setDeciding({ approval: a, decision: 'approve' })}
          >
            Approve
          </Button>
          <Button
            size="small"
            variant="outlined"
            onClick={() => setDeciding({ approval: a, decision: 'deny' })}
          >
            Deny
          </Button>
        </Box>
      ),
    },
  ];

  const items = approvals.value ?? [];
  return (
    <>
      {done && (
        <Alert
          severity={done.state === 'approved' ? 'success' : 'info'}
          style={{ marginBottom: 16 }}
          onClose={() => setDone(undefined)}
        >
          {done.title}: {done.state} by {formatPrincipal(done.decidedBy)}
          {done.comment ? `: ${done.comment}` : ''}
        </Alert>
      )}
      <Table<Approval>
        title={`Approvals waiting for you (${items.length})`}
        isLoading={approvals.loading && !approvals.value}
        options={staticTableOptions}
        columns={columns}
        data={items}
        emptyContent={
          <EmptyTableText>
            Nothing waits for your approval. Runs above the approval rules
            (loadTesting.approvals) appear here for users who may approve them.
          </EmptyTableText>
        }
      />
      {deciding && (
        <DecisionDialog
          approval={deciding.approval}
          decision={deciding.decision}
          onClose={() => setDeciding(undefined)}
          onDecided={a => {
            setDeciding(undefined);
            setDone(a);
            approvals.refresh();
          }}
        />
      )}
    </>
  );
}
