import { PlanSchedule } from '@internal/plugin-load-testing-common';

const DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];

const isNum = (f: string) => /^\d+$/.test(f);
const pad = (f: string) => f.padStart(2, '0');
const every = (f: string) => /^\*\/(\d+)$/.exec(f)?.[1];

function plural(n: string, unit: string) {
  return n === '1' ? `every ${unit}` : `every ${n} ${unit}s`;
}

function days(dom: string, month: string, dow: string): string | undefined {
  if (month !== '*') return undefined;
  if (dom === '*' && (dow === '*' || dow === '?')) return 'every day';
  if (dom !== '*' && dom !== '?') {
    if (dow !== '*' && dow !== '?') return undefined;
    return isNum(dom) ? `on day ${dom} of every month` : undefined;
  }
  if (dow === '1-5' || dow === 'MON-FRI') return 'every weekday';
  if (dow === '0,6' || dow === '6,0' || dow === 'SAT,SUN')
    return 'every weekend day';
  const list = dow.split(',');
  if (list.every(d => isNum(d) && Number(d) <= 7))
    return `every ${list.map(d => DAYS[Number(d) % 7]).join(', ')}`;
  return undefined;
}

/**
 * A cron expression (5 fields, or 6 with seconds first) in plain words, e.g.
 * `every weekday at 02:00`; undefined when it is not one of the common forms.
 */
export function describeCron(cron: string): string | undefined {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [sec, min, hour, dom, month, dow] =
    parts.length === 6 ? parts : ['0', ...parts];
  const when = days(dom, month, dow);
  if (!when) return undefined;
  const rest = [min, hour, dom, dow].every(f => f === '*' || f === '?');
  const n = every(sec);
  if ((n || sec === '*') && min === '*' && hour === '*')
    return when === 'every day'
      ? plural(n ?? '1', 'second')
      : `${plural(n ?? '1', 'second')}, ${when}`;
  if (!isNum(sec)) return undefined;
  const secs = sec === '0' ? '' : `:${pad(sec)}`;
  const m = every(min);
  if ((m || min === '*') && hour === '*') {
    const base = plural(m ?? '1', 'minute');
    return rest || when === 'every day' ? base : `${base}, ${when}`;
  }
  if (!isNum(min)) return undefined;
  if (hour === '*') {
    const base = `every hour at minute ${Number(min)}`;
    return when === 'every day' ? base : `${base}, ${when}`;
  }
  const h = every(hour);
  if (h) {
    const base = `every ${h} hours at minute ${Number(min)}`;
    return when === 'every day' ? base : `${base}, ${when}`;
  }
  const hours = hour.split(',');
  if (!hours.every(isNum)) return undefined;
  const times = hours.map(x => `${pad(x)}:${pad(min)}${secs}`).join(' and ');
  return `${when} at ${times}`;
}

/** A schedule in words with its zone, e.g. `every weekday at 02:00 Europe/Paris`. */
export function describeSchedule(schedule?: PlanSchedule | null): string {
  if (!schedule) return 'By hand only';
  const words = describeCron(schedule.cron);
  return words
    ? `${words} ${schedule.timezone}`
    : `cron ${schedule.cron} ${schedule.timezone}`;
}

/** The time zones the browser knows, its own first when missing from the list. */
export function timeZones(): string[] {
  const own = browserTimeZone();
  const intl = Intl as unknown as {
    supportedValuesOf?: (key: string) => string[];
  };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  const all = list.includes('UTC') ? list : [...list, 'UTC'];
  return all.includes(own) ? all : [own, ...all];
}

export function browserTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A date with seconds: plan runs may fire seconds apart. */
export function formatInstant(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
