/**
 * Marks a catalog entity as a load-test set: its Load Tests tab is shown even before
 * it has scenarios. Value: `enabled`.
 * @public
 */
export const LOAD_TESTING_ANNOTATION = 'load-testing.dev/enabled';
