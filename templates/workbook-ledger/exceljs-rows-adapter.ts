import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { LEDGER_SHEET_NAME, type SheetRow, type SheetRowsAdapter } from '../../ledger/stores/sheet-rows.ts';

/**
 * The ledger sheet of an exceljs workbook (a .xlsx file in memory). The sheet is created, very
 * hidden, on the first write; saving the workbook is the caller's.
 */
export class ExcelJsRowsAdapter implements SheetRowsAdapter {
  constructor(
    readonly workbook: Workbook,
    readonly sheetName: string = LEDGER_SHEET_NAME,
  ) {}

  async rowCount(): Promise<number> {
    return this.workbook.getWorksheet(this.sheetName)?.rowCount ?? 0;
  }

  async readRows(first: number, count: number): Promise<unknown[][]> {
    const sheet = this.workbook.getWorksheet(this.sheetName);
    const rows: unknown[][] = [];
    for (let r = first; r < first + count; r++) {
      const values = (sheet?.getRow(r).values ?? []) as CellValue[];
      // exceljs puts column A at index 1.
      rows.push(Array.from(values.slice(1), cellValue));
    }
    return rows;
  }

  async writeRows(first: number, rows: readonly SheetRow[]): Promise<void> {
    const sheet = this.#sheetForWriting();
    rows.forEach((cells, i) => {
      sheet.getRow(first + i).values = [...cells];
    });
  }

  #sheetForWriting(): Worksheet {
    return this.workbook.getWorksheet(this.sheetName) ?? this.workbook.addWorksheet(this.sheetName, { state: 'veryHidden' });
  }
}

/**
 * The plain value of a cell as exceljs reads it, rich text flattened. A formula stays a formula
 * (`{ formula }`), whatever result is cached beside it: the ledger stores values, and a cell that
 * computes its text is an edit (decodeRow refuses it).
 */
function cellValue(value: CellValue | undefined): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return { formula: String((value as { formula?: unknown; sharedFormula?: unknown }).formula ?? (value as { sharedFormula?: unknown }).sharedFormula) };
  if ('result' in value) return value.result ?? '';
  if ('text' in value) return value.text;
  return '';
}
