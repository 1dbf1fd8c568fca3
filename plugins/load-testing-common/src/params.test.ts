import {
  resolveRunParameters,
  validateScenarioInput,
  validateThresholds,
} from './params';

describe('resolveRunParameters', () => {
  it('applies defaults, then scenario values, then overrides', () => {
    const { value, errors } = resolveRunParameters(
      { users: 20, host: 'http://127.0.0.1:7070/' },
      { workers: 3 },
    );
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      users: 20,
      workers: 3,
      host: 'http://127.0.0.1:7070',
      executor: 'local',
    });
  });

  it('names each bad field', () => {
    const { errors } = resolveRunParameters(undefined, {
      users: 0,
      spawnRate: -1,
      duration: 1.5,
      host: 'ftp://x',
      executor: 'Not an executor',
      env: { 'BAD-NAME': 'x' },
    });
    expect(errors.map(e => e.field).sort()).toEqual(
      [
        'parameters.duration',
        'parameters.env.BAD-NAME',
        'parameters.executor',
        'parameters.host',
        'parameters.spawnRate',
        'parameters.users',
      ].sort(),
    );
  });

  it('derives duration and peak users from stages', () => {
    const { value, errors } = resolveRunParameters(undefined, {
      stages: [
        { duration: 10, users: 5, spawnRate: 5 },
        { duration: 30, users: 20, spawnRate: 5 },
      ],
    });
    expect(errors).toEqual([]);
    expect(value.duration).toBe(30);
    expect(value.users).toBe(20);
  });
});

describe('validateThresholds', () => {
  it('accepts percentiles and refuses unknown keys', () => {
    expect(
      validateThresholds({ percentiles: { p95: 300, 'p99.9': 900 } }).errors,
    ).toEqual([]);
    expect(
      validateThresholds({ percentiles: { median: 3 } }).errors[0].field,
    ).toBe('thresholds.percentiles.median');
    expect(validateThresholds({ maxFailureRatio: 5 }).errors[0].field).toBe(
      'thresholds.maxFailureRatio',
    );
  });
});

describe('validateScenarioInput', () => {
  it('requires an entity, a name and a Locust script', () => {
    const { errors } = validateScenarioInput({
      entityRef: 'shop',
      name: '',
      script: ' ',
    });
    expect(errors.map(e => e.field)).toEqual(['entityRef', 'name', 'script']);
  });

  it('keeps one key per entity, as the catalog compares refs', () => {
    for (const ref of [
      'Component:default/shop-api',
      'component:Default/shop-api',
      'component:default/SHOP-API',
      'component:shop-api',
    ]) {
      expect(
        validateScenarioInput({ entityRef: ref, name: 'n', script: 'x' }).value
          .entityRef,
      ).toBe('component:default/shop-api');
    }
  });

  it('takes names in any language', () => {
    const { value, errors } = validateScenarioInput({
      entityRef: 'component:default/shop-api',
      name: ' Größe prüfen ',
      script: 'x',
    });
    expect(errors).toEqual([]);
    expect(value.name).toBe('Größe prüfen');
    expect(
      validateScenarioInput({
        entityRef: 'component:default/shop-api',
        name: '<script>',
        script: 'x',
      }).errors.map(e => e.field),
    ).toEqual(['name']);
  });
});
