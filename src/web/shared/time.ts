/**
 * Times are stored and sent in UTC and shown in the certification body's time zone (not the
 * browser's), with Intl.DateTimeFormat.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

function validTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

function formatter(locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/**
 * Format an ISO instant for display in a time zone as `2026-11-30 09:29:19` (or `2026-11-30`): one
 * unambiguous, sortable form in both languages, as Chinese business software usually shows times.
 */
export function formatInstant(
  iso: string | null | undefined,
  timeZone: string | undefined,
  options: { withTime?: boolean } = {},
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = formatter('en-US', validTimeZone(timeZone), true).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  if (options.withTime === false) return day;
  const hour = get('hour') === '24' ? '00' : get('hour');
  return `${day} ${hour}:${get('minute')}:${get('second')}`;
}

function offsetMs(utcMs: number, timeZone: string): number {
  const parts = formatter('en-US', timeZone, true).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const hour = get('hour') % 24;
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), hour, get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant of a wall-clock time in a time zone, e.g. 2026-01-01 00:00 in Asia/Shanghai →
 * 2025-12-31T16:00:00.000Z. Used to turn dates picked in the certification body's zone into filters.
 */
export function zonedWallClockToUtc(
  wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string | undefined,
): Date {
  const zone = validTimeZone(timeZone);
  const guess = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour ?? 0,
    wall.minute ?? 0,
    wall.second ?? 0,
  );
  const first = offsetMs(guess, zone);
  let result = guess - first;
  const second = offsetMs(result, zone);
  if (second !== first) result = guess - second;
  return new Date(result);
}

/** `[from, to]` instants covering whole calendar days `fromDay`..`toDay` (inclusive) in a time zone. */
export function zonedDayRange(
  fromDay: { year: number; month: number; day: number },
  toDay: { year: number; month: number; day: number },
  timeZone: string | undefined,
): [string, string] {
  const from = zonedWallClockToUtc(fromDay, timeZone);
  const nextDay = new Date(Date.UTC(toDay.year, toDay.month - 1, toDay.day + 1));
  const end = zonedWallClockToUtc(
    { year: nextDay.getUTCFullYear(), month: nextDay.getUTCMonth() + 1, day: nextDay.getUTCDate() },
    timeZone,
  );
  return [from.toISOString(), new Date(end.getTime() - 1).toISOString()];
}

/** IANA time zones this browser knows, for the time-zone select. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  if (!zones.includes(DEFAULT_TIME_ZONE)) zones.unshift(DEFAULT_TIME_ZONE);
  if (!zones.includes('UTC')) zones.push('UTC');
  return zones;
}
