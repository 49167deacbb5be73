import type { Alignment, Borders, DataBarRuleType, Fill, Font, Worksheet } from 'exceljs';
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

/** Applies one style to a cell range of a row. */
export function styleRow(
  sheet: Worksheet,
  row: number,
  fromColumn: number,
  toColumn: number,
  style: { font?: Partial<Font>; fill?: Fill; border?: Partial<Borders>; alignment?: Partial<Alignment> },
): void {
  for (let c = fromColumn; c <= toColumn; c++) {
    const cell = sheet.getCell(row, c);
    if (style.font) cell.font = style.font;
    if (style.fill) cell.fill = style.fill;
    if (style.border) cell.border = style.border;
    if (style.alignment) cell.alignment = style.alignment;
  }
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
