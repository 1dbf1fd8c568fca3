/**
 * Marks a catalog entity as a load-test set: its Load Tests tab is shown even before
 * it has scenarios. Value: `"true"` (any non-empty value shows it).
 * @public
 */
export const LOAD_TESTING_ANNOTATION = 'load-testing.dev/enabled';

/**
 * Where an entity's scenarios are kept in its repository: a descriptor file
 * (`load-testing.yaml`) or the folder holding it, as `url:<absolute URL>` or as a path
 * relative to the entity's own descriptor (`./loadtests/load-testing.yaml`). Such
 * scenarios are read-only in the portal and follow the repository.
 * @public
 */
export const LOAD_TESTING_SCENARIOS_ANNOTATION = 'load-testing.dev/scenarios';
