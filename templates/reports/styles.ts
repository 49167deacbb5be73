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

/**
 * A4 landscape, fitted to the page width, with the given rows repeated on every printed page.
 * Paper size 9 is A4 in the OOXML numbering.
 */
export function setUpPrinting(sheet: Worksheet, repeatRows: { from: number; to: number } | null): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(repeatRows && { printTitlesRow: `${repeatRows.from}:${repeatRows.to}` }),
  };
  sheet.headerFooter = { oddFooter: '&"Times New Roman"&10Trang &P/&N' };
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
