import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The Load Tests tab of an entity. @public */
export const rootRouteRef = createRouteRef({ id: 'load-testing' });

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
