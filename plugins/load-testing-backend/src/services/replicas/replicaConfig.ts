import { Config } from '@backstage/config';
import crypto from 'crypto';
import os from 'os';

/** How backend replicas on one database tell each other they are alive. */
export interface ReplicaConfig {
  /** This backend's name among the replicas. */
  instanceId: string;
  host: string;
  /** How often the backend says it is alive and looks at the runs it follows. */
  heartbeatSeconds: number;
  /** Silence after which another replica takes over the Kubernetes runs of one. */
  takeoverAfterSeconds: number;
  /** Silence after which the local runs of a replica are declared lost. */
  lostAfterSeconds: number;
}

export function readReplicaConfig(root: Config): ReplicaConfig {
  const c = root.getOptionalConfig('loadTesting');
  const host = os.hostname();
  const num = (key: string, fallback: number) => {
    const v = c?.getOptionalNumber(`replicas.${key}`) ?? fallback;
    if (!(v > 0))
      throw new Error(`loadTesting.replicas.${key} must be a positive number`);
    return v;
  };
  const heartbeatSeconds = num('heartbeatSeconds', 5);
  const takeoverAfterSeconds = num('takeoverAfterSeconds', 30);
  const lostAfterSeconds = num('lostAfterSeconds', 120);
  if (takeoverAfterSeconds < 2 * heartbeatSeconds)
    throw new Error(
      'loadTesting.replicas.takeoverAfterSeconds must be at least twice heartbeatSeconds',
    );
  return {
    instanceId:
      c?.getOptionalString('instanceId') ??
      `${host}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`,
    host,
    heartbeatSeconds,
    takeoverAfterSeconds,
    lostAfterSeconds: Math.max(lostAfterSeconds, takeoverAfterSeconds),
  };
}
