import { describeCron, describeSchedule, timeZones } from './cronWords';

describe('describeCron', () => {
  it.each([
    ['0 2 * * 1-5', 'every weekday at 02:00'],
    ['30 6 * * *', 'every day at 06:30'],
    ['0 9,17 * * 1', 'every Monday at 09:00 and 17:00'],
    ['*/10 * * * * *', 'every 10 seconds'],
    ['*/15 * * * *', 'every 15 minutes'],
    ['5 * * * *', 'every hour at minute 5'],
    ['0 3 1 * *', 'on day 1 of every month at 03:00'],
    ['15 0 22 * * 0,6', 'every weekend day at 22:00:15'],
  ])('%s is "%s"', (cron, words) => {
    expect(describeCron(cron)).toBe(words);
  });

  it('gives up on forms it does not know', () => {
    expect(describeCron('0 2 * 1 *')).toBeUndefined();
    expect(describeCron('nonsense')).toBeUndefined();
  });

  it('words a schedule with its zone, or says there is none', () => {
    expect(
      describeSchedule({ cron: '0 2 * * 1-5', timezone: 'Europe/Paris' }),
    ).toBe('every weekday at 02:00 Europe/Paris');
    expect(describeSchedule({ cron: '0 2 L * *', timezone: 'UTC' })).toBe(
      'cron 0 2 L * * UTC',
    );
    expect(describeSchedule(null)).toBe('By hand only');
  });

  it('lists the time zones with UTC among them', () => {
    expect(timeZones()).toContain('UTC');
  });
});
