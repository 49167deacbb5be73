import { capSheetTexts } from '../../templates/reports/cell-text-limit.ts';
import type ExcelJS from 'exceljs';
import { serialOfIsoDate } from '../excel/serial-date.ts';
import { listValidations, mergeRanges, plainValue } from '../excel/exceljs-cells.ts';
import { POINTS_PER_CHARACTER, type CellStyle, type CellValue, type SheetOp } from '../excel/host.ts';
import { parseAddress, type CellRect } from '../excel/a1.ts';

/**
 * The operations that copy an exceljs worksheet (a progress sheet, an audit trail built by
 * templates/reports) into a sheet of the open workbook: values with their number formats, merges,
 * fonts, fills, alignment, borders, widths, heights, drop-downs, colour rules of the form
 * `$X7="text"`, frozen rows. The reports are laid out once, in templates/; the add-in only copies.
 * The sheet is cleared first and, when `protect` is set, left read-only. Texts longer than a cell
 * holds are cut first, as in every report file (a note may be longer in the ledger).
 */
export function sheetOpsOf(ws: ExcelJS.Worksheet, target: string, options: { protect?: boolean } = {}): SheetOp[] {
  capSheetTexts(ws);
  const ops: SheetOp[] = [
    { op: 'ensureSheet', sheet: target, visibility: 'visible' },
    { op: 'protect', sheet: target, protect: false },
    { op: 'clearSheet', sheet: target },
  ];
  const rows = ws.rowCount;
  const cols = ws.columnCount;
  const values: CellValue[][] = [];
  const formats: string[][] = [];
  const styles: Array<Array<string | null>> = [];
  const styleOf = new Map<string, CellStyle>();
  for (let r = 1; r <= rows; r++) {
    const rowValues: CellValue[] = [];
    const rowFormats: string[] = [];
    const rowStyles: Array<string | null> = [];
    for (let c = 1; c <= cols; c++) {
      const cell = ws.getCell(r, c);
      const raw = plainValue(cell.value);
      const isDate = raw instanceof Date;
      rowValues.push(isDate ? serialOfIsoDate(raw.toISOString().slice(0, 10)) : raw);
      rowFormats.push(cell.numFmt || (isDate ? 'dd/mm/yyyy' : 'General'));
      const style = styleFromCell(cell);
      const key = style ? JSON.stringify(style) : null;
      if (key && style) styleOf.set(key, style);
      rowStyles.push(key);
    }
    values.push(rowValues);
    formats.push(rowFormats);
    styles.push(rowStyles);
  }
  if (rows > 0 && cols > 0) ops.push({ op: 'write', sheet: target, row: 0, col: 0, values, numberFormat: formats });
  for (const { rect, key } of styleBlocks(styles)) ops.push({ op: 'format', sheet: target, rect, style: styleOf.get(key)! });
  for (const rect of mergeRanges(ws)) ops.push({ op: 'merge', sheet: target, rect });
  for (let c = 1; c <= cols; c++) {
    const width = ws.getColumn(c).width;
    if (width) ops.push({ op: 'columnWidth', sheet: target, col: c - 1, width: Math.round(width * POINTS_PER_CHARACTER) });
  }
  for (let r = 1; r <= rows; r++) {
    const height = ws.getRow(r).height;
    if (height) ops.push({ op: 'rowHeight', sheet: target, row: r - 1, height });
  }
  for (const rule of listValidations(ws)) ops.push({ op: 'listValidation', sheet: target, ...rule });
  ops.push(...colourRules(ws, target));
  const frozen = ws.views?.find((v) => v.state === 'frozen') as { ySplit?: number } | undefined;
  if (frozen?.ySplit) ops.push({ op: 'freezeRows', sheet: target, rows: frozen.ySplit });
  if (options.protect) ops.push({ op: 'protect', sheet: target, protect: true });
  return ops;
}

const colour = (argb: string | undefined): string | undefined => (argb && argb.length >= 6 ? `#${argb.slice(-6)}` : undefined);

function styleFromCell(cell: ExcelJS.Cell): CellStyle | null {
  const style: CellStyle = {};
  const font = cell.font;
  if (font?.bold) style.bold = true;
  if (font?.italic) style.italic = true;
  if (font?.strike) style.strike = true;
  if (font?.name) style.fontName = font.name;
  if (font?.size) style.fontSize = font.size;
  const fontColour = colour(font?.color?.argb);
  if (fontColour) style.fontColor = fontColour;
  const fill = cell.fill;
  if (fill?.type === 'pattern' && fill.pattern === 'solid') {
    const fillColour = colour(fill.fgColor?.argb);
    if (fillColour) style.fill = fillColour;
  }
  const alignment = cell.alignment;
  if (alignment?.wrapText) style.wrap = true;
  if (alignment?.horizontal === 'left' || alignment?.horizontal === 'center' || alignment?.horizontal === 'right') {
    style.horizontal = alignment.horizontal === 'center' ? 'Center' : alignment.horizontal === 'left' ? 'Left' : 'Right';
  }
  if (alignment?.vertical === 'top' || alignment?.vertical === 'middle' || alignment?.vertical === 'bottom') {
    style.vertical = alignment.vertical === 'middle' ? 'Center' : alignment.vertical === 'top' ? 'Top' : 'Bottom';
  }
  const border = cell.border;
  if (border?.top?.style || border?.left?.style) style.borders = colour(border.top?.color?.argb ?? border.left?.color?.argb) ?? '#000000';
  return Object.keys(style).length > 0 ? style : null;
}

/** Cells of the same style gathered into rectangles: runs along each row, runs of equal runs down the rows. */
function styleBlocks(styles: Array<Array<string | null>>): Array<{ rect: CellRect; key: string }> {
  const runs: Array<{ row: number; col: number; cols: number; key: string }> = [];
  styles.forEach((row, r) => {
    for (let c = 0; c < row.length; ) {
      const key = row[c];
      let end = c + 1;
      while (end < row.length && row[end] === key) end++;
      if (key) runs.push({ row: r, col: c, cols: end - c, key });
      c = end;
    }
  });
  const open = new Map<string, { rect: CellRect; key: string }>();
  const out: Array<{ rect: CellRect; key: string }> = [];
  for (const run of runs) {
    const id = `${run.col}:${run.cols}:${run.key}`;
    const block = open.get(id);
    if (block && block.rect.row + block.rect.rows === run.row) {
      block.rect.rows++;
    } else {
      const fresh = { rect: { row: run.row, col: run.col, rows: 1, cols: run.cols }, key: run.key };
      open.set(id, fresh);
      out.push(fresh);
    }
  }
  return out;
}

/** Conditional colours of the form `$X7="label"` (as the progress sheet colours its assessments) as text highlights. */
function colourRules(ws: ExcelJS.Worksheet, target: string): SheetOp[] {
  const ops: SheetOp[] = [];
  const formatting = (ws as unknown as { conditionalFormattings?: Array<{ ref: string; rules: Array<Record<string, any>> }> }).conditionalFormattings ?? [];
  for (const cf of formatting) {
    const rect = parseAddress(cf.ref);
    if (!rect) continue;
    for (const rule of cf.rules) {
      const m = /^\$?[A-Z]+\$?\d+="(.+)"$/.exec(String(rule.formulae?.[0] ?? ''));
      const fill = colour(rule.style?.fill?.bgColor?.argb);
      const font = colour(rule.style?.font?.color?.argb);
      if (rule.type === 'expression' && m && fill) ops.push({ op: 'highlightText', sheet: target, rect, text: m[1]!, fill, fontColor: font ?? '#000000' });
    }
  }
  return ops;
}
