/**
 * Calendar arithmetic on dates (YYYY-MM-DD), in whole months as certification rules count them: adding
 * a month to 31 January gives the last day of February.
 */
export type IsoDate = string;

const pattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(d: IsoDate): { y: number; m: number; day: number } {
  const match = pattern.exec(d);
  if (!match) throw new RangeError(`not a date: ${d}`);
  return { y: Number(match[1]), m: Number(match[2]), day: Number(match[3]) };
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function addMonths(d: IsoDate, months: number): IsoDate {
  const { y, m, day } = parseIsoDate(d);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(day, daysInMonth(ny, nm)))}`;
}

export const addYears = (d: IsoDate, years: number) => addMonths(d, years * 12);

export function addDays(d: IsoDate, days: number): IsoDate {
  const { y, m, day } = parseIsoDate(d);
  return new Date(Date.UTC(y, m - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole months from a to b (negative when b is before a), counting a month only once its day is reached. */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const x = parseIsoDate(a);
  const y = parseIsoDate(b);
  let months = (y.y - x.y) * 12 + (y.m - x.m);
  if (months > 0 && y.day < x.day) months--;
  if (months < 0 && y.day > x.day) months++;
  return months;
}
