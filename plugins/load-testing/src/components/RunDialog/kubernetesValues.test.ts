import {
  kubernetesRun,
  kubernetesSettings,
  scenario,
  settings,
} from '../../__fixtures__';
import { initialExecutor } from './RunDialog';
import {
  emptyRows,
  fromKubernetesValues,
  kubernetesFieldPaths,
  sentIndexes,
  toKubernetesValues,
} from './kubernetesValues';

describe('kubernetesValues', () => {
  it('sends back what a scenario sets, unchanged', () => {
    const p = kubernetesRun.parameters;
    const { executor, users, spawnRate, duration, workers, host, ...k8s } = p;
    expect(
      fromKubernetesValues(
        toKubernetesValues(p),
        p,
        kubernetesSettings.kubernetes,
      ),
    ).toEqual(k8s);
  });

  it('clears a list the scenario sets when its rows are removed', () => {
    const p = kubernetesRun.parameters;
    const values = {
      ...toKubernetesValues(p),
      hostAliases: [],
      tolerations: [emptyRows.tolerations()],
    };
    const sent = fromKubernetesValues(values, p);
    expect(sent.hostAliases).toEqual([]);
    expect(sent.tolerations).toEqual([]);
    expect(fromKubernetesValues(values, {})).not.toHaveProperty('hostAliases');
  });

  it('numbers rows as the request does, leaving blank ones out', () => {
    const values = toKubernetesValues({});
    values.secretEnv = [
      emptyRows.secretEnv(),
      { name: 'A', secret: '', key: '' },
      emptyRows.secretEnv(),
      { name: '', secret: 's', key: '' },
    ];
    expect(sentIndexes('secretEnv', values.secretEnv)).toEqual([
      undefined,
      0,
      undefined,
      1,
    ]);
    expect(kubernetesFieldPaths(values)).toContain(
      'parameters.secretEnv[1].secret',
    );
    expect(kubernetesFieldPaths(values)).not.toContain(
      'parameters.secretEnv[2].secret',
    );
  });

  it("picks the scenario's executor when it chose one, else the backend's default", () => {
    expect(initialExecutor(scenario, kubernetesSettings)).toBe('kubernetes');
    expect(initialExecutor(scenario, settings)).toBe('local');
    expect(initialExecutor(kubernetesRun, kubernetesSettings)).toBe(
      'kubernetes',
    );
    expect(initialExecutor(kubernetesRun, settings)).toBe('local');
    expect(
      initialExecutor(scenario, {
        ...kubernetesSettings,
        defaultExecutor: 'local',
      }),
    ).toBe('local');
    expect(initialExecutor(kubernetesRun, undefined)).toBe('kubernetes');
  });
});
