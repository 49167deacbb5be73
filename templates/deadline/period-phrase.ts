import type { DeadlineKind } from '../../ledger/deadline.ts';
import { isPlanYear, type Span } from './period-windows.ts';

/** A phrase naming calendar time ("Quý I, IV năm 2021", "Trước ngày 31/12/2021"), found in the folded text. */
export interface PeriodPhrase {
  /** Where it is in the folded text. */
  from: number;
  to: number;
  kind: DeadlineKind;
  /** The year written in the phrase; null when the year must come from elsewhere ("Quý II"). */
  year: number | null;
  /** Its windows in order, given the year it falls in (the phrase's own when it has one; null: unknown). */
  spans(year: number | null): Span[];
  /** "Hằng năm" with no year written: every year of the plan's period. */
  everyYear?: boolean;
}

/** A phrase whose pattern matched but whose numbers are impossible ("Tháng 13/2021", "31/02/2022"): the cell needs a person. */
export function unreadable(from: number, to: number): PeriodPhrase {
  return { from, to, kind: 'unknown', year: null, spans: () => [] };
}

/** Tries to read one kind of phrase starting exactly at `at` in the folded text. */
export type PhraseMatcher = (folded: string, at: number) => PeriodPhrase | null;

/** Runs a sticky (`y`) pattern at `at`. */
export function matchAt(pattern: RegExp, folded: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(folded);
}

/** A written year, or undefined when none is written, or null when what is written is no plan year. */
export function writtenYear(digits: string | undefined): number | null | undefined {
  if (digits === undefined) return undefined;
  const year = Number(digits);
  return isPlanYear(year) ? year : null;
}

/** Separators between the numbers of a list ("Quý I, IV", "Tháng 04-10"); a dash or "đến" means "through". */
export const LIST_SEPARATOR = '(?:,|;|&|\\+|-|va|den|toi)';
export const isThrough = (separator: string | undefined) => separator === '-' || separator === 'den' || separator === 'toi';

/** Where a year may follow a month or quarter: "/2021", "-2021", " năm 2021", ", năm 2021". */
export const YEAR_SUFFIX = '(?:\\s*(?:[/.-]|,?\\s*nam)\\s*(\\d{4})(?![0-9]))?';
