/**
 * Unicode's Stream-Safe Text Format (UAX #15) allows at most 30 non-starters (combining marks) in a
 * row; no language needs more (Vietnamese puts at most two on a letter). NFC reorders a run of marks
 * in time that grows with its square: 32,767 marks in one cell take seconds, thousands of such cells
 * an hour. So a text with a longer run is refused before it is normalised. Marks are counted as
 * `\p{M}` (a little stricter than non-starters: it includes spacing marks), found in linear time.
 */
export const MAX_COMBINING_RUN = 30;

const LONG_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

/** Where the first run of more than 30 combining marks starts (a UTF-16 index) and how long it is, or null. */
export function longCombiningRun(text: string): { at: number; length: number } | null {
  const match = LONG_RUN.exec(text);
  return match ? { at: match.index, length: [...match[0]].length } : null;
}
