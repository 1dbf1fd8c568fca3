import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { RunNode } from '@internal/plugin-load-testing-common';
import { NodesTable, isNodeFailing } from './NodesTable';
import { kubernetesNodes, kubernetesRun, run } from '../../__fixtures__';

const headers = () =>
  screen.getAllByRole('columnheader').map(h => h.textContent?.trim());

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('NodesTable', () => {
  it('shows local processes as before', async () => {
    await renderInTestApp(
      <NodesTable
        createdAt={run.createdAt}
        nodes={[
          {
            name: 'worker-1',
            role: 'worker',
            state: 'running',
            pid: 4242,
            host: 'backstage-1',
            userCount: 10,
            updatedAt: run.createdAt,
          },
        ]}
      />,
    );
    expect(headers()).toEqual([
      'Role',
      'Name',
      'State',
      'CPU',
      'Memory',
      'Users',
      'Process',
    ]);
    expect(screen.getByText('pid 4242')).toBeInTheDocument();
  });

  it('shows the pods of a Kubernetes run, leaving out columns no pod has', async () => {
    await renderInTestApp(
      <NodesTable
        nodes={kubernetesNodes}
        createdAt={kubernetesRun.createdAt}
      />,
    );
    // no pod reports memory yet; the pid column is for processes
    expect(headers()).toEqual([
      'Role',
      'Name',
      'State',
      'Pod',
      'Phase',
      'Node',
      'Restarts',
      'Ready',
      'CPU',
      'Users',
      'Message',
    ]);
    const worker = rowOf('lt-run-k8s-worker-0');
    expect(worker).toHaveTextContent('kind-worker-2');
    expect(worker).toHaveTextContent('Running');
    // ready 4.2 s after the run was created
    expect(worker).toHaveTextContent('4.2 s');
    expect(rowOf('lt-run-k8s-master-7fbx2')).toHaveTextContent('2.5 s');
  });

  it('marks a pod that cannot start with its reason, in the error colour', async () => {
    await renderInTestApp(
      <NodesTable
        nodes={kubernetesNodes}
        createdAt={kubernetesRun.createdAt}
      />,
    );
    const message = screen.getByTestId('node-message-worker-2');
    expect(message).toHaveTextContent(
      'Unschedulable: 0/2 nodes are available: 2 Insufficient cpu.',
    );
    expect(message.className).toMatch(/colorError/);
    expect(screen.getByTitle('Failing')).toBeInTheDocument();
    expect(rowOf('lt-run-k8s-worker-1').getAttribute('style')).toMatch(
      /box-shadow: inset 3px 0 0/,
    );
    expect(
      rowOf('lt-run-k8s-worker-0').getAttribute('style') ?? '',
    ).not.toMatch(/box-shadow/);
  });

  it('tells failures from a pod on its way', () => {
    const pod = (over: Partial<RunNode>): RunNode => ({
      name: 'worker-1',
      role: 'worker',
      state: 'starting',
      pod: 'p',
      updatedAt: run.createdAt,
      ...over,
    });
    expect(isNodeFailing(pod({ message: 'ImagePullBackOff: not found' }))).toBe(
      true,
    );
    expect(isNodeFailing(pod({ message: 'CrashLoopBackOff' }))).toBe(true);
    expect(
      isNodeFailing(
        pod({ state: 'failed', exitCode: 137, message: 'OOMKilled' }),
      ),
    ).toBe(true);
    expect(isNodeFailing(pod({ phase: 'Failed' }))).toBe(true);
    expect(isNodeFailing(pod({ message: 'ContainerCreating' }))).toBe(false);
    expect(isNodeFailing(pod({ phase: 'Running', state: 'running' }))).toBe(
      false,
    );
  });
});
