import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

// Each permission targets the catalog entity the scenario or run belongs to, so
// policies can decide per owner, kind or annotation.
function entityPermission(
  name: string,
  action: 'read' | 'create' | 'update' | 'delete',
) {
  return createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });
}

/** Read scenarios, runs, samples and logs of an entity. @public */
export const loadTestingReadPermission = entityPermission(
  'load-testing.run.read',
  'read',
);

/** @public */
export const loadTestingScenarioCreatePermission = entityPermission(
  'load-testing.scenario.create',
  'create',
);

/** @public */
export const loadTestingScenarioUpdatePermission = entityPermission(
  'load-testing.scenario.update',
  'update',
);

/** @public */
export const loadTestingScenarioDeletePermission = entityPermission(
  'load-testing.scenario.delete',
  'delete',
);

/** Start a run. @public */
export const loadTestingRunCreatePermission = entityPermission(
  'load-testing.run.create',
  'create',
);

/** Stop a run. @public */
export const loadTestingRunCancelPermission = entityPermission(
  'load-testing.run.cancel',
  'update',
);

/** Write a run's report: conclusions, status, linked issues, tags; make it a baseline. @public */
export const loadTestingReportUpdatePermission = entityPermission(
  'load-testing.report.update',
  'update',
);

/** Create a plan of runs. @public */
export const loadTestingPlanCreatePermission = entityPermission(
  'load-testing.plan.create',
  'create',
);

/** Edit, pause or resume a plan. @public */
export const loadTestingPlanUpdatePermission = entityPermission(
  'load-testing.plan.update',
  'update',
);

/** @public */
export const loadTestingPlanDeletePermission = entityPermission(
  'load-testing.plan.delete',
  'delete',
);

/** Run a plan now, or cancel its run. @public */
export const loadTestingPlanRunPermission = entityPermission(
  'load-testing.plan.run',
  'create',
);

/** Approve or deny a run or a plan version waiting for approval. @public */
export const loadTestingRunApprovePermission = entityPermission(
  'load-testing.run.approve',
  'update',
);

/** All permissions of the plugin. @public */
export const loadTestingPermissions = [
  loadTestingReadPermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioUpdatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingRunCreatePermission,
  loadTestingRunCancelPermission,
  loadTestingReportUpdatePermission,
  loadTestingPlanCreatePermission,
  loadTestingPlanUpdatePermission,
  loadTestingPlanDeletePermission,
  loadTestingPlanRunPermission,
  loadTestingRunApprovePermission,
];
