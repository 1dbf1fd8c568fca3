import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Approval,
  PlanRun,
  Run,
} from '@internal/plugin-load-testing-common';

/** What happens in the plugin that other rooms react to (plans, notifications). */
export interface LoadTestingEventMap {
  /** A run reached a terminal status, with its verdict when it has one. */
  runFinished: Run;
  /** A plan run ended (not for skipped fires). */
  planRunFinished: PlanRun;
  /** A run or a plan version waits for someone to approve it. */
  approvalRequested: Approval;
  /** An approval was approved, denied or expired. */
  approvalDecided: Approval;
}

type Listener<T> = (event: T) => void | Promise<void>;

/**
 * In-process events: a listener that throws or rejects is logged and never disturbs the
 * emitter or the other listeners.
 */
export class LoadTestingEvents {
  private readonly listeners = new Map<string, Listener<any>[]>();

  constructor(private readonly logger: LoggerService) {}

  on<K extends keyof LoadTestingEventMap>(
    name: K,
    listener: Listener<LoadTestingEventMap[K]>,
  ): void {
    const list = this.listeners.get(name) ?? [];
    list.push(listener);
    this.listeners.set(name, list);
  }

  emit<K extends keyof LoadTestingEventMap>(
    name: K,
    event: LoadTestingEventMap[K],
  ): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        Promise.resolve(listener(event)).catch(e =>
          this.logger.warn(`A ${name} listener failed: ${e}`),
        );
      } catch (e) {
        this.logger.warn(`A ${name} listener failed: ${e}`);
      }
    }
  }
}
