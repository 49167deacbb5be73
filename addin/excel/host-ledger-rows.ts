import { LEDGER_SHEET_NAME, type SheetRow, type SheetRowsAdapter } from '../../ledger/stores/sheet-rows.ts';
import type { WorkbookHost } from './host.ts';

/**
 * The ledger sheet's rows through a WorkbookHost, for ledger/stores/sheet-rows.ts. The sheet is
 * created very hidden on the first write (the Unhide menu does not list it). Each call is one
 * host read or apply, so a fixed number of round trips whatever the number of rows; a write is
 * cut into requests under Excel on the web's payload limit by the host.
 */
export class HostLedgerRows implements SheetRowsAdapter {
  constructor(
    private readonly host: WorkbookHost,
    readonly sheet: string = LEDGER_SHEET_NAME,
  ) {}

  async rowCount(): Promise<number> {
    const [read] = await this.host.read([{ sheet: this.sheet, extentOnly: true }]);
    if (!read || read.rect.rows === 0) return 0;
    this.width = Math.max(this.width, read.rect.col + read.rect.cols);
    return read.rect.row + read.rect.rows;
  }

  async readRows(first: number, count: number): Promise<unknown[][]> {
    if (count <= 0) return [];
    const [read] = await this.host.read([{ sheet: this.sheet, rect: { row: first - 1, col: 0, rows: count, cols: this.width } }]);
    if (!read) return [];
    return read.values.map((row) => {
      const cells = row.map((v) => v ?? '');
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      return cells;
    });
  }

  async writeRows(first: number, rows: readonly SheetRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.width = Math.max(this.width, ...rows.map((r) => r.length));
    const write = { op: 'write', sheet: this.sheet, row: first - 1, col: 0, values: rows.map((r) => [...r]) } as const;
    // Row 1 is the header: only a first write makes the sheet (a later one finds it there).
    await this.host.apply(first === 1 ? [{ op: 'ensureSheet', sheet: this.sheet, visibility: 'veryHidden' }, write] : [write]);
  }

  /**
   * Columns to read per row: the widest row (an event's JSON takes one cell per 30,000 characters),
   * learnt from the sheet's extent, which the store always asks for before it reads rows.
   */
  private width = 3;
}
