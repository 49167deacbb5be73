import { visit } from 'jsonc-parser';

/** A stored event's JSON read: its value, or why it has no single meaning and where (a UTF-16 index into the text). */
export type LedgerJson = { value: unknown } | { problem: { vi: string; en: string }; index: number | null };

/**
 * Reads one stored event's JSON (an NDJSON line, a ledger sheet's cells, an IndexedDB record).
 * Refuses what JSON.parse would read but another reader could read otherwise: an object naming a
 * key twice (JSON.parse keeps the last, others the first). The keys are compared as unescaped, so
 * `"a"` and `"\u0061"` are one key. jsonc-parser's visitor walks the tokens (comments refused).
 */
export function parseLedgerJson(text: string): LedgerJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: { vi: (error as Error).message, en: (error as Error).message }, index: null };
  }
  // A format-2 line is held to its one canonical form byte for byte (stored-line.ts), which no
  // duplicate key survives: the token walk is only needed for format 1.
  if ((value as { v?: unknown } | null)?.v === 2) return { value };
  // JSON.stringify never writes a key twice: a line that is exactly what it writes for the value read
  // (format 1 was written so) has none, and needs no walk of its tokens, which costs five parses.
  if (writtenByStringify(value, text)) return { value };
  const open: Array<Set<string>> = [];
  let duplicate: { key: string; index: number } | null = null;
  try {
    visit(
      text,
      {
        onObjectBegin: () => void open.push(new Set()),
        onObjectEnd: () => void open.pop(),
        onObjectProperty: (key, offset) => {
          const keys = open[open.length - 1]!;
          if (keys.has(key)) duplicate ??= { key, index: offset };
          keys.add(key);
        },
      },
      { disallowComments: true },
    );
  } catch {
    // The visitor recurses: nesting deeper than the stack allows (no event nests so) is refused, not thrown.
    return { problem: { vi: 'JSON lồng nhau quá sâu / JSON nested too deeply', en: 'JSON nested too deeply' }, index: null };
  }
  if (duplicate) {
    const { key, index } = duplicate as { key: string; index: number };
    const shown = JSON.stringify(key);
    return {
      problem: { vi: `khóa ${shown} xuất hiện hai lần trong một đối tượng`, en: `the key ${shown} appears twice in one object` },
      index,
    };
  }
  return { value };
}

/** Whether `text` is what JSON.stringify writes for `value`; no for a value nested deeper than its recursion goes (the walk judges it). */
function writtenByStringify(value: unknown, text: string): boolean {
  try {
    return JSON.stringify(value) === text;
  } catch {
    return false;
  }
}
