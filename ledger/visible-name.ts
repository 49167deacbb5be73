/**
 * Characters that a person cannot see or that break a line: controls (C0, DEL, C1), format
 * characters (zero-width space and joiners, bidirectional marks, the byte-order mark, soft hyphen)
 * and the line and paragraph separators. A name holding one prints a fake line, or looks like
 * another person's name.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** The first invisible or control character of `text` (its code point, as U+XXXX, and UTF-16 index), or null. */
export function invisibleCharacter(text: string): { code: string; index: number } | null {
  const match = INVISIBLE.exec(text);
  if (!match) return null;
  return { code: `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, index: match.index };
}
