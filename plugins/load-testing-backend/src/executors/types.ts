// The executor contract lives in the node library, where backend modules implement it.
export type {
  Executor,
  ExecutorExit,
  ExecutorListener,
  ExecutorRunSpec,
  NodeEvent,
  StopReason,
} from '@internal/plugin-load-testing-node';
