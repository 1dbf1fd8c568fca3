/**
 * The Load Tests tab: write Locust scenarios, start distributed runs and watch them live.
 *
 * @packageDocumentation
 */
export {
  loadTestingPlugin,
  EntityLoadTestingContent,
  EntityLoadTestingCard,
} from './plugin';
export { isLoadTestingAvailable } from './components/Router';
export { loadTestingApiRef, LoadTestingClient } from './api';
export type { LoadTestingApi, SeriesQuery, LogQuery } from './api';
export {
  rootRouteRef,
  newScenarioRouteRef,
  editScenarioRouteRef,
  runRouteRef,
  compareRouteRef,
} from './routes';
