import { CronTime } from 'cron';
import { DateTime } from 'luxon';
import { FieldError, PlanSchedule } from '@internal/plugin-load-testing-common';

/** The shortest time between two fires a schedule may ask for. */
export const MIN_FIRE_INTERVAL_SECONDS = 5;

/** Whether Intl knows the zone (it throws a RangeError on unknown ones). */
export function isTimeZone(zone: string): boolean {
  try {
    return Boolean(
      Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions()
        .timeZone,
    );
  } catch {
    return false;
  }
}

const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/**
 * What is wrong with a schedule, by field. Cron has five fields (minute hour day month
 * weekday), or six with seconds first, e.g. `*\/10 * * * * *` every ten seconds.
 */
export function checkSchedule(
  schedule: PlanSchedule,
  field = 'schedule',
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isTimeZone(schedule.timezone)) {
    errors.push({
      field: `${field}.timezone`,
      message: `${schedule.timezone} is not an IANA time zone (e.g. Europe/Paris, UTC)`,
    });
  }
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    errors.push({
      field: `${field}.cron`,
      message: `has ${fields.length} field(s); expected 5 (${FIELD_NAMES.join(', ')}) or 6 with seconds first`,
    });
    return errors;
  }
  let time: CronTime;
  try {
    time = new CronTime(
      schedule.cron,
      errors.length ? 'UTC' : schedule.timezone,
    );
  } catch (e) {
    errors.push({
      field: `${field}.cron`,
      message: `is not a valid cron expression: ${(e as Error).message}`,
    });
    return errors;
  }
  try {
    const fires = time.sendAt(6) as DateTime[];
    for (let i = 1; i < fires.length; i++) {
      const gap = fires[i].toMillis() - fires[i - 1].toMillis();
      if (gap < MIN_FIRE_INTERVAL_SECONDS * 1000) {
        errors.push({
          field: `${field}.cron`,
          message: `fires ${gap / 1000} s apart; plans fire at most every ${MIN_FIRE_INTERVAL_SECONDS} s`,
        });
        break;
      }
    }
  } catch {
    errors.push({
      field: `${field}.cron`,
      message: 'never fires (no date matches it)',
    });
  }
  return errors;
}

/** The first fire strictly after `from`, in the schedule's zone. */
export function nextFire(schedule: PlanSchedule, from = new Date()): Date {
  return new CronTime(schedule.cron, schedule.timezone)
    .getNextDateFrom(DateTime.fromJSDate(from).setZone(schedule.timezone))
    .toJSDate();
}

/** A wake-up this close before a slot is an early one for it (the scheduler registers a task a second early). */
const EARLY_WAKE_MS = 2000;

/**
 * The slot a wake-up at `now` is for: the newest fire of the schedule at or before `now`,
 * if it is at most `toleranceMs` old; none for a wake-up just before a slot (the next
 * wake-up, at the slot, fires it).
 */
export function dueSlot(
  schedule: PlanSchedule,
  now: Date,
  toleranceMs: number,
): Date | undefined {
  if (nextFire(schedule, now).getTime() - now.getTime() < EARLY_WAKE_MS)
    return undefined;
  let slot: Date | undefined;
  let at = new Date(now.getTime() - toleranceMs - 1000);
  for (let i = 0; i < 1000; i++) {
    const next = nextFire(schedule, at);
    if (next.getTime() > now.getTime()) break;
    slot = next;
    at = next;
  }
  return slot;
}

/** UTC offset of a zone at an instant, in minutes. */
function offsetMinutes(zone: string, at: Date): number {
  return DateTime.fromJSDate(at).setZone(zone).offset;
}

/**
 * The cron the scheduler is given. Backstage's scheduler reads a cron in the backend's own
 * time zone and takes none per task, so a plan in another zone gets a wake-up cron that
 * covers every fire whatever the offset: its seconds and minutes (minutes too become `*`
 * when the zones' offsets differ by a part of an hour), every hour. The task then fires
 * only on a slot of the plan's own cron in its zone. A plan in the backend's zone gets
 * its cron as it is.
 */
export function wakeUpCron(
  schedule: PlanSchedule,
  serverZone = DateTime.local().zoneName ?? 'UTC',
  now = new Date(),
): string {
  const fields = schedule.cron.trim().split(/\s+/);
  const six = fields.length === 6 ? fields : ['0', ...fields];
  // a year of instants: offsets change with daylight saving time
  const instants = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(
    m => new Date(now.getTime() + m * 30.5 * 24 * 3600 * 1000),
  );
  const diffs = instants.map(
    at => offsetMinutes(schedule.timezone, at) - offsetMinutes(serverZone, at),
  );
  if (diffs.every(d => d === 0)) return six.join(' ');
  const minutes = diffs.every(d => d % 60 === 0) ? six[1] : '*';
  return [six[0], minutes, '*', '*', '*', '*'].join(' ');
}
