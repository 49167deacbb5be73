import type { AddWorksheetOptions, Workbook, Worksheet } from 'exceljs';

/**
 * Where the report builders write their sheets: an in-memory exceljs Workbook, or in Node exceljs's
 * streaming WorkbookWriter (report-book.node.ts), which writes each committed row out once and
 * forgets it. So that both give the same workbook, a builder writes a sheet's rows in order, never
 * touches a row once it has committed it (or one below it), declares a merge while its first row is
 * still open, and gives the sheet's views when adding it (the streaming writer writes them first).
 * On an in-memory Workbook `row.commit()` does nothing.
 */
export interface SheetBook {
  addWorksheet(name: string, options?: Partial<AddWorksheetOptions>): Worksheet;
  views: Workbook['views'];
}
