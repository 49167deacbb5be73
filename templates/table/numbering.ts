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
  // "III.1 Nhóm ..." numbers a group inside section III, not a section.
  if (GROUP_NUMBER.test(text.trim())) return null;
  const title = m[2]!.trim();
  if (inText) {
    if (title === '') return null;
    const separated = /^(?:(?:phần|mục)\s+)?[IVX]+\s*[.):\-–]/iu.test(text.trim());
    if (!separated && !/^\p{Lu}/u.test(title)) return null;
  }
  return { numeral, title };
}

/** Numbering of a group inside a section: "III.1", "III.1.2", "1.1", "2.3.1" (with an optional final dot). */
const GROUP_NUMBER = /^((?:[IVX]+|\d{1,3})(?:\.\d{1,3})+)\.?(?=\s|$)/u;

/**
 * The numbering at the start of a heading that can only number a group ("III.1 Nhóm các nền tảng
 * số", "1.2. Cải cách ..."): a roman numeral or a number followed by one or more ".n".
 */
export function groupNumbering(text: string): { label: string; prefix: number } | null {
  const m = GROUP_NUMBER.exec(text.trim());
  if (!m) return null;
  const rest = /^\.?\s*/.exec(text.trim().slice(m[1]!.length))![0];
  return { label: m[1]!, prefix: text.length - text.trimStart().length + m[1]!.length + rest.length };
}

/** How deep a group sits: "III.1" and "1" are 1, "III.1.1" and "1.1" are 2, a letter "a" is below any number. */
export function groupLevel(numbering: string): number {
  if (numbering === '') return 1;
  if (/^[a-zđ]$/u.test(numbering)) return 9;
  const parts = numbering.split('.');
  if (romanValue(parts[0]!) !== null && !/^\d/.test(parts[0]!)) parts.shift();
  return Math.max(1, parts.length);
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
  const roman = /^[IVX]+\.\d/.test(text) ? groupNumbering(text) : null;
  if (roman) return { kind: 'task', ...roman };
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
