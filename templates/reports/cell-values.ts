import { formatVietnameseDate, type IsoDate, type IsoInstant } from '../../ledger/dates.ts';
import type { PlanIdentity } from '../../ledger/plan.ts';
import { formatDocumentRef } from '../evidence/parse-document-ref.ts';

/**
 * A date cell for a calendar date. exceljs turns a Date into a serial number from its UTC value, so
 * midnight UTC gives the exact day whatever the machine's time zone.
 */
export const excelDate = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

/** A date-time cell showing the Vietnamese wall clock (UTC+7) of an instant. */
export const vietnamWallClock = (instant: IsoInstant): Date => new Date(Date.parse(instant) + 7 * 3_600_000);

/** An instant's Vietnam time (UTC+7) as text cites it, in either language: `time` "08:30", `date` "20/03/2021". */
export function vietnamClockParts(instant: IsoInstant): { time: string; date: string } {
  const wall = vietnamWallClock(instant).toISOString();
  return { time: wall.slice(11, 16), date: formatVietnameseDate(wall.slice(0, 10)) };
}

/** "08:30 ngày 20/03/2021" in Vietnam time, for text that cites an instant. */
export function vietnamTimeText(instant: IsoInstant): string {
  const { time, date } = vietnamClockParts(instant);
  return `${time} ngày ${date}`;
}

/** The first 12 hex digits of a hash: enough to find an event, short enough to read aloud. */
export const shortHash = (hash: string): string => hash.slice(0, 12);

/** Text cut at a word boundary near `max` characters, with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** "Kế hoạch số 7018/KH-UBND ngày 29/12/2020 của UBND tỉnh Bến Tre". */
export const citePlan = (plan: PlanIdentity): string =>
  formatDocumentRef({ kind: 'Kế hoạch', number: plan.number, date: plan.date, issuer: plan.issuer });

/** "100.000": whole numbers with the Vietnamese thousands dot (no locale data needed, same on every machine). */
export const formatIntegerVi = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
