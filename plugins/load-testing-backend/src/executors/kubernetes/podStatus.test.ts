import type {
  V1ContainerStatus,
  V1Job,
  V1JobCondition,
  V1Pod,
  V1PodCondition,
} from '@kubernetes/client-node';
import { describePod, jobOutcome, nodeName, podNodeEvent } from './podStatus';
import { LABELS } from './values';

const CREATED = new Date('2025-03-01T10:00:00Z');
const READY_AT = new Date('2025-03-01T10:00:07Z');

function pod(options: {
  name?: string;
  role?: 'master' | 'worker';
  phase?: string;
  reason?: string;
  message?: string;
  conditions?: V1PodCondition[];
  containers?: Partial<V1ContainerStatus>[];
  memoryLimit?: string;
  nodeName?: string;
}): V1Pod {
  const role = options.role ?? 'worker';
  return {
    metadata: {
      name:
        options.name ?? (role === 'master' ? 'master-x7k2p' : 'workers-9f4qd'),
      labels: { [LABELS.role]: role },
    },
    spec: {
      nodeName: options.nodeName,
      containers: [
        {
          name: 'locust',
          image: 'locustio/locust:2.47.0',
          resources: options.memoryLimit
            ? { limits: { memory: options.memoryLimit } }
            : {},
        },
      ],
    },
    status: {
      phase: options.phase,
      reason: options.reason,
      message: options.message,
      conditions: options.conditions,
      containerStatuses: options.containers?.map(c => ({
        name: 'locust',
        image: 'locustio/locust:2.47.0',
        imageID: '',
        ready: false,
        restartCount: 0,
        ...c,
      })),
    },
  };
}

const scheduled: V1PodCondition = {
  type: 'PodScheduled',
  status: 'True',
  lastTransitionTime: CREATED,
};

function waiting(reason: string, message?: string) {
  return { state: { waiting: { reason, message } } };
}

describe('describePod and podNodeEvent', () => {
  it('shows an unschedulable pod as Unschedulable, not fatal', () => {
    const message =
      '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    const view = describePod(
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message,
            lastTransitionTime: CREATED,
          },
        ],
      }),
    );
    expect(view.problem).toEqual({
      reason: 'Unschedulable',
      message,
      fatal: false,
    });
    const event = podNodeEvent(view);
    expect(event.state).toBe('starting');
    expect(event.phase).toBe('Unschedulable');
    expect(event.message).toBe(`Unschedulable: ${message}`);
    expect(event.host).toBeUndefined();
  });

  it('waits on ErrImagePull but fails on ImagePullBackOff', () => {
    const pulling = describePod(
      pod({
        phase: 'Pending',
        nodeName: 'node-1',
        conditions: [scheduled],
        containers: [
          waiting(
            'ErrImagePull',
            'rpc error: code = NotFound desc = failed to pull and unpack image',
          ),
        ],
      }),
    );
    expect(pulling.problem?.fatal).toBe(false);
    expect(podNodeEvent(pulling)).toMatchObject({
      state: 'starting',
      phase: 'ErrImagePull',
      host: 'node-1',
    });

    const backOff = describePod(
      pod({
        phase: 'Pending',
        conditions: [scheduled],
        containers: [
          waiting(
            'ImagePullBackOff',
            'Back-off pulling image "locustio/locust:9.9"',
          ),
        ],
      }),
    );
    expect(backOff.problem).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image "locustio/locust:9.9"',
      fatal: true,
    });
    expect(podNodeEvent(backOff)).toMatchObject({
      state: 'failed',
      phase: 'ImagePullBackOff',
      message: 'ImagePullBackOff: Back-off pulling image "locustio/locust:9.9"',
    });
  });

  it('names the image when a pull failure has no message', () => {
    const view = describePod(
      pod({ phase: 'Pending', containers: [waiting('ImagePullBackOff')] }),
    );
    expect(view.problem?.message).toBe(
      'image locustio/locust:2.47.0 could not be pulled',
    );
  });

  it('fails on CrashLoopBackOff with the restarts and last exit', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        conditions: [scheduled],
        containers: [
          {
            restartCount: 5,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message:
                  'back-off 2m40s restarting failed container=locust pod=workers-9f4qd',
              },
            },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: CREATED,
                finishedAt: READY_AT,
              },
            },
          },
        ],
      }),
    );
    expect(view.restarts).toBe(5);
    expect(view.problem).toEqual({
      reason: 'CrashLoopBackOff',
      message:
        'the container keeps exiting: restarted 5 times; last exit code 1 (Error); see its log',
      fatal: true,
    });
    expect(podNodeEvent(view)).toMatchObject({
      state: 'failed',
      phase: 'CrashLoopBackOff',
      restarts: 5,
    });
  });

  it('fails on OOMKilled in the current state, naming the memory limit', () => {
    const view = describePod(
      pod({
        phase: 'Failed',
        memoryLimit: '1Gi',
        containers: [
          {
            state: {
              terminated: { exitCode: 137, reason: 'OOMKilled' },
            },
          },
        ],
      }),
    );
    expect(view.exitCode).toBe(137);
    expect(view.problem?.reason).toBe('OOMKilled');
    expect(view.problem?.fatal).toBe(true);
    expect(view.problem?.message).toContain('limit of 1Gi');
    const event = podNodeEvent(view);
    expect(event.state).toBe('failed');
    // a failed pod keeps its phase; the reason is in the message
    expect(event.phase).toBe('Failed');
    expect(event.message).toMatch(/^OOMKilled: .*limit of 1Gi/);
  });

  it('fails on OOMKilled in the last state of a restarted container', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        memoryLimit: '256Mi',
        containers: [
          {
            restartCount: 1,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      }),
    );
    expect(view.problem?.reason).toBe('OOMKilled');
    expect(view.problem?.fatal).toBe(true);
    expect(view.problem?.message).toContain('limit of 256Mi');
    expect(podNodeEvent(view).phase).toBe('OOMKilled');
  });

  it('says when an OOMKilled container had no memory limit', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        containers: [
          { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } } },
        ],
      }),
    );
    expect(view.problem?.message).toContain('limit not set');
  });

  it('fails on CreateContainerConfigError with the kubelet message', () => {
    const view = describePod(
      pod({
        phase: 'Pending',
        containers: [
          waiting(
            'CreateContainerConfigError',
            'secret "shop-token" not found',
          ),
        ],
      }),
    );
    expect(view.problem).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "shop-token" not found',
      fatal: true,
    });
    expect(podNodeEvent(view).state).toBe('failed');
  });

  it('fails on an evicted pod', () => {
    const view = describePod(
      pod({
        phase: 'Failed',
        reason: 'Evicted',
        message:
          'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92Mi.',
        containers: [
          { state: { terminated: { exitCode: 137, reason: 'Error' } } },
        ],
      }),
    );
    expect(view.problem?.reason).toBe('Evicted');
    expect(view.problem?.fatal).toBe(true);
    const event = podNodeEvent(view);
    expect(event.state).toBe('failed');
    expect(event.phase).toBe('Failed');
    expect(event.message).toBe(
      'Evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 92Mi.',
    );
  });

  it('reports a ready running pod with its ready time', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        nodeName: 'node-2',
        conditions: [
          scheduled,
          { type: 'Ready', status: 'True', lastTransitionTime: READY_AT },
        ],
        containers: [
          {
            ready: true,
            state: { running: { startedAt: CREATED } },
          },
        ],
      }),
    );
    expect(view.ready).toBe(true);
    expect(view.problem).toBeUndefined();
    expect(podNodeEvent(view)).toEqual({
      name: 'workers-9f4qd',
      role: 'worker',
      state: 'ready',
      pod: 'workers-9f4qd',
      phase: 'Running',
      host: 'node-2',
      restarts: 0,
      readyAt: '2025-03-01T10:00:07.000Z',
      exitCode: undefined,
      message: undefined,
    });
  });

  it('keeps a running pod that is not ready yet starting', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        conditions: [
          { type: 'Ready', status: 'False', lastTransitionTime: CREATED },
        ],
        containers: [{ state: { running: { startedAt: CREATED } } }],
      }),
    );
    expect(view.readyAt).toBeUndefined();
    expect(podNodeEvent(view).state).toBe('starting');
  });

  it('reports a succeeded pod as exited with code 0', () => {
    const view = describePod(
      pod({
        role: 'master',
        phase: 'Succeeded',
        containers: [
          {
            state: {
              terminated: { exitCode: 0, reason: 'Completed' },
            },
          },
        ],
      }),
    );
    expect(podNodeEvent(view)).toMatchObject({
      name: 'master',
      role: 'master',
      state: 'exited',
      phase: 'Succeeded',
      exitCode: 0,
    });
  });

  it('names the master node master and a worker by its pod', () => {
    const master = describePod(pod({ role: 'master', name: 'master-abcde' }));
    const worker = describePod(pod({ role: 'worker', name: 'workers-abcde' }));
    expect(master.role).toBe('master');
    expect(nodeName(master)).toBe('master');
    expect(podNodeEvent(master).pod).toBe('master-abcde');
    expect(worker.role).toBe('worker');
    expect(nodeName(worker)).toBe('workers-abcde');
  });

  it('treats a pod without status as pending', () => {
    const view = describePod({ metadata: { name: 'workers-1' } });
    expect(view).toMatchObject({ phase: 'Pending', restarts: 0, ready: false });
    expect(podNodeEvent(view).state).toBe('starting');
  });
});

describe('jobOutcome', () => {
  const job = (conditions?: V1JobCondition[]): V1Job => ({
    status: { conditions },
  });

  it('sees a complete Job', () => {
    expect(
      jobOutcome(
        job([
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ]),
      ),
    ).toEqual({ complete: true });
  });

  it('sees a Job failed on its deadline', () => {
    expect(
      jobOutcome(
        job([
          {
            type: 'Failed',
            status: 'True',
            reason: 'DeadlineExceeded',
            message: 'Job was active longer than specified deadline',
          },
        ]),
      ),
    ).toEqual({
      failed: {
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
      },
    });
  });

  it('has no outcome while the Job runs', () => {
    expect(jobOutcome(job(undefined))).toBeUndefined();
    expect(jobOutcome({} as V1Job)).toBeUndefined();
    expect(jobOutcome(job([{ type: 'Failed', status: 'False' }]))).toBe(
      undefined,
    );
  });
});
