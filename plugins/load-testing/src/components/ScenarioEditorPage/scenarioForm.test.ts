import { scenario } from '../../__fixtures__';
import {
  checkScenario,
  toFormValues,
  toScenarioInput,
  toThresholds,
} from './scenarioForm';

describe('scenario form', () => {
  it('edits thresholds in percent and ms, keeping the ones it does not show', () => {
    const base = {
      percentiles: { p95: 300, 'p99.9': 900 },
      maxAverageMs: 100,
      maxFailureRatio: 0.015,
    };
    const values = toFormValues({ ...scenario, thresholds: base }).thresholds;
    expect(values).toEqual({
      p95: '300',
      p99: '',
      failurePercent: '1.5',
      minRps: '',
    });
    expect(toThresholds({ ...values, p95: '', p99: '250' }, base)).toEqual({
      percentiles: { 'p99.9': 900, p99: 250 },
      maxAverageMs: 100,
      maxFailureRatio: 0.015,
    });
  });

  it('keeps run parameters the form does not show', () => {
    const base = {
      ...scenario,
      parameters: { ...scenario.parameters, tags: ['smoke'] },
    };
    const input = toScenarioInput(toFormValues(base), scenario.entityRef, base);
    expect(input.parameters).toMatchObject({
      tags: ['smoke'],
      users: 10,
      host: 'http://127.0.0.1:7070',
    });
  });

  it('accepts the template and names what is wrong', () => {
    expect(checkScenario(toFormValues(), 'component:default/shop-api')).toEqual(
      [],
    );
    const bad = toFormValues();
    bad.name = '';
    bad.script = ' ';
    bad.parameters.workers = '0';
    expect(
      checkScenario(bad, 'component:default/shop-api').map(e => e.field),
    ).toEqual(['name', 'script', 'parameters.workers']);
  });
});
