/**
 * Calendar dates (YYYY-MM-DD) as certificates print them: issue, expiry, suspension end, due dates.
 * A date is the certification body's local date; `localDateOf` turns an instant into one. Pure: the
 * caller passes the instant and the time zone.
 */
export type CivilDate = string;

const RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(s: string): boolean {
  const m = RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function parts(date: CivilDate): [number, number, number] {
  const m = RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const fromUtc = (d: Date): CivilDate => d.toISOString().slice(0, 10);

/** The local calendar date of an instant in an IANA time zone. */
export function localDateOf(instant: Date, timeZone: string): CivilDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const [y, m, d] = parts(date);
  return fromUtc(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Adds calendar months; the day is clamped to the end of a shorter month (01-31 + 1 month → 02-28). */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const [y, m, d] = parts(date);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))));
}

/** Whole days from a to b (negative when b is earlier). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

export const yearOf = (date: CivilDate): number => parts(date)[0];

/** YYYYMMDD, as IAF CertSearch and compact payloads write dates. */
export const compactDate = (date: CivilDate): string => date.replace(/-/g, '');

export function fromCompactDate(s: string): CivilDate {
  if (!/^\d{8}$/.test(s)) throw new RangeError(`not a YYYYMMDD date: ${s}`);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
