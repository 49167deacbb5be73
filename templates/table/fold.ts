import { foldDiacritics } from '../../ledger/fold.ts';

/** Texts already folded (short ones only, and a bounded number, so that memory stays small). */
const FOLDED = new Map<string, string>();
const FOLDED_KEPT = 20_000;
const FOLDED_LENGTH = 200;

/**
 * Folds text for matching header words, section titles and agency names: no diacritics, đ → d,
 * lower case, every run of punctuation or whitespace one space. Staff type headers with and
 * without diacritics, with stray line breaks and slashes, so matching must not depend on them.
 */
export function foldText(text: string): string {
  let folded = FOLDED.get(text);
  if (folded === undefined) {
    folded = foldDiacritics(text)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    // A table repeats its agencies, outputs and header words thousands of times: each folded once.
    if (text.length <= FOLDED_LENGTH) {
      if (FOLDED.size >= FOLDED_KEPT) FOLDED.clear();
      FOLDED.set(text, folded);
    }
  }
  return folded;
}

/** True when `phrase` (already folded) occurs in `folded` as whole words. */
export function hasWords(folded: string, phrase: string): boolean {
  if (phrase === '') return false;
  const at = ` ${folded} `.indexOf(` ${phrase} `);
  return at >= 0;
}
