import { matchDate } from './date-phrases.ts';
import { matchMonth } from './month-phrases.ts';
import type { PeriodPhrase, PhraseMatcher } from './period-phrase.ts';
import { matchQuarter } from './quarter-phrases.ts';
import { matchOngoing, matchRecurring } from './recurring-phrases.ts';
import { matchEdgeOfYear, matchPartOfYear, matchYear } from './year-phrases.ts';

const MATCHERS: readonly PhraseMatcher[] = [
  matchDate,
  matchMonth,
  matchQuarter,
  matchPartOfYear,
  matchEdgeOfYear,
  matchYear,
  matchRecurring,
  matchOngoing,
];

const isWordChar = (ch: string | undefined) => ch !== undefined && /[a-z0-9]/.test(ch);

/**
 * Every period phrase in the folded text, left to right, not overlapping. At each word start the
 * longest phrase wins, so "Quý III năm 2022" is one quarter and not a quarter and a year.
 */
export function scanPeriods(folded: string): PeriodPhrase[] {
  const found: PeriodPhrase[] = [];
  let at = 0;
  while (at < folded.length) {
    if (!isWordChar(folded[at - 1]) && isWordChar(folded[at])) {
      let best: PeriodPhrase | null = null;
      for (const match of MATCHERS) {
        const phrase = match(folded, at);
        if (phrase && (!best || phrase.to > best.to)) best = phrase;
      }
      if (best) {
        found.push(best);
        at = best.to;
        continue;
      }
    }
    at++;
  }
  return found;
}
