import { scenario } from '../../__fixtures__';
import { checkScenario, toFormValues, toScenarioInput } from './scenarioForm';

const ENTITY = 'component:default/shop-api';
const staged = {
  ...scenario,
  parameters: {
    ...scenario.parameters,
    stages: [
      { duration: 10, users: 5, spawnRate: 5 },
      { duration: 40, users: 20, spawnRate: 2 },
    ],
  },
};

describe('scenario form stages', () => {
  it('keeps, edits and removes the default stages', () => {
    const values = toFormValues(staged);
    expect(values.stages).toEqual([
      { duration: '10', users: '5', spawnRate: '5' },
      { duration: '40', users: '20', spawnRate: '2' },
    ]);
    expect(toScenarioInput(values, ENTITY, staged).parameters?.stages).toEqual(
      staged.parameters.stages,
    );
    const cleared = toScenarioInput({ ...values, stages: [] }, ENTITY, staged);
    expect(
      JSON.parse(JSON.stringify(cleared)).parameters ?? {},
    ).not.toHaveProperty('stages');
  });

  it('names a stage out of order before saving', () => {
    const values = toFormValues(staged);
    const errors = checkScenario(
      {
        ...values,
        stages: [values.stages![1], values.stages![0]],
      },
      ENTITY,
      staged,
    );
    expect(errors).toContainEqual({
      field: 'parameters.stages[1].duration',
      message: 'stage end times must increase',
    });
  });
});
