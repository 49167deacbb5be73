import { tidyCellText } from './cell-text.ts';
import type { Grid } from './grid.ts';

/**
 * Text bytes as a string: UTF-8 (with or without BOM), or UTF-16 when it starts with a BOM
 * (Excel's "Unicode Text" export).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Drops the markup that text extracted from documents carries: `<b>`, `<i>`, `**bold**`, `<br>` as a line break. */
export function stripMarkup(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:b|i|u|em|strong|span|p|sup|sub)(?:\s[^>]*)?>/gi, '')
    .replace(/\*\*|__/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '');
}

/**
 * Splits tab-separated text into rows of cells. A cell that Excel quoted (it held a line break or
 * a tab) is read up to its closing quote, even across lines; a quote that does not close a cell
 * before a tab or the line's end is text.
 */
export function splitTabSeparated(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    if (text[i] === '"') {
      const end = closingQuote(text, i + 1);
      if (end >= 0) {
        row.push(text.slice(i + 1, end).replace(/""/g, '"'));
        i = end + 1;
        if (text[i] === '\t') i++;
        else {
          i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
          rows.push(row);
          row = [];
        }
        continue;
      }
    }
    let j = i;
    while (j < n && text[j] !== '\t' && text[j] !== '\n' && text[j] !== '\r') j++;
    row.push(text.slice(i, j));
    if (j >= n) {
      rows.push(row);
      break;
    }
    if (text[j] === '\t') i = j + 1;
    else {
      i = j + (text[j] === '\r' && text[j + 1] === '\n' ? 2 : 1);
      rows.push(row);
      row = [];
      if (i === n) break;
    }
  }
  return rows;
}

function closingQuote(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    if (text[k] !== '"') continue;
    if (text[k + 1] === '"') {
      k++;
      continue;
    }
    const next = text[k + 1];
    return next === undefined || next === '\t' || next === '\n' || next === '\r' ? k : -1;
  }
  return -1;
}

/** A grid from tab-separated text such as the seed plans' (prose before the table stays as one-cell rows). */
export function gridFromTabSeparated(text: string, sheet = ''): Grid {
  const values = splitTabSeparated(text).map((cells) => cells.map((c) => tidyCellText(stripMarkup(c))));
  return { sheet, values, merges: [] };
}
