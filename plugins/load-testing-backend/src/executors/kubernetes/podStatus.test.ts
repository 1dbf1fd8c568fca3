import type {
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
  V1PodStatus,
} from '@kubernetes/client-node';
import { describePod, nodeName, podNodeEvent } from './podStatus';
import { LABELS } from './values';

const IMAGE = 'locustio/locust:2.47.0';

/** A pod of a run as the kubelet reports it. */
function pod(
  status: V1PodStatus & { container?: Partial<V1ContainerStatus> },
  options: { role?: 'master' | 'worker'; name?: string; memory?: string } = {},
): V1Pod {
  const { container, ...rest } = status;
  const role = options.role ?? 'worker';
  return {
    metadata: {
      name:
        options.name ?? (role === 'master' ? 'master-x7k2p' : 'workers-9f4qd'),
      labels: { [LABELS.role]: role },
    },
    spec: {
      containers: [
        {
          name: 'locust',
          image: IMAGE,
          resources: options.memory
            ? { limits: { memory: options.memory } }
            : {},
        },
      ],
    },
    status: {
      ...rest,
      containerStatuses: container && [
        {
          name: 'locust',
          image: IMAGE,
          imageID: '',
          ready: false,
          restartCount: 0,
          ...container,
        },
      ],
    },
  };
}

const waiting = (reason: string, message?: string) => ({
  state: { waiting: { reason, message } },
});
const OOM = { terminated: { exitCode: 137, reason: 'OOMKilled' } };
const READY: V1PodCondition = {
  type: 'Ready',
  status: 'True',
  lastTransitionTime: new Date('2025-03-01T10:00:07Z'),
};

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
          },
        ],
      }),
    );
    expect(view.problem).toEqual({
      reason: 'Unschedulable',
      message,
      fatal: false,
    });
    expect(podNodeEvent(view)).toMatchObject({
      state: 'starting',
      phase: 'Unschedulable',
      message: `Unschedulable: ${message}`,
      host: undefined,
    });
  });

  it('waits on ErrImagePull but fails on ImagePullBackOff', () => {
    const pulling = describePod(
      pod({
        phase: 'Pending',
        container: waiting('ErrImagePull', 'rpc error: code = NotFound'),
      }),
    );
    expect(pulling.problem?.fatal).toBe(false);
    expect(podNodeEvent(pulling)).toMatchObject({
      state: 'starting',
      phase: 'ErrImagePull',
    });

    const message = 'Back-off pulling image "locustio/locust:9.9"';
    const backOff = describePod(
      pod({
        phase: 'Pending',
        container: waiting('ImagePullBackOff', message),
      }),
    );
    expect(backOff.problem).toEqual({
      reason: 'ImagePullBackOff',
      message,
      fatal: true,
    });
    expect(podNodeEvent(backOff)).toMatchObject({
      state: 'failed',
      phase: 'ImagePullBackOff',
      message: `ImagePullBackOff: ${message}`,
    });
    // without a kubelet message the image is named
    expect(
      describePod(
        pod({ phase: 'Pending', container: waiting('ImagePullBackOff') }),
      ).problem?.message,
    ).toBe(`image ${IMAGE} could not be pulled`);
  });

  it('fails on CrashLoopBackOff with the restarts and last exit', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        container: {
          restartCount: 5,
          ...waiting('CrashLoopBackOff', 'back-off 2m40s restarting'),
          lastState: { terminated: { exitCode: 1, reason: 'Error' } },
        },
      }),
    );
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
      pod({ phase: 'Failed', container: { state: OOM } }, { memory: '1Gi' }),
    );
    expect(view.exitCode).toBe(137);
    expect(view.problem).toMatchObject({ reason: 'OOMKilled', fatal: true });
    expect(view.problem?.message).toContain('limit of 1Gi');
    // a failed pod keeps its phase; the reason is in the message
    expect(podNodeEvent(view)).toMatchObject({
      state: 'failed',
      phase: 'Failed',
    });
    expect(podNodeEvent(view).message).toMatch(/^OOMKilled: .*limit of 1Gi/);
  });

  it('fails on OOMKilled in the last state of a restarted container', () => {
    const view = describePod(
      pod(
        {
          phase: 'Running',
          container: {
            restartCount: 1,
            ...waiting('CrashLoopBackOff'),
            lastState: OOM,
          },
        },
        { memory: '256Mi' },
      ),
    );
    expect(view.problem).toMatchObject({ reason: 'OOMKilled', fatal: true });
    expect(view.problem?.message).toContain('limit of 256Mi');
    expect(podNodeEvent(view).phase).toBe('OOMKilled');
    const unlimited = describePod(
      pod({ phase: 'Running', container: { lastState: OOM } }),
    );
    expect(unlimited.problem?.message).toContain('limit not set');
  });

  it('fails on CreateContainerConfigError with the kubelet message', () => {
    const message = 'secret "shop-token" not found';
    const view = describePod(
      pod({
        phase: 'Pending',
        container: waiting('CreateContainerConfigError', message),
      }),
    );
    expect(view.problem).toEqual({
      reason: 'CreateContainerConfigError',
      message,
      fatal: true,
    });
    expect(podNodeEvent(view).state).toBe('failed');
  });

  it('fails on an evicted pod', () => {
    const message = 'The node was low on resource: memory.';
    const view = describePod(
      pod({
        phase: 'Failed',
        reason: 'Evicted',
        message,
        container: {
          state: { terminated: { exitCode: 137, reason: 'Error' } },
        },
      }),
    );
    expect(view.problem).toMatchObject({ reason: 'Evicted', fatal: true });
    expect(podNodeEvent(view)).toMatchObject({
      state: 'failed',
      phase: 'Failed',
      message: `Evicted: ${message}`,
    });
  });

  it('reports a ready running pod with its ready time', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        conditions: [READY],
        container: { ready: true, state: { running: {} } },
      }),
    );
    const withNode = describePod({
      ...pod({ phase: 'Running', conditions: [READY] }),
      spec: { nodeName: 'node-2', containers: [] },
    });
    expect(withNode.host).toBe('node-2');
    expect(podNodeEvent(view)).toEqual({
      name: 'workers-9f4qd',
      role: 'worker',
      state: 'ready',
      pod: 'workers-9f4qd',
      phase: 'Running',
      host: undefined,
      restarts: 0,
      readyAt: '2025-03-01T10:00:07.000Z',
      exitCode: undefined,
      message: undefined,
    });
  });

  it('keeps a running pod that is not ready starting', () => {
    const view = describePod(
      pod({
        phase: 'Running',
        conditions: [{ ...READY, status: 'False' }],
        container: { state: { running: {} } },
      }),
    );
    expect(view.readyAt).toBeUndefined();
    expect(podNodeEvent(view).state).toBe('starting');
  });

  it('reports a succeeded pod as exited with code 0', () => {
    const view = describePod(
      pod(
        {
          phase: 'Succeeded',
          container: {
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        },
        { role: 'master' },
      ),
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
    const master = describePod(pod({}, { role: 'master', name: 'master-ab' }));
    const worker = describePod(pod({}, { name: 'workers-ab' }));
    expect(master.role).toBe('master');
    expect(nodeName(master)).toBe('master');
    expect(podNodeEvent(master).pod).toBe('master-ab');
    expect(worker.role).toBe('worker');
    expect(nodeName(worker)).toBe('workers-ab');
  });

  it('treats a pod without status as pending', () => {
    const view = describePod({ metadata: { name: 'workers-1' } });
    expect(view).toMatchObject({ phase: 'Pending', restarts: 0, ready: false });
    expect(podNodeEvent(view).state).toBe('starting');
  });
});
