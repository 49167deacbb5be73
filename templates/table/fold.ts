import { foldDiacritics } from '../../ledger/fold.ts';

/**
 * Folds text for matching header words, section titles and agency names: no diacritics, đ → d,
 * lower case, every run of punctuation or whitespace one space. Staff type headers with and
 * without diacritics, with stray line breaks and slashes, so matching must not depend on them.
 */
export function foldText(text: string): string {
  return foldDiacritics(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `phrase` (already folded) occurs in `folded` as whole words. */
export function hasWords(folded: string, phrase: string): boolean {
  if (phrase === '') return false;
  const at = ` ${folded} `.indexOf(` ${phrase} `);
  return at >= 0;
}
