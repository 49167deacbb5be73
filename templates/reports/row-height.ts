import type { Row, Worksheet } from 'exceljs';

/**
 * Neither Excel nor LibreOffice grows a row to fit wrapped text in a file they did not lay out
 * themselves (LibreOffice leaves xlsx rows at the default height, and no viewer fits merged cells),
 * so the report sets heights itself from the text, wrapped word by word as a viewer would. Times New
 * Roman 12 fits about one character of Vietnamese text per unit of column width (a unit is one "0"
 * of the default font, Times New Roman 11); a little under, so that a row is never too short.
 */
const CHARS_PER_WIDTH_UNIT = 0.95;

/** A capital letter takes about this many lower-case letters' room. */
const CAPITAL_WIDTH = 1.35;

/** Bold runs wider: the header lines of an official document. */
const BOLD_WIDTH = 1.1;

/** Characters a line of a column holds (as linesOf counts them). */
const charsPerLine = (width: number, size = 12, bold = false): number => Math.max(1, (width * CHARS_PER_WIDTH_UNIT * 12) / size / (bold ? BOLD_WIDTH : 1));

/** A text short enough for one line whatever its letters, without measuring it. */
const surelyOneLine = (text: string, perLine: number): boolean => text.length * CAPITAL_WIDTH <= perLine && !text.includes('\n');

export function linesOf(text: string, width: number, size = 12, bold = false): number {
  const perLine = charsPerLine(width, size, bold);
  if (surelyOneLine(text, perLine)) return 1;
  let lines = 0;
  for (const paragraph of text.split('\n')) lines += wrappedLines(paragraph, perLine);
  return lines;
}

/** Lines of one paragraph wrapped at spaces, a word longer than a line broken where the line ends. */
function wrappedLines(paragraph: string, perLine: number): number {
  if (paragraph.length * CAPITAL_WIDTH <= perLine) return 1;
  let lines = 1;
  let used = 0;
  for (const word of paragraph.split(' ')) {
    let length = widthOfWord(word);
    if (used > 0 && used + 1 + length <= perLine) {
      used += 1 + length;
      continue;
    }
    if (used > 0) lines++;
    while (length > perLine) {
      lines++;
      length -= perLine;
    }
    used = length;
  }
  return lines;
}

function widthOfWord(word: string): number {
  let width = word.length;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    // Plain ASCII answers without a case conversion; other letters (Vietnamese capitals) ask.
    if (code >= 65 && code <= 90) width += CAPITAL_WIDTH - 1;
    else if (code > 127) {
      const c = String.fromCodePoint(word.codePointAt(i)!);
      if (c !== c.toLowerCase()) width += CAPITAL_WIDTH - 1;
      i += c.length - 1;
    }
  }
  return width;
}

export const heightOfLines = (lines: number, size = 12): number => Math.ceil(lines * size * 1.25 + 3);

/** Sets a row's height to fit its tallest text, given the width each text has (a merged cell's total width). */
export function fitRow(row: Row, texts: ReadonlyArray<{ text: string | null | undefined; width: number; size?: number; bold?: boolean }>): void {
  let height = heightOfLines(1);
  for (const t of texts) {
    if (!t.text) continue;
    height = Math.max(height, heightOfLines(linesOf(t.text, t.width, t.size, t.bold), t.size));
  }
  row.height = height;
}

/** The width of columns `from`..`to` together (a merged cell's), in column-width units. */
export function widthOf(sheet: Worksheet, from: number, to: number): number {
  let total = 0;
  for (let c = from; c <= to; c++) total += sheet.getColumn(c).width ?? 9;
  return total;
}

/**
 * `fitRow` for many rows of plain values, one per column of the given widths: each distinct text of
 * a column is measured once (a long sheet repeats its names, items and changes), no allocation per row.
 */
export function rowFitter(widths: readonly number[]): (row: Row, values: readonly unknown[]) => void {
  const measured = widths.map(() => new Map<string, number>());
  const perLine = widths.map((w) => charsPerLine(w));
  return (row, values) => {
    let lines = 1;
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (typeof v !== 'string' || surelyOneLine(v, perLine[c]!)) continue;
      const known = measured[c]!;
      let n = known.get(v);
      if (n === undefined) known.set(v, (n = linesOf(v, widths[c]!)));
      if (n > lines) lines = n;
    }
    row.height = heightOfLines(lines);
  };
}
