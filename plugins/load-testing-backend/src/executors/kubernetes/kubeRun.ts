import type { Informer } from '@kubernetes/client-node';
import { KubernetesPlacement } from '@internal/plugin-load-testing-common';
import { ExecutorListener, NodeEvent, StopReason } from '../types';
import { ClusterClient } from './clusters';
import { PodView } from './podStatus';

/** What the executor keeps of a run it follows. */
export interface KubeRun {
  id: string;
  client: ClusterClient;
  namespace: string;
  listener: ExecutorListener;
  /** When the run was created (the user's click), epoch ms. */
  createdAtMs: number;
  workers: number;
  placement: KubernetesPlacement;
  pods: Map<string, PodView>;
  /** When this backend first saw each pod ready, epoch ms. */
  seenReady: Map<string, number>;
  /** The last node event sent per pod. */
  sent: Map<string, NodeEvent>;
  /** Node events not sent yet: pods of large runs change in bursts. */
  queued: Map<string, NodeEvent>;
  flushTimer?: NodeJS.Timeout;
  informers: Array<Informer<any>>;
  readyReported: boolean;
  startTimer?: NodeJS.Timeout;
  /** A cancelled run whose Locust did not stop by itself in time: its namespace goes. */
  cancelTimer?: NodeJS.Timeout;
  ending?: Promise<void>;
  stoppedBy?: StopReason;
  detached?: boolean;
}
