import { Link, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { Approval } from '@internal/plugin-load-testing-common';
import { loadTestingApiRef } from '../../api';
import { usePoll } from '../../hooks';
import {
  EmptyTableText,
  formatDateTime,
  formatPrincipal,
  staticTableOptions,
} from '../common';
import { describeEstimate } from './ApprovalFacts';

const STATE: Record<Approval['state'], string> = {
  pending: 'waiting',
  approved: 'approved',
  denied: 'denied',
  expired: 'expired',
};

/** Who approved or denied what of an entity, and when: its approvals' history. */
export function DecidedApprovals(props: {
  entityRef: string;
  runHref: (approval: Approval) => string | undefined;
}) {
  const api = useApi(loadTestingApiRef);
  const list = usePoll(
    () => api.listApprovals({ entityRef: props.entityRef }),
    [props.entityRef],
    { intervalMs: 15_000, active: true },
  );
  const items = (list.value ?? []).filter(a => a.state !== 'pending');
  const columns: TableColumn<Approval>[] = [
    {
      title: 'Approval of',
      render: a => {
        const href = props.runHref(a);
        return href ? <Link to={href}>{a.title}</Link> : a.title;
      },
    },
    {
      title: 'Decision',
      render: a => (
        <>
          <Typography variant="body2">
            {STATE[a.state]}
            {a.decidedBy ? ` by ${formatPrincipal(a.decidedBy)}` : ''} at{' '}
            {formatDateTime(a.decidedAt)}
          </Typography>
          {a.comment && (
            <Typography variant="caption" color="textSecondary">
              {a.comment}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Asked by',
      render: a => formatPrincipal(a.requestedBy),
    },
    {
      title: 'Size',
      render: a => describeEstimate(a.estimate),
    },
  ];
  return (
    <Table<Approval>
      title="Decided approvals of this entity"
      isLoading={list.loading && !list.value}
      options={staticTableOptions}
      columns={columns}
      data={items}
      emptyContent={
        <EmptyTableText>No approval was decided yet.</EmptyTableText>
      }
    />
  );
}
