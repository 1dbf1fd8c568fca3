import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

// Each permission targets the catalog entity the scenario or run belongs to, so
// policies can decide per owner, kind or annotation.

/** Read scenarios, runs, samples and logs of an entity. @public */
export const loadTestingReadPermission = createPermission({
  name: 'load-testing.run.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const loadTestingScenarioCreatePermission = createPermission({
  name: 'load-testing.scenario.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const loadTestingScenarioUpdatePermission = createPermission({
  name: 'load-testing.scenario.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const loadTestingScenarioDeletePermission = createPermission({
  name: 'load-testing.scenario.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Start a run. @public */
export const loadTestingRunCreatePermission = createPermission({
  name: 'load-testing.run.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** Stop a run. @public */
export const loadTestingRunCancelPermission = createPermission({
  name: 'load-testing.run.cancel',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** All permissions of the plugin. @public */
export const loadTestingPermissions = [
  loadTestingReadPermission,
  loadTestingScenarioCreatePermission,
  loadTestingScenarioUpdatePermission,
  loadTestingScenarioDeletePermission,
  loadTestingRunCreatePermission,
  loadTestingRunCancelPermission,
];
