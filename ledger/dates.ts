import * as z from 'zod';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A calendar date, YYYY-MM-DD, that really exists (no 31/02). */
export const IsoDate = z.string().regex(DATE_SHAPE, 'expected a date as YYYY-MM-DD').refine(dateDigitsExist, 'no such calendar date');

/** An instant, ISO 8601 in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const IsoInstant = z
  .string()
  .regex(INSTANT_SHAPE, 'expected an ISO timestamp such as 2021-03-01T08:00:00.000Z')
  .refine(instantDigitsExist, 'no such instant');

export type IsoDate = z.infer<typeof IsoDate>;
export type IsoInstant = z.infer<typeof IsoInstant>;

// The schema checks every date and instant of every event: plain arithmetic on the digits, no Date
// objects (building them was a third of the schema's time). Years 0000-9999, proleptic Gregorian,
// as toISOString writes them.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const twoDigits = (s: string, at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
const yearOf = (s: string) => twoDigits(s, 0) * 100 + twoDigits(s, 2);

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** Given YYYY-MM-DD digits at the start of `s`: is that a day of the calendar? */
function dateDigitsExist(s: string): boolean {
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(yearOf(s), month);
}

/** Given an instant's digits: a real day, and a time of day as toISOString writes it (no 24:00, no leap second). */
function instantDigitsExist(s: string): boolean {
  return dateDigitsExist(s) && twoDigits(s, 11) <= 23 && twoDigits(s, 14) <= 59 && twoDigits(s, 17) <= 59;
}

/** Milliseconds since 1970 of an instant as toISOString writes it; null for any other text. */
export function instantMillis(instant: string): number | null {
  if (!INSTANT_SHAPE.test(instant) || !instantDigitsExist(instant)) return null;
  const milliseconds = (instant.charCodeAt(20) - 48) * 100 + twoDigits(instant, 21);
  return dayNumber(instant) * 86_400_000 + twoDigits(instant, 11) * 3_600_000 + twoDigits(instant, 14) * 60_000 + twoDigits(instant, 17) * 1000 + milliseconds;
}

/** Whether `s` is YYYY-MM-DD and that day exists. */
export function isRealDate(s: string): boolean {
  return DATE_SHAPE.test(s) && dateDigitsExist(s);
}

/** The day after a real date (null past 9999-12-31). */
function nextDay(date: IsoDate): IsoDate | null {
  let year = yearOf(date);
  let month = twoDigits(date, 5);
  let day = twoDigits(date, 8) + 1;
  if (day > daysInMonth(year, month)) {
    day = 1;
    if (++month > 12) {
      month = 1;
      if (++year > 9999) return null;
    }
  }
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Days from 1970-01-01 to a real date (days_from_civil, H. Hinnant). */
function dayNumber(date: IsoDate): number {
  const month = twoDigits(date, 5);
  const year = yearOf(date) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + twoDigits(date, 8) - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

// Plans, deadlines and cut-offs are Vietnamese calendar dates: an instant belongs to the date it has in UTC+7.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Vietnam (UTC+7, no daylight saving) of an instant. */
export function vietnamDateOf(instant: string | Date): IsoDate {
  // Every event's `at` comes this way (effective dates default to it, the rules compare with it): from 17:00 UTC it is the next day.
  if (typeof instant === 'string' && INSTANT_SHAPE.test(instant) && instantDigitsExist(instant)) {
    const date = instant.slice(0, 10);
    const next = twoDigits(instant, 11) < 17 ? date : nextDay(date);
    if (next !== null) return next;
  }
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(t + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last instant of a Vietnamese calendar date (23:59:59.999 UTC+7), for "known by the end of that day". */
export function endOfVietnamDay(date: IsoDate): IsoInstant {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - VIETNAM_OFFSET_MS).toISOString();
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  if (isRealDate(from) && isRealDate(to)) return dayNumber(to) - dayNumber(from);
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatVietnameseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Reads a date typed by a person: YYYY-MM-DD or dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy).
 * Returns null when it is not a real date.
 */
export function parseUserDate(text: string): IsoDate | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (vn) [d, m, y] = [Number(vn[1]), Number(vn[2]), Number(vn[3])];
  else return null;
  const out = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isRealDate(out) ? out : null;
}
