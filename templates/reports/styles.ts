import type { Alignment, Borders, DataBarRuleType, Fill, Font, Style, Worksheet } from 'exceljs';
import type { Assessment } from '../../ledger/state.ts';

/** Nghị định 30/2020: official documents are set in Times New Roman. */
export const FONT_NAME = 'Times New Roman';

export const font = (size: number, extra: Partial<Font> = {}): Partial<Font> => ({ name: FONT_NAME, size, ...extra });

export const BODY_FONT = font(12);
export const HEADER_FONT = font(12, { bold: true });
export const SECTION_FONT = font(12, { bold: true });

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
export const GRID: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

export const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** Header cells of the plan's own columns, and a different tint for the columns this product adds. */
export const PLAN_HEADER_FILL = solid('FFD9E1F2');
export const TRACKING_HEADER_FILL = solid('FFFCE4D6');
export const SECTION_FILL = solid('FFF2F2F2');

export const WRAP_TOP: Partial<Alignment> = { wrapText: true, vertical: 'top' };
export const WRAP_TOP_CENTER: Partial<Alignment> = { wrapText: true, vertical: 'top', horizontal: 'center' };
export const HEADER_ALIGNMENT: Partial<Alignment> = { wrapText: true, vertical: 'middle', horizontal: 'center' };

export const DATE_FORMAT = 'dd/mm/yyyy';
export const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
export const PERCENT_FORMAT = '0.00%';
export const INTEGER_FORMAT = '#,##0';

/** Colours a reader expects: green done, amber done late, blue under way, red overdue, grey waiting or withdrawn. */
export const ASSESSMENT_COLOURS: Record<Assessment, { fill: string; font: string }> = {
  done_on_time: { fill: 'FFC6EFCE', font: 'FF006100' },
  done_late: { fill: 'FFFFEB9C', font: 'FF7F6000' },
  open_in_time: { fill: 'FFDDEBF7', font: 'FF1F4E78' },
  open_overdue: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  waiting: { fill: 'FFEDEDED', font: 'FF595959' },
  withdrawn: { fill: 'FFD9D9D9', font: 'FF7F7F7F' },
};

export const VOIDED_FONT = font(12, { strike: true, color: { argb: 'FF808080' } });

const MM = 1 / 25.4;

/** Nghị định 30/2020, Phụ lục I: left 30 mm, right 15 mm, top and bottom 20 mm (in inches, as the sheet stores them). */
export const ND30_MARGINS = { left: 30 * MM, right: 15 * MM, top: 20 * MM, bottom: 20 * MM, header: 8 * MM, footer: 8 * MM } as const;

/**
 * The page number of Nghị định 30: Arabic numerals, 13 pt, at the top centre, from the second page
 * (the first page carries none).
 */
export const PAGE_NUMBER_HEADER = '&C&"Times New Roman"&13&P';

/**
 * What one printed A4 page holds between the ND 30 margins, in column-width units (one unit is about
 * 1,85 mm: the "0" of the workbook's default font, Times New Roman 11, see workbook-bytes.ts), with a little
 * left spare.
 */
export const PAGE_WIDTH_UNITS = { portrait: 84, landscape: 126 } as const;

export interface PrintLayout {
  orientation: 'portrait' | 'landscape';
  /** Table header rows, repeated at the top of every printed page. */
  repeatRows?: { from: number; to: number };
  /**
   * Columns repeated at the left of every printed page, for a table wider than one page: the rest
   * prints over the next pages (page by page across, then down), never shrunk.
   */
  repeatColumns?: { from: string; to: string };
}

/**
 * A4 printed at 100 % (never fitted to the page, which shrinks a wide table's 12 pt text to 6 or
 * 7 pt), ND 30 margins, the page number at the top centre from page 2, numbered from 1 on each sheet
 * (the cover is the report, each other sheet an appendix with its own numbering). Paper size 9 is A4
 * in the OOXML numbering.
 */
export function setUpPrinting(sheet: Worksheet, layout: PrintLayout): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: layout.orientation,
    fitToPage: false,
    scale: 100,
    firstPageNumber: 1,
    horizontalCentered: false,
    margins: { ...ND30_MARGINS },
    ...(layout.repeatColumns && { pageOrder: 'overThenDown' as const, printTitlesColumn: `${layout.repeatColumns.from}:${layout.repeatColumns.to}` }),
    ...(layout.repeatRows && { printTitlesRow: `${layout.repeatRows.from}:${layout.repeatRows.to}` }),
  };
  sheet.headerFooter = { differentFirst: true, oddHeader: PAGE_NUMBER_HEADER } as Worksheet['headerFooter'];
}

/**
 * Landscape, the header rows repeated; a table wider than the page also repeats its first `keep`
 * columns (what names a row: number and text) on the pages that print the rest.
 */
export function tableLayout(sheet: Worksheet, headerRow: number, keep: number): PrintLayout {
  return {
    orientation: 'landscape',
    repeatRows: { from: headerRow, to: headerRow },
    ...(widerThanPage(sheet) && { repeatColumns: { from: 'A', to: sheet.getColumn(keep).letter } }),
  };
}

/** Whether the sheet's columns together are wider than a landscape page (so that tableLayout repeats its key columns). */
export function widerThanPage(sheet: Worksheet): boolean {
  // The defined columns: before any cell is written, columnCount is still 0 (and a streaming sheet has none).
  const count = Math.max(sheet.columns?.length ?? 0, sheet.columnCount ?? 0);
  let width = 0;
  for (let c = 1; c <= count; c++) width += sheet.getColumn(c).width ?? 9;
  return width > PAGE_WIDTH_UNITS.landscape;
}

/** Gives a range of a row one shared style. */
export function styleRow(sheet: Worksheet, row: number, fromColumn: number, toColumn: number, style: Partial<Style>): void {
  const shared = sharedStyle(style);
  for (let c = fromColumn; c <= toColumn; c++) sheet.getCell(row, c).style = shared;
}

/**
 * A data bar rule from 0 to `max` (a number, or the largest value when omitted). Gradient: the plain
 * Excel 2007 bar, which needs no x14 extension (exceljs gives that one a random id every write).
 */
export function dataBar(argb: string, max?: number): DataBarRuleType & { color: { argb: string } } {
  return {
    type: 'dataBar',
    priority: 1,
    gradient: true,
    cfvo: [{ type: 'num', value: 0 }, max === undefined ? { type: 'max' } : { type: 'num', value: max }],
    color: { argb },
  };
}

const SHARED = new Map<string, Partial<Style>>();

/**
 * One style object for every cell that looks the same. exceljs recognises a style it has already
 * registered by the object's identity; a fresh object per cell makes it serialise fonts and borders
 * again for each of a million cells. Shared styles must never be mutated: assign a whole style
 * (`cell.style = sharedStyle({...})`), never `cell.font = ...` on a cell that holds one.
 */
export function sharedStyle(style: Partial<Style>): Partial<Style> {
  const key = JSON.stringify(style);
  let shared = SHARED.get(key);
  if (!shared) SHARED.set(key, (shared = Object.freeze({ ...style }) as Partial<Style>));
  return shared;
}

/** A table's header cell. */
export const headerStyle = (fill: Fill): Partial<Style> => sharedStyle({ font: HEADER_FONT, fill, border: GRID, alignment: HEADER_ALIGNMENT });

/** A bordered body cell of a table. */
export const bodyStyle = (alignment: Partial<Alignment>, extra: Partial<Style> = {}): Partial<Style> =>
  sharedStyle({ font: BODY_FONT, border: GRID, alignment, ...extra });
