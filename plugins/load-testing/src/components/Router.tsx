import { Entity } from '@backstage/catalog-model';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import { LOAD_TESTING_ANNOTATION } from '@internal/plugin-load-testing-common';
import { Route, Routes, useParams } from 'react-router-dom';
import { TestSetPage } from './TestSetPage';
import { ScenarioEditorPage } from './ScenarioEditorPage';
import { RunPage } from './RunPage';
import { ComparePage } from './ComparePage';
import { PlanEditorPage, PlanRunPage, PlanRunsPage } from './Plans';
import { EntityApprovalsPage } from './Approvals/EntityApprovalsPage';

/**
 * Whether the Load Tests tab applies to an entity: it carries the
 * `load-testing.dev/enabled` annotation.
 * @public
 */
export function isLoadTestingAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[LOAD_TESTING_ANNOTATION]);
}

function EditScenario() {
  const { scenarioId } = useParams();
  return <ScenarioEditorPage key={scenarioId} scenarioId={scenarioId} />;
}

function EditPlan() {
  const { planId } = useParams();
  return <PlanEditorPage key={planId} planId={planId} />;
}

function PlanRunsRoute() {
  const { planId } = useParams();
  return <PlanRunsPage key={planId} planId={planId!} />;
}

function PlanRunRoute() {
  const { planRunId } = useParams();
  return <PlanRunPage key={planRunId} planRunId={planRunId!} />;
}

function RunRoute() {
  const { runId } = useParams();
  return <RunPage key={runId} runId={runId!} />;
}

/** The tab's own pages: test set, scenario editor, run. */
export function Router() {
  const { entity } = useEntity();
  if (!isLoadTestingAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={LOAD_TESTING_ANNOTATION} />;
  }
  return (
    <Routes>
      <Route path="/" element={<TestSetPage />} />
      <Route path="/scenarios/new" element={<ScenarioEditorPage />} />
      <Route path="/scenarios/:scenarioId" element={<EditScenario />} />
      <Route path="/runs/:runId" element={<RunRoute />} />
      <Route path="/compare" element={<ComparePage />} />
      <Route path="/approvals" element={<EntityApprovalsPage />} />
      <Route path="/plans/new" element={<PlanEditorPage />} />
      <Route path="/plans/:planId" element={<EditPlan />} />
      <Route path="/plans/:planId/runs" element={<PlanRunsRoute />} />
      <Route path="/plan-runs/:planRunId" element={<PlanRunRoute />} />
    </Routes>
  );
}
