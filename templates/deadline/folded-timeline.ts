/**
 * A timeline in two forms: as written, and folded (lower case, no diacritics, đ → d, every dash a
 * hyphen) for the patterns, which must read "Quý II", "QUÝ II", "Quy II" and "quý ii" alike.
 * Unlike the header folding of the table reader, punctuation stays ("31/12/2021", "Quý I, IV") and
 * every folded character remembers where it came from, so a trigger or a label can be cut out of
 * the text as written.
 */
export interface FoldedTimeline {
  readonly text: string;
  readonly folded: string;
  /** The text as written that folded[from, to) came from. */
  original(from: number, to: number): string;
}

const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/** Characters already folded: a table's timelines use few distinct ones, each folded once (up to a bound). */
const FOLDED_CHARS = new Map<string, string>();
const FOLDED_CHARS_KEPT = 4096;

function foldChar(ch: string): string {
  const known = FOLDED_CHARS.get(ch);
  if (known !== undefined) return known;
  const folded = ch
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(DASHES, '-')
    // Some characters fold to spaces ("¨" → " "): runs kept single, as the cleaned text has them.
    .replace(/\s+/g, ' ');
  if (FOLDED_CHARS.size < FOLDED_CHARS_KEPT) FOLDED_CHARS.set(ch, folded);
  return folded;
}

export function foldTimeline(text: string): FoldedTimeline {
  let folded = '';
  // For each folded UTF-16 unit: where its source character starts and ends in `text`.
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const ch of text) {
    let f = foldChar(ch);
    if (folded.endsWith(' ')) f = f.trimStart();
    for (let k = 0; k < f.length; k++) {
      starts.push(at);
      ends.push(at + ch.length);
    }
    folded += f;
    at += ch.length;
  }
  return {
    text,
    folded,
    original(from, to) {
      if (to <= from) return '';
      return text.slice(starts[from] ?? text.length, ends[to - 1] ?? text.length);
    },
  };
}
