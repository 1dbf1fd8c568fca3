export { loadTestingApiRef } from './LoadTestingApi';
export type {
  LoadTestingApi,
  SeriesQuery,
  LogQuery,
  RunExportFormat,
  RunExportFile,
} from './LoadTestingApi';
export { LoadTestingClient } from './LoadTestingClient';
export { toApiProblem, fieldMap } from './problems';
export type { ApiProblem } from './problems';
