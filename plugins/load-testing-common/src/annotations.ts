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

/**
 * The target's own metrics drawn under a run's charts: a plain PromQL expression (no
 * placeholders), run as a range query over the run's time on the Prometheus of
 * `loadTesting.prometheus.baseUrl`, e.g. `sum(rate(http_requests_total[30s]))`.
 * @public
 */
export const LOAD_TESTING_PROMETHEUS_QUERY_ANNOTATION =
  'load-testing.dev/prometheus-query';

/**
 * The unit of the Prometheus query's values, shown on its chart's axis, e.g. `req/s`,
 * `s` or `%`. Optional.
 * @public
 */
export const LOAD_TESTING_PROMETHEUS_UNIT_ANNOTATION =
  'load-testing.dev/prometheus-unit';
