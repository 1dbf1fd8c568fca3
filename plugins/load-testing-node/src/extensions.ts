import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { Executor } from './executors';

/**
 * Where backend modules add executors to the Load Tests backend: the built-in `local`
 * and `kubernetes` executors come through it too.
 * @public
 */
export interface LoadTestingExecutorsExtensionPoint {
  /** Adds an executor; its `name` is what runs choose in `parameters.executor`. */
  addExecutor(executor: Executor): void;
}

/** @public */
export const loadTestingExecutorsExtensionPoint =
  createExtensionPoint<LoadTestingExecutorsExtensionPoint>({
    id: 'load-testing.executors',
  });
