/**
 * Unicode's Stream-Safe Text Format (UAX #15) allows at most 30 non-starters (combining marks) in a
 * row; no language needs more (Vietnamese puts at most two on a letter). NFC reorders a run of marks
 * in time that grows with its square: 32,767 marks in one cell take seconds, thousands of such cells
 * an hour. So a text with a longer run is refused before it is normalised. Marks are counted as
 * `\p{M}` (a little stricter than non-starters: it includes spacing marks), found in linear time.
 */
export const MAX_COMBINING_RUN = 30;

const LONG_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');
/**
 * Every mark is at U+0300 or above, so such a run is at least 31 UTF-16 units from U+0300 up. Most
 * texts (Vietnamese too: words are short and spaced) have no such stretch, found by a scan over
 * plain code-unit ranges, far cheaper than testing each character for `\p{M}`.
 */
const LONG_STRETCH_ABOVE_LATIN = new RegExp(`[^\\u0000-\\u02ff]{${MAX_COMBINING_RUN + 1}}`);

/** Where the first run of more than 30 combining marks starts (a UTF-16 index) and how long it is, or null. */
export function longCombiningRun(text: string): { at: number; length: number } | null {
  if (!LONG_STRETCH_ABOVE_LATIN.test(text)) return null;
  const match = LONG_RUN.exec(text);
  return match ? { at: match.index, length: [...match[0]].length } : null;
}
