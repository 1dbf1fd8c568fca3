import { ConfigReader } from '@backstage/config';
import { readRetentionConfig } from './retentionConfig';

const read = (retention?: object) =>
  readRetentionConfig(
    new ConfigReader(retention ? { loadTesting: { retention } } : {}),
  );

describe('readRetentionConfig', () => {
  it('defaults to every hour, raw samples 30 days, runs a year', () => {
    expect(read()).toEqual({
      schedule: {
        frequency: { hours: 1 },
        timeout: { minutes: 30 },
        initialDelay: { minutes: 5 },
        scope: 'global',
      },
      rawSamples: { days: 30 },
      runs: { days: 365 },
    });
  });

  it('reads durations, `false` and a schedule, always global', () => {
    const c = read({
      schedule: {
        frequency: { cron: '0 3 * * *' },
        timeout: 'PT10M',
        scope: 'local',
      },
      rawSamples: { days: 7, hours: 12 },
      runs: false,
    });
    expect(c.schedule).toMatchObject({
      frequency: { cron: '0 3 * * *' },
      scope: 'global',
    });
    expect(c.rawSamples).toEqual({ days: 7, hours: 12 });
    expect(c.runs).toBe(false);
  });

  it('names the key of a bad duration', () => {
    expect(() => read({ rawSamples: { weeks: 'two' } })).toThrow(
      /loadTesting\.retention\.rawSamples/,
    );
  });
});
