/**
 * The Load Tests tab: write Locust scenarios, start distributed runs and watch them live.
 *
 * @packageDocumentation
 */
export {
  loadTestingPlugin,
  EntityLoadTestingContent,
  EntityLoadTestingCard,
  LoadTestingApprovalsPage,
} from './plugin';
export { isLoadTestingAvailable } from './components/Router';
export { loadTestingApiRef, LoadTestingClient } from './api';
export type { LoadTestingApi, SeriesQuery, LogQuery } from './api';
export {
  rootRouteRef,
  approvalsPageRouteRef,
  approvalsRouteRef,
  newScenarioRouteRef,
  editScenarioRouteRef,
  runRouteRef,
  compareRouteRef,
  newPlanRouteRef,
  editPlanRouteRef,
  planRunsRouteRef,
  planRunRouteRef,
} from './routes';
