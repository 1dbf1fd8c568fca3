import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Load Tests tab of an entity. @public */
export const rootRouteRef = createRouteRef({ id: 'load-testing' });

/** The approvals waiting for the signed-in user, as a page of its own. @public */
export const approvalsPageRouteRef = createRouteRef({
  id: 'load-testing-approvals',
});

/** @public */
export const newScenarioRouteRef = createSubRouteRef({
  id: 'load-testing/scenarios/new',
  parent: rootRouteRef,
  path: '/scenarios/new',
});

/** @public */
export const editScenarioRouteRef = createSubRouteRef({
  id: 'load-testing/scenarios/edit',
  parent: rootRouteRef,
  path: '/scenarios/:scenarioId',
});

/** Runs side by side: `?runs=a,b[,c,d]`. @public */
export const compareRouteRef = createSubRouteRef({
  id: 'load-testing/compare',
  parent: rootRouteRef,
  path: '/compare',
});

/** @public */
export const runRouteRef = createSubRouteRef({
  id: 'load-testing/runs/run',
  parent: rootRouteRef,
  path: '/runs/:runId',
});

/** @public */
export const newPlanRouteRef = createSubRouteRef({
  id: 'load-testing/plans/new',
  parent: rootRouteRef,
  path: '/plans/new',
});

/** @public */
export const editPlanRouteRef = createSubRouteRef({
  id: 'load-testing/plans/edit',
  parent: rootRouteRef,
  path: '/plans/:planId',
});

/** A plan's runs. @public */
export const planRunsRouteRef = createSubRouteRef({
  id: 'load-testing/plans/runs',
  parent: rootRouteRef,
  path: '/plans/:planId/runs',
});

/** The approvals the signed-in user may decide. @public */
export const approvalsRouteRef = createSubRouteRef({
  id: 'load-testing/approvals',
  parent: rootRouteRef,
  path: '/approvals',
});

/** @public */
export const planRunRouteRef = createSubRouteRef({
  id: 'load-testing/plan-runs/run',
  parent: rootRouteRef,
  path: '/plan-runs/:planRunId',
});
