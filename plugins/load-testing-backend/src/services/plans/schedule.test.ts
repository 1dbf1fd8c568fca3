import {
  checkSchedule,
  dueSlot,
  isTimeZone,
  nextFire,
  wakeUpCron,
} from './schedule';

describe('plan schedules', () => {
  it('knows IANA zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('says what is wrong with a cron', () => {
    const msg = (cron: string, timezone = 'UTC') =>
      checkSchedule({ cron, timezone }).map(e => `${e.field}: ${e.message}`);
    expect(msg('0 2 * * 1-5', 'Europe/Paris')).toEqual([]);
    expect(msg('*/5 * * * * *')).toEqual([]);
    expect(msg('0 2 * *')[0]).toBe(
      'schedule.cron: has 4 field(s); expected 5 (minute, hour, day of month, month, day of week) or 6 with seconds first',
    );
    expect(msg('0 24 * * *')[0]).toMatch(
      /^schedule.cron: is not a valid cron expression: .*24/,
    );
    expect(msg('0 0 31 2 *')[0]).toBe(
      'schedule.cron: never fires (no date matches it)',
    );
    expect(msg('*/2 * * * * *')[0]).toMatch(/fires 2 s apart/);
    expect(msg('0 2 * * *', 'Nowhere/Land')).toEqual([
      'schedule.timezone: Nowhere/Land is not an IANA time zone (e.g. Europe/Paris, UTC)',
    ]);
  });

  it('computes the next fire in the plan’s zone, across daylight saving time', () => {
    const paris = { cron: '0 2 * * *', timezone: 'Europe/Paris' };
    expect(
      nextFire(paris, new Date('2026-01-10T12:00:00Z')).toISOString(),
    ).toBe('2026-01-11T01:00:00.000Z');
    expect(
      nextFire(paris, new Date('2026-07-10T12:00:00Z')).toISOString(),
    ).toBe('2026-07-11T00:00:00.000Z');
  });

  it('gives the scheduler a wake-up cron that covers every fire', () => {
    const at = new Date('2026-01-10T12:00:00Z');
    expect(
      wakeUpCron({ cron: '0 2 * * 1-5', timezone: 'UTC' }, 'UTC', at),
    ).toBe('0 0 2 * * 1-5');
    expect(
      wakeUpCron({ cron: '15 2 * * 1-5', timezone: 'Europe/Paris' }, 'UTC', at),
    ).toBe('0 15 * * * *');
    expect(
      wakeUpCron({ cron: '15 2 * * *', timezone: 'Asia/Kolkata' }, 'UTC', at),
    ).toBe('0 * * * * *');
    expect(
      wakeUpCron(
        { cron: '*/10 * * * * *', timezone: 'America/New_York' },
        'UTC',
        at,
      ),
    ).toBe('*/10 * * * * *');
  });

  it('fires a wake-up for the slot it is for, once late ones are too old', () => {
    const s = { cron: '0 2 * * *', timezone: 'Europe/Paris' };
    const slot = '2026-01-11T01:00:00.000Z';
    expect(
      dueSlot(s, new Date('2026-01-11T01:00:03Z'), 60_000)?.toISOString(),
    ).toBe(slot);
    expect(
      dueSlot(s, new Date('2026-01-11T01:02:00Z'), 60_000),
    ).toBeUndefined();
    // a wake-up of the hourly wake-up cron at another hour
    expect(
      dueSlot(s, new Date('2026-01-11T02:00:01Z'), 60_000),
    ).toBeUndefined();
    // a wake-up a second early is for the coming slot, not a late one for the last
    const every10 = { cron: '*/10 * * * * *', timezone: 'UTC' };
    expect(
      dueSlot(every10, new Date('2026-01-11T01:00:09Z'), 60_000),
    ).toBeUndefined();
    expect(
      dueSlot(every10, new Date('2026-01-11T01:00:04Z'), 60_000)?.toISOString(),
    ).toBe('2026-01-11T01:00:00.000Z');
  });
});
