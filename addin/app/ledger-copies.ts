import { LedgerEvent } from '../../ledger/events.ts';
import { SheetRowsStore } from '../../ledger/stores/sheet-rows.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../../ledger/store.ts';
import { verify, type VerifyResult } from '../../ledger/verify.ts';
import { HostLedgerRows } from '../excel/host-ledger-rows.ts';
import type { ReadRequest, SheetOp, SheetRead, WorkbookHost } from '../excel/host.ts';

/** Opens this computer's copy of the ledger whose first event has hash `genesis` (IndexedDB in the pane). */
export type LocalCopyOpener = (genesis: string) => Promise<EventStore>;

/**
 * The ledger the pane writes: this computer's copy first (so that "Đã lưu" means stored even if
 * the workbook is closed unsaved), then the workbook's very hidden ledger sheet, which travels
 * with the file and which co-authors share. The sheet is the ledger read from. Inside `recording`
 * the sheet's rows go out with the caller's own closing write, after this computer's copy has them.
 */
export class MirroredStore implements EventStore {
  private local: EventStore | null;

  constructor(
    private readonly rows: HostLedgerRows,
    local: EventStore | null,
    private readonly openLocal: LocalCopyOpener,
    private readonly sheet: SheetRowsStore = new SheetRowsStore(rows),
  ) {
    this.local = local;
  }

  /** What an append's check of the sheet's head reads, for the caller to send with its own reads (see `recording`). */
  headReads(): ReadRequest[] {
    return this.rows.headReads();
  }

  /**
   * Runs `task`, whose appends check the sheet's head against `reads` (the results of `headReads`)
   * rather than reading it again. When this computer keeps a copy, an append is durable once that
   * copy has it (a workbook closed unsaved gets it back on opening), so the sheet's rows are held
   * back for the task's own closing write (`heldOps()`); without a copy they are written at once.
   */
  recording<T>(reads: ReadonlyArray<SheetRead | null>, task: (heldOps: () => SheetOp[]) => Promise<T>): Promise<T> {
    return this.rows.batch(reads, this.local !== null, task);
  }

  head(): Promise<Head> {
    return this.sheet.head();
  }

  read(): AsyncIterable<RawEvent> {
    return this.sheet.read();
  }

  append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    // A co-author may have written to the sheet: its head is checked before anything is stored
    // anywhere, then this computer's copy is written, then the sheet's rows (one head read in all).
    return this.sheet.appendAfter(events, expected, async () => {
      // A new ledger's copy is named after its first event, known only now.
      if (!this.local && events[0] && expected.seq === 0) this.local = await this.openLocal(events[0].hash);
      if (this.local) await this.local.append(events, expected);
    });
  }

  async close(): Promise<void> {
    await this.local?.close();
  }
}

export interface LedgerCopies {
  store: MirroredStore;
  /** The workbook's ledger as verified on opening. */
  verification: VerifyResult;
  /** Events the workbook had and this computer's copy lacked (a co-author's, or recorded elsewhere): copied. */
  copiedToLocal: number;
  /** Events this computer had and the workbook lacked (recorded, then the workbook closed unsaved): written back. */
  restoredToSheet: number;
  /** Set when the two disagree on an event: the workbook's ledger is used; this computer's copy is left untouched. */
  diverged: { seq: number; localOnly: LedgerEvent[] } | null;
}

/**
 * Opens the workbook's ledger and this computer's copy and brings them together: whichever holds
 * events the other lacks fills the other in; nothing is overwritten. `genesisHint` (the binding's)
 * finds the local copy when the workbook lost its ledger sheet.
 */
export async function openLedgerCopies(host: WorkbookHost, openLocal: LocalCopyOpener, genesisHint?: string): Promise<LedgerCopies> {
  const rows = new HostLedgerRows(host);
  const sheet = new SheetRowsStore(rows);
  const raw: RawEvent[] = [];
  for await (const record of sheet.read()) raw.push(record);
  const verification = await verify(raw);
  const sheetEvents = verification.ok ? raw.map((r) => LedgerEvent.parse((r as { value: unknown }).value)) : [];
  const genesis = sheetEvents[0]?.hash ?? genesisHint;
  const local = genesis ? await openLocal(genesis) : null;
  const store = new MirroredStore(rows, local, openLocal, sheet);
  const result: LedgerCopies = { store, verification, copiedToLocal: 0, restoredToSheet: 0, diverged: null };
  if (!local || !verification.ok) return result;

  const localEvents: LedgerEvent[] = [];
  for await (const record of local.read()) {
    if ('value' in record) {
      const parsed = LedgerEvent.safeParse(record.value);
      if (parsed.success) localEvents.push(parsed.data);
    }
  }
  let common = 0;
  while (common < sheetEvents.length && common < localEvents.length && sheetEvents[common]!.hash === localEvents[common]!.hash) common++;
  const headOf = (events: LedgerEvent[]): Head => (events.length ? { seq: events[events.length - 1]!.seq, hash: events[events.length - 1]!.hash } : EMPTY_HEAD);
  if (common === localEvents.length && sheetEvents.length > common) {
    await local.append(sheetEvents.slice(common), headOf(localEvents));
    result.copiedToLocal = sheetEvents.length - common;
  } else if (common === sheetEvents.length && localEvents.length > common) {
    await sheet.append(localEvents.slice(common), headOf(sheetEvents));
    result.restoredToSheet = localEvents.length - common;
  } else if (common < sheetEvents.length && common < localEvents.length) {
    result.diverged = { seq: common + 1, localOnly: localEvents.slice(common) };
    // Nothing more goes to a copy that disagrees; the workbook's ledger carries on alone (the
    // opener is only used for a new ledger, which this is not).
    await local.close();
    return { ...result, store: new MirroredStore(rows, null, openLocal, sheet) };
  }
  return result;
}
