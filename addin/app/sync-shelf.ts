import { LedgerError } from '../../ledger/errors.ts';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import { parseLedgerJson } from '../../ledger/ledger-json.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { cellText, lineOfCellText, splitChunks } from '../../ledger/stores/sheet-rows.ts';
import type { Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import type { RefusedEvent } from '../../server/protocol/push-answer.ts';
import { SyncState } from '../../server/protocol/sync-state.ts';
import type { CellValue, SheetOp, WorkbookHost } from '../excel/host.ts';

/**
 * The workbook's sync state, kept in a very hidden sheet so that it travels with the file: which
 * service and plan it syncs with and how far it came (SyncState, as a command-line clone keeps
 * beside its ledger), the last checkpoint of the province's log it accepted, the events recorded and
 * not yet placed by the service (pending), those the service refused (with the reason), and the
 * evidence of a log that could not be trusted, and when the user disconnected it (the state is kept, so that
 * connecting again to the same plan keeps trusting the same log). Row 1 is a header; each other row is a kind in
 * column A and a JSON value from column B on, cut into cells as the ledger sheet cuts events.
 */
export const SYNC_SHEET_NAME = '_cchc_sync';
const SHEET_FORMAT = 'cchc-sync-sheet';
const SHEET_VERSION = 1;

/** The evidence of a log that failed a check, with where it came from: the file handed to an inspector. */
export type KeptEvidence = Evidence & { server: string; plan: string };

export interface SyncShelf {
  /** Null while the workbook is not connected to a service. */
  state: SyncState | null;
  pending: PendingEvent[];
  refused: RefusedEvent[];
  /** Set when the log failed a check: syncing stays stopped while it is kept. */
  evidence: KeptEvidence | null;
  /** Set while the user has disconnected the workbook: nothing is synced; recording goes on as pending. */
  disconnectedAt: string | null;
}

export const EMPTY_SHELF: SyncShelf = Object.freeze({ state: null, pending: [], refused: [], evidence: null, disconnectedAt: null }) as SyncShelf;

type Kind = 'state' | 'pending' | 'refused' | 'evidence' | 'disconnected';

/** The shelf as the workbook holds it; empty when the sheet is missing. A row that cannot be read is an error, never skipped. */
export async function readShelf(host: WorkbookHost): Promise<SyncShelf> {
  const [read] = await host.read([{ sheet: SYNC_SHEET_NAME }]);
  if (!read || read.values.length === 0) return { ...EMPTY_SHELF, pending: [], refused: [] };
  // The header sits in A1: the used range starts there.
  const [header, ...body] = read.rect.row === 0 && read.rect.col === 0 ? read.values : [[]];
  if (header?.[0] !== SHEET_FORMAT || Number(header?.[1]) !== SHEET_VERSION) throw unreadable(1, `không phải ${SHEET_FORMAT} phiên bản ${SHEET_VERSION}`, `not ${SHEET_FORMAT} version ${SHEET_VERSION}`);
  const shelf: SyncShelf = { state: null, pending: [], refused: [], evidence: null, disconnectedAt: null };
  body.forEach((cells, i) => {
    const row = i + 2;
    const kind = cells[0] as Kind;
    let text = '';
    for (let c = 1; c < cells.length && typeof cells[c] === 'string' && cells[c] !== ''; c++) text += cells[c] as string;
    const parsed = parseLedgerJson(lineOfCellText(text));
    if (!('value' in parsed) || typeof parsed.value !== 'object' || parsed.value === null) throw unreadable(row, 'không phải JSON', 'not JSON');
    const value = parsed.value;
    switch (kind) {
      case 'state': {
        const state = SyncState.safeParse(value);
        if (!state.success) throw unreadable(row, state.error.issues[0]!.message, state.error.issues[0]!.message);
        shelf.state = state.data;
        return;
      }
      case 'pending':
        shelf.pending.push(value as PendingEvent);
        return;
      case 'refused':
        shelf.refused.push(value as RefusedEvent);
        return;
      case 'evidence':
        shelf.evidence = value as KeptEvidence;
        return;
      case 'disconnected': {
        const at = (value as { at?: unknown }).at;
        if (typeof at !== 'string') throw unreadable(row, 'thiếu thời điểm ngắt kết nối', 'the time of disconnecting is missing');
        shelf.disconnectedAt = at;
        return;
      }
      default:
        throw unreadable(row, `loại "${String(cells[0])}" không rõ`, `unknown kind "${String(cells[0])}"`);
    }
  });
  return shelf;
}

/** The writes that make the sheet hold `shelf`, whole (one apply). */
export function shelfOps(shelf: SyncShelf): SheetOp[] {
  const rows: CellValue[][] = [[SHEET_FORMAT, SHEET_VERSION]];
  const add = (kind: Kind, json: string) => rows.push([kind, ...splitChunks(cellText(json))]);
  if (shelf.state) add('state', JSON.stringify(shelf.state));
  for (const event of shelf.pending) add('pending', canonicalJson(event));
  for (const refused of shelf.refused) add('refused', JSON.stringify(refused));
  if (shelf.evidence) add('evidence', JSON.stringify(shelf.evidence));
  if (shelf.disconnectedAt) add('disconnected', JSON.stringify({ at: shelf.disconnectedAt }));
  return [
    { op: 'ensureSheet', sheet: SYNC_SHEET_NAME, visibility: 'veryHidden' },
    { op: 'clearSheet', sheet: SYNC_SHEET_NAME },
    { op: 'write', sheet: SYNC_SHEET_NAME, row: 0, col: 0, values: rows },
  ];
}

export async function writeShelf(host: WorkbookHost, shelf: SyncShelf): Promise<void> {
  await host.apply(shelfOps(shelf));
}

function unreadable(row: number, vi: string, en: string): LedgerError {
  return new LedgerError(
    'storage',
    `Không đọc được trạng thái đồng bộ của bảng tính (trang ẩn ${SYNC_SHEET_NAME}, dòng ${row}): ${vi}. Chưa đồng bộ được; không thay đổi gì.`,
    `The workbook's sync state cannot be read (hidden sheet ${SYNC_SHEET_NAME}, row ${row}): ${en}. Nothing is synced; nothing was changed.`,
  );
}
