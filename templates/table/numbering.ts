/** Roman numerals up to XXXIX, the most a plan's sections go to. */
const ROMAN = /^(X{0,3})(IX|IV|V?I{0,3})$/;

export function romanValue(numeral: string): number | null {
  if (numeral === '' || !ROMAN.test(numeral)) return null;
  const values: Record<string, number> = { I: 1, V: 5, X: 10 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const v = values[numeral[i]!]!;
    const next = values[numeral[i + 1] ?? ''] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

export function romanNumeral(n: number): string {
  const parts: Array<[number, string]> = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  let rest = n;
  for (const [v, s] of parts) while (rest >= v) (out += s), (rest -= v);
  return out;
}

/**
 * A section heading: "II", "III Cải cách thủ tục hành chính", "IV. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
 * "Phần I - ...". In a text cell (`inText`) the numeral must be followed by punctuation or by a
 * capitalised title, so that ordinary text is never taken for a heading.
 */
export function parseSectionHeading(text: string, inText: boolean): { numeral: string; title: string } | null {
  const m = /^(?:(?:phần|mục)\s+)?([IVX]+)(?:\s*[.):\-–]\s*|\s+|$)([\s\S]*)$/iu.exec(text.trim());
  if (!m) return null;
  const numeral = m[1]!;
  if (numeral !== numeral.toUpperCase() || romanValue(numeral) === null) return null;
  const title = m[2]!.trim();
  if (inText) {
    if (title === '') return null;
    const separated = /^(?:(?:phần|mục)\s+)?[IVX]+\s*[.):\-–]/iu.test(text.trim());
    if (!separated && !/^\p{Lu}/u.test(title)) return null;
  }
  return { numeral, title };
}

/** The label of a sub-row written in the STT cell: "a", "b)", "-", "+"; null for anything else. */
export function subRowLabel(stt: string): string | null {
  const t = stt.trim();
  const letter = /^([a-zđ])\s*[).]?$/u.exec(t);
  if (letter) return letter[1]!;
  if (/^[-+*•–·]$/.test(t)) return '';
  return null;
}

/**
 * Numbering written at the start of the task text, in tables with no STT column: "1. ...", "2) ...",
 * "1.2 ..." start a task; "a) ..." and "- ..." a sub-row. `prefix` is the length to cut from the text.
 */
export function numberingInText(text: string): { kind: 'task' | 'sub'; label: string; prefix: number } | null {
  const task = /^(\d{1,3})\s*[.)]\s*(?=\S)|^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\S)/u.exec(text);
  if (task) return { kind: 'task', label: (task[1] ?? task[2])!, prefix: task[0].length };
  const sub = /^([a-zđ])\)\s*(?=\S)/u.exec(text);
  if (sub) return { kind: 'sub', label: sub[1]!, prefix: sub[0].length };
  const dash = /^[-+•–]\s+(?=\S)/u.exec(text);
  if (dash) return { kind: 'sub', label: '', prefix: dash[0].length };
  return null;
}

/** True when text begins mid-sentence: a lower-case letter, or punctuation that cannot start one. */
export function startsLowercase(text: string): boolean {
  const ch = text.trimStart()[0];
  if (ch === undefined) return false;
  if (',;:)]'.includes(ch)) return true;
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

/** The letter that suffixes the n-th row of a task (0 → '', 1 → b, 2 → c ... 25 → z, 26 → aa). */
export function rowLetter(n: number): string {
  if (n === 0) return '';
  let k = n;
  let out = '';
  while (k >= 0) {
    out = String.fromCharCode(97 + (k % 26)) + out;
    k = Math.floor(k / 26) - 1;
  }
  return out;
}
