import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import AddIcon from '@material-ui/icons/Add';
import {
  LOAD_TESTING_SCENARIOS_ANNOTATION,
  ScenarioSummary,
  isTerminalStatus,
} from '@internal/plugin-load-testing-common';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { loadTestingApiRef } from '../../api';
import { useLoadTestingPermissions, usePoll } from '../../hooks';
import { newScenarioRouteRef, runRouteRef } from '../../routes';
import { GatedButton } from '../common';
import { RunDialog } from '../RunDialog';
import { RunHistoryTable } from '../RunHistory';
import { ScenariosTable } from './ScenariosTable';
import { SourceBanner } from './SourceBanner';
import { PlansCard } from '../Plans';
import { QuotaAndApprovals } from '../Approvals';

/** The tab's home: the entity's scenarios and its run history. */
export function TestSetPage() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(loadTestingApiRef);
  const navigate = useNavigate();
  const newLink = useRouteRef(newScenarioRouteRef);
  const runLink = useRouteRef(runRouteRef);
  const gates = useLoadTestingPermissions(entityRef);
  const [running, setRunning] = useState<ScenarioSummary>();
  // refresh the last-run figures while one of them is still going
  const scenarios = usePoll(() => api.listScenarios(entityRef), [entityRef], {
    intervalMs: 5000,
    active: items =>
      items.some(s => s.lastRun && !isTerminalStatus(s.lastRun.status)),
  });

  const newButton = (
    <GatedButton
      gate={gates.createScenario}
      color="primary"
      variant="contained"
      startIcon={<AddIcon />}
      onClick={() => navigate(newLink())}
    >
      New scenario
    </GatedButton>
  );

  // scenarios kept in the entity's repository: where from, and how the last read went
  const fromRepository = Boolean(
    entity.metadata.annotations?.[LOAD_TESTING_SCENARIOS_ANNOTATION],
  );
  const source = usePoll(
    async () => (fromRepository ? api.getScenarioSource(entityRef) : null),
    [entityRef, fromRepository],
    { intervalMs: 30_000, active: fromRepository },
  );
  const refresh = () => {
    scenarios.refresh();
    source.refresh();
  };

  if (scenarios.loading) return <Progress />;
  if (scenarios.error && !scenarios.value)
    return <ResponseErrorPanel error={scenarios.error} />;
  const items = scenarios.value ?? [];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <QuotaAndApprovals entityRef={entityRef} />
      </Grid>
      {source.value && (
        <Grid item xs={12}>
          <SourceBanner
            entityRef={entityRef}
            source={source.value}
            gate={gates.updateScenario}
            onSynced={refresh}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        {items.length === 0 ? (
          <EmptyState
            missing="data"
            title="No load-test scenarios yet"
            description={
              <>
                A scenario is a Locust script with default users, duration,
                target and pass/fail thresholds. Create one from the template
                for {entity.metadata.name}, press Run, and watch requests per
                second and response times live while it runs.
              </>
            }
            action={newButton}
          />
        ) : (
          <ScenariosTable
            scenarios={items}
            runGate={gates.createRun}
            editGate={gates.updateScenario}
            onRun={setRunning}
            actions={newButton}
          />
        )}
      </Grid>
      {items.length > 0 && (
        <Grid item xs={12}>
          <PlansCard entityRef={entityRef} />
        </Grid>
      )}
      {items.length > 0 && (
        <Grid item xs={12}>
          <RunHistoryTable entityRef={entityRef} scenarios={items} />
        </Grid>
      )}
      {running && (
        <RunDialog
          open
          scenario={running}
          onClose={() => setRunning(undefined)}
          onStarted={run => navigate(runLink({ runId: run.id }))}
        />
      )}
    </Grid>
  );
}
