import { LEDGER_SHEET_NAME, type SheetRow, type SheetRowsAdapter } from '../../ledger/stores/sheet-rows.ts';
import type { ReadRequest, SheetOp, SheetRead, WorkbookHost } from './host.ts';

/** The ledger sheet as read ahead in a caller's round trip, then as this adapter's own held writes left it. */
interface SheetAhead {
  count: number;
  header: unknown[];
  /** The last row's number and cells, when read or written. */
  last: { row: number; cells: unknown[] } | null;
}

/**
 * The ledger sheet's rows through a WorkbookHost, for ledger/stores/sheet-rows.ts. The sheet is
 * created very hidden on the first write (the Unhide menu does not list it). Each call is one
 * host read or apply, so a fixed number of round trips whatever the number of rows; a write is
 * cut into requests under Excel on the web's payload limit by the host. Inside `batch`, an
 * append's head check and its write cost no round trip of their own: see there.
 */
export class HostLedgerRows implements SheetRowsAdapter {
  constructor(
    private readonly host: WorkbookHost,
    readonly sheet: string = LEDGER_SHEET_NAME,
  ) {}

  /** The sheet's last row in use as last read or written here: where its head is looked for ahead. */
  private knownLast: number | null = null;
  private ahead: SheetAhead | null = null;
  private holding = false;
  private held: SheetOp[] = [];

  async rowCount(): Promise<number> {
    if (this.ahead) return this.ahead.count;
    await this.writeHeld();
    const [read] = await this.host.read([{ sheet: this.sheet, extentOnly: true }]);
    this.knownLast = read ? this.extentOf(read) : 0;
    return this.knownLast;
  }

  async readRows(first: number, count: number): Promise<unknown[][]> {
    if (count <= 0) return [];
    const ahead = this.ahead;
    if (ahead && count === 1 && first === 1 && ahead.count > 0) return [ahead.header];
    if (ahead?.last && count === 1 && first === ahead.last.row) return [ahead.last.cells];
    await this.writeHeld();
    const [read] = await this.host.read([{ sheet: this.sheet, rect: { row: first - 1, col: 0, rows: count, cols: this.width } }]);
    return read ? read.values.map(cellsOf) : [];
  }

  async writeRows(first: number, rows: readonly SheetRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.width = Math.max(this.width, ...rows.map((r) => r.length));
    const write = { op: 'write', sheet: this.sheet, row: first - 1, col: 0, values: rows.map((r) => [...r]) } as const;
    // Row 1 is the header: only a first write makes the sheet (a later one finds it there).
    const ops: SheetOp[] = first === 1 ? [{ op: 'ensureSheet', sheet: this.sheet, visibility: 'veryHidden' }, write] : [write];
    const last = first + rows.length - 1;
    this.knownLast = last;
    if (this.ahead) {
      this.ahead = { count: last, header: first === 1 ? [...rows[0]!] : this.ahead.header, last: { row: last, cells: [...rows.at(-1)!] } };
    }
    if (this.holding) this.held.push(...ops);
    else await this.host.apply([...this.takeHeld(), ...ops]);
  }

  /**
   * What an append's head check reads (the sheet's extent, its header, the last row known here),
   * for a caller to send with its own reads in one round trip; their results go to `batch`.
   */
  headReads(): ReadRequest[] {
    const last = this.knownLast !== null && this.knownLast > 1 ? [{ sheet: this.sheet, rect: { row: this.knownLast - 1, col: 0, rows: 1, cols: this.width } }] : [];
    return [{ sheet: this.sheet, extentOnly: true }, { sheet: this.sheet, rect: { row: 0, col: 0, rows: 1, cols: this.width } }, ...last];
  }

  /**
   * Runs `task` with the sheet's head checked against `reads` (what `headReads` asked, read in the
   * caller's round trip just before; a sheet grown elsewhere since is read again, and the append
   * finds the other writer's rows), and with the rows it appends held back when `hold`: `task`
   * takes them with `heldOps()` into its own closing write; any it leaves are written when it ends.
   */
  async batch<T>(reads: ReadonlyArray<SheetRead | null>, hold: boolean, task: (heldOps: () => SheetOp[]) => Promise<T>): Promise<T> {
    const [extent, header, last] = reads;
    const count = extent ? this.extentOf(extent) : 0;
    this.knownLast = count;
    const lastRow = last ? last.rect.row + 1 : 0;
    this.ahead = {
      count,
      header: header?.values[0] ? cellsOf(header.values[0]) : [],
      // Only the row the extent says is last, read as wide as the sheet (a wider row is read again).
      last: last?.values[0] && lastRow === count && last.rect.cols >= this.width ? { row: lastRow, cells: cellsOf(last.values[0]) } : null,
    };
    this.holding = hold;
    let failed = false;
    try {
      return await task(() => this.takeHeld());
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.ahead = null;
      this.holding = false;
      // Rows the task left are written still; should that fail too, the task's own error is the one thrown.
      await this.writeHeld().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }

  private takeHeld(): SheetOp[] {
    return this.held.splice(0);
  }

  private async writeHeld(): Promise<void> {
    const held = this.takeHeld();
    if (held.length > 0) await this.host.apply(held);
  }

  /** The sheet's last row in use, by its extent (learning its width). */
  private extentOf(read: SheetRead): number {
    if (read.rect.rows === 0) return 0;
    this.width = Math.max(this.width, read.rect.col + read.rect.cols);
    return read.rect.row + read.rect.rows;
  }

  /**
   * Columns to read per row: the widest row (an event's JSON takes one cell per 30,000 characters),
   * learnt from the sheet's extent, which the store always asks for before it reads rows.
   */
  private width = 3;
}

/** A row's cells as the store reads them: empty cells as "", none trailing. */
function cellsOf(row: readonly unknown[]): unknown[] {
  const cells = row.map((v) => v ?? '');
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}
