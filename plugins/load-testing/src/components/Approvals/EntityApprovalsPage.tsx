import { stringifyEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { BackButton } from '../common';
import { rootRouteRef, runRouteRef } from '../../routes';
import { Approval } from '@internal/plugin-load-testing-common';
import { ApprovalsPage } from './ApprovalsPage';
import { DecidedApprovals } from './DecidedApprovals';

/** The approvals page inside an entity's tab: runs of this entity link to their page. */
export function EntityApprovalsPage() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const rootLink = useRouteRef(rootRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const runHref = (a: Approval) =>
    a.subject.kind === 'run' && a.entityRef === entityRef
      ? runLink({ runId: a.subject.runId })
      : undefined;
  return (
    <>
      <Box mb={1}>
        <BackButton to={rootLink()} size="small">
          Scenarios
        </BackButton>
      </Box>
      <ApprovalsPage runHref={runHref} />
      <Box mt={3}>
        <DecidedApprovals entityRef={entityRef} runHref={runHref} />
      </Box>
    </>
  );
}
