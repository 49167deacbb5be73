import { DOMParser, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import { tidyCellText } from './cell-text.ts';
import type { Grid, MergeArea } from './grid.ts';
import { TableError } from './table-error.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Paragraphs kept above a table: the title block ("PHỤ LỤC", the title, "Kèm theo Kế hoạch số ..."). */
const TITLE_PARAGRAPHS = 8;

/** One table of a Word document as a grid, with the paragraphs just above it as one-cell rows. */
export interface DocxTable {
  grid: Grid;
  /** How many rows of the grid are title paragraphs, above the table's own rows. */
  titleRows: number;
}

/**
 * Every top-level table of a .docx (Word tables with cells merged down by `vMerge`, across by
 * `gridSpan`, header rows, line breaks), each as the reader's grid. Tables nested in a cell stay
 * text of that cell. Throws TableError `not-a-document` when the bytes are not a Word document.
 */
export async function tablesFromDocx(bytes: Uint8Array, fileName: string): Promise<DocxTable[]> {
  const refuse = (vi: string, en: string) => new TableError('not-a-document', vi, en, { file: fileName });
  let xml: string | undefined;
  try {
    const zip = await JSZip.loadAsync(bytes);
    xml = await zip.file('word/document.xml')?.async('string');
  } catch {
    throw refuse(`Tệp "${fileName}" không phải văn bản Word (.docx) đọc được, hoặc đã hỏng.`, `"${fileName}" is not a readable Word document (.docx), or it is damaged.`);
  }
  if (xml === undefined) {
    throw refuse(`Tệp "${fileName}" không có nội dung văn bản Word (thiếu word/document.xml).`, `"${fileName}" has no Word document body (word/document.xml is missing).`);
  }
  // Word never writes a DOCTYPE; one here could only declare entities that expand without end.
  if (/<!DOCTYPE/i.test(xml.slice(0, 4096))) {
    throw refuse(`Tệp "${fileName}" khai báo DOCTYPE, điều Word không bao giờ làm: không đọc.`, `"${fileName}" declares a DOCTYPE, which Word never does: not read.`);
  }
  let doc;
  try {
    doc = new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml');
  } catch {
    throw refuse(`Nội dung văn bản "${fileName}" không phải XML hợp lệ.`, `The body of "${fileName}" is not well-formed XML.`);
  }
  const body = doc.getElementsByTagNameNS(W, 'body')[0];
  if (!body) return [];
  const tables: DocxTable[] = [];
  const paragraphs: string[] = [];
  for (const node of blockChildren(body)) {
    if (node.localName === 'p') {
      const text = paragraphText(node);
      if (text !== '') paragraphs.push(text);
    } else if (node.localName === 'tbl') {
      const title = paragraphs.slice(-TITLE_PARAGRAPHS);
      tables.push(tableGrid(node, title));
      paragraphs.length = 0;
    }
  }
  return tables;
}

/** Block-level children, looking through content controls (`w:sdt`) that wrap paragraphs or tables. */
function blockChildren(parent: Element): Element[] {
  const out: Element[] = [];
  for (const node of children(parent)) {
    if (node.localName === 'sdt') {
      const content = children(node).find((c) => c.localName === 'sdtContent');
      if (content) out.push(...blockChildren(content));
    } else out.push(node);
  }
  return out;
}

function children(parent: Element): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).namespaceURI === W) out.push(n as Element);
  return out;
}

function child(parent: Element | undefined, name: string): Element | undefined {
  return parent ? children(parent).find((c) => c.localName === name) : undefined;
}

const attr = (el: Element | undefined, name: string) => el?.getAttributeNS(W, name) ?? el?.getAttribute(`w:${name}`) ?? null;

/** A paragraph's text: runs in order, tabs as spaces, breaks as line breaks, deleted text left out. */
function paragraphText(p: Element): string {
  let text = '';
  const walk = (el: Element) => {
    for (const node of children(el)) {
      switch (node.localName) {
        case 't':
          text += node.textContent ?? '';
          break;
        case 'tab':
          text += ' ';
          break;
        case 'br':
        case 'cr':
          text += '\n';
          break;
        case 'del':
        case 'delText':
        case 'instrText':
        case 'rPr':
        case 'pPr':
          break;
        default:
          walk(node);
      }
    }
  };
  walk(p);
  return tidyCellText(text);
}

/** A cell's text: its paragraphs one per line (a table nested in it read row by row). */
function cellText(tc: Element): string {
  const lines: string[] = [];
  for (const node of blockChildren(tc)) {
    if (node.localName === 'p') lines.push(paragraphText(node));
    else if (node.localName === 'tbl') for (const tr of rows(node)) lines.push(cells(tr).map(cellText).filter(Boolean).join(' '));
  }
  return tidyCellText(lines.join('\n'));
}

const rows = (tbl: Element) => blockChildren(tbl).filter((n) => n.localName === 'tr');
const cells = (tr: Element) => blockChildren(tr).filter((n) => n.localName === 'tc');

/**
 * A table as a grid. Each cell lands at its grid column (after `gridBefore`, and the spans of the
 * cells before it); `gridSpan` makes a merge across, `vMerge` one down (a continuing cell's own
 * text, which Word leaves empty, is dropped).
 */
function tableGrid(tbl: Element, title: string[]): DocxTable {
  const values: string[][] = title.map((t) => [t]);
  const merges: MergeArea[] = [];
  const open = new Map<number, MergeArea>(); // grid column → the vertical merge running down it
  for (const tr of rows(tbl)) {
    const r = values.length + 1;
    const line: string[] = [];
    let col = 1 + Number(attr(child(child(tr, 'trPr'), 'gridBefore'), 'val') ?? 0);
    for (const tc of cells(tr)) {
      const props = child(tc, 'tcPr');
      const span = Math.max(1, Math.min(64, Number(attr(child(props, 'gridSpan'), 'val') ?? 1) || 1));
      const vMerge = child(props, 'vMerge');
      const restart = vMerge !== undefined && attr(vMerge, 'val') === 'restart';
      const continues = vMerge !== undefined && !restart;
      const running = open.get(col);
      if (continues && running) {
        running.bottom = r;
      } else {
        while (line.length < col - 1) line.push('');
        line[col - 1] = cellText(tc);
        open.delete(col);
        const area: MergeArea = { top: r, left: col, bottom: r, right: col + span - 1 };
        if (span > 1 || restart) merges.push(area);
        if (restart) open.set(col, area);
      }
      col += span;
    }
    for (const key of [...open.keys()]) if (key >= col) open.delete(key);
    values.push(line.map((v) => v ?? ''));
  }
  return { grid: { sheet: '', values, merges: merges.filter((m) => m.bottom > m.top || m.right > m.left) }, titleRows: title.length };
}
