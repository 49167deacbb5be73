import { isRealDate, type IsoDate } from '../../ledger/dates.ts';

// Excel counts days from 30/12/1899 (its serial 60 is the 29/02/1900 that never was; dates after
// 01/03/1900, all that plans hold, come out right from this epoch).
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** The calendar date of an Excel date serial (time of day dropped), or null outside 1900-9999. */
export function isoDateOfSerial(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 61 || serial >= 2_958_466) return null;
  const iso = new Date(EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
  return isRealDate(iso) ? iso : null;
}

/** The Excel date serial of a calendar date. */
export function serialOfIsoDate(date: IsoDate): number {
  return Math.round((Date.parse(`${date}T00:00:00.000Z`) - EPOCH_MS) / DAY_MS);
}

/** Whether a number format shows a date (d, m and y codes outside quotes and brackets). */
export function isDateFormat(format: string): boolean {
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();
  return /[dy]/.test(bare) && /m/.test(bare);
}
