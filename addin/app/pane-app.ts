import { sha256Hex } from '#digest';
import ExcelJS from 'exceljs';
import { endOfVietnamDay, formatVietnameseDate, vietnamDateOf, type IsoDate } from '../../ledger/dates.ts';
import { ConcurrencyError, LedgerError } from '../../ledger/errors.ts';
import type { Actor, EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { STATUS_LABELS_EN, STATUS_LABELS_VI } from '../../ledger/status.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { verify, type VerifyResult } from '../../ledger/verify.ts';
import { formatDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { auditRows } from '../../templates/reports/audit-rows.ts';
import { AUDIT_SHEET_NAME, addAuditTrailSheet } from '../../templates/reports/audit-trail.ts';
import { chainStatusText } from '../../templates/reports/chain-status.ts';
import { periodReportBytes } from '../../templates/reports/period-report.ts';
import { PROGRESS_SHEET_NAME, addProgressSheet } from '../../templates/reports/progress-sheet.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { intersect } from '../excel/a1.ts';
import type { ChangeNotice, WorkbookHost } from '../excel/host.ts';
import type { Field } from '../../templates/table/fields.ts';
import { bindOps, bindingOf, previewBind, remapPreview, type BindPreview } from './bind.ts';
import { bindingOps, readBinding, type Binding } from './binding.ts';
import { loadActor, saveActor, type KeyValueStore } from './identity.ts';
import { judgeRow, type Refusal } from './judge-row.ts';
import { openLedgerCopies, type LedgerCopies, type LocalCopyOpener, type MirroredStore } from './ledger-copies.ts';
import { sheetOpsOf } from './sheet-ops-of-worksheet.ts';
import { cellString, trackingBlock, trackingRowsOf, type TrackingRow } from './tracking-cells.ts';
import { differencesOf, itemOfRow, rowsOfItems, syncRowOps, type Difference } from './tracking-sync.ts';

export type Phase = 'starting' | 'unbound' | 'previewing' | 'bound' | 'broken';

/** One line of the pane's activity list. */
export interface Note {
  id: number;
  kind: 'saved' | 'refused' | 'info' | 'error';
  vi: string;
  en: string;
  /** For a refusal: what the cell held, kept so that nothing typed is lost. */
  typed?: string;
}

export interface PaneModel {
  phase: Phase;
  actor: Actor | null;
  preview: BindPreview | null;
  binding: Binding | null;
  ledger: { events: number; items: number; year: number | null } | null;
  notes: Note[];
  drift: Difference[];
  /** What opening found between the workbook's ledger and this computer's copy. */
  copies: Pick<LedgerCopies, 'copiedToLocal' | 'restoredToSheet' | 'diverged'> | null;
  /** Why the pane cannot record (a broken chain, an unreadable binding). */
  problem: { vi: string; en: string } | null;
  /** The last chain check asked for. */
  chain: VerifyResult | null;
  busy: boolean;
}

export interface PaneDeps {
  host: WorkbookHost;
  /** This computer's settings (who records). */
  settings: KeyValueStore;
  /** This computer's copy of a ledger (IndexedDB in the pane). */
  openLocal: LocalCopyOpener;
  clock?: () => Date;
  /** The workbook's file name, for the plan's source. */
  documentName?: string;
  /** Hands a file to the user (a download in the browser). */
  download?: (fileName: string, bytes: Uint8Array) => void;
}

const MAX_NOTES = 60;

/**
 * The task pane's logic, against the WorkbookHost only (tested with the in-memory host). Work is
 * done one task at a time, in the order asked; the model is published after each step.
 */
export class PaneApp {
  readonly model: PaneModel = {
    phase: 'starting',
    actor: null,
    preview: null,
    binding: null,
    ledger: null,
    notes: [],
    drift: [],
    copies: null,
    problem: null,
    chain: null,
    busy: false,
  };
  private readonly listeners = new Set<(model: PaneModel) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private ledgerHandle: Ledger | null = null;
  private store: MirroredStore | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private noteId = 0;
  private readonly clock: () => Date;

  constructor(private readonly deps: PaneDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  subscribe(listener: (model: PaneModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every task asked so far is done. */
  async idle(): Promise<void> {
    for (let seen: Promise<unknown> | null = null; seen !== this.queue; ) {
      seen = this.queue;
      await seen;
    }
  }

  get ledger(): Ledger | null {
    return this.ledgerHandle;
  }

  private publish(): void {
    for (const listener of this.listeners) listener(this.model);
  }

  private note(kind: Note['kind'], vi: string, en: string, typed?: string): void {
    this.model.notes = [{ id: ++this.noteId, kind, vi, en, ...(typed !== undefined && { typed }) }, ...this.model.notes].slice(0, MAX_NOTES);
  }

  dismiss(noteId: number): void {
    this.model.notes = this.model.notes.filter((n) => n.id !== noteId);
    this.publish();
  }

  /** Runs tasks one after another; a failure becomes a note, never an exception in the pane. */
  protected run(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      this.model.busy = true;
      this.publish();
      try {
        await task();
      } catch (error) {
        const { vi, en } = explain(error);
        this.note('error', vi, en);
      } finally {
        this.model.busy = false;
        this.publish();
      }
    });
    this.queue = next;
    return next;
  }

  private get today(): string {
    return vietnamDateOf(this.clock());
  }

  // ---- opening --------------------------------------------------------------------------

  start(): Promise<void> {
    return this.run(async () => {
      this.model.actor = loadActor(this.deps.settings);
      const found = await readBinding(this.deps.host);
      if (!found.binding) {
        if (found.problem) this.model.problem = { vi: found.problem, en: found.problem };
        this.model.phase = 'unbound';
        return;
      }
      this.model.binding = found.binding;
      await this.openLedger();
      if (this.model.phase === 'broken') return;
      this.model.phase = 'bound';
      await this.findDrift();
      await this.listen();
    });
  }

  private async openLedger(): Promise<void> {
    const copies = await openLedgerCopies(this.deps.host, this.deps.openLocal, this.model.binding?.ledger);
    this.model.copies = { copiedToLocal: copies.copiedToLocal, restoredToSheet: copies.restoredToSheet, diverged: copies.diverged };
    if (!copies.verification.ok) {
      const v = copies.verification;
      this.model.phase = 'broken';
      this.model.problem = {
        vi: `Sổ trong bảng tính không nguyên vẹn tại ghi nhận số ${v.seq}: ${v.message_vi} Chưa ghi nhận thêm được; hãy chạy "cchc verify" với tệp này.`,
        en: `The workbook's ledger is broken at seq ${v.seq}: ${v.message_en} Nothing more can be recorded; run "cchc verify" on this file.`,
      };
      this.ledgerHandle = null;
      return;
    }
    this.store = copies.store;
    this.ledgerHandle = await Ledger.open(copies.store, { clock: this.clock });
    if (copies.restoredToSheet > 0) {
      this.note(
        'info',
        `${copies.restoredToSheet} ghi nhận đã lưu trên máy này nhưng chưa có trong bảng tính (lần trước bảng tính chưa được lưu) đã được ghi lại vào bảng tính. Hãy lưu bảng tính.`,
        `${copies.restoredToSheet} entries saved on this computer but missing from the workbook (it was not saved last time) were written back. Please save the workbook.`,
      );
    }
    if (copies.diverged) {
      this.note(
        'error',
        `Sổ trong bảng tính và bản lưu trên máy này khác nhau từ ghi nhận số ${copies.diverged.seq} (${copies.diverged.localOnly.length} ghi nhận chỉ có trên máy này). Tiếp tục với sổ trong bảng tính; bản trên máy được giữ nguyên.`,
        `The workbook's ledger and this computer's copy differ from seq ${copies.diverged.seq} (${copies.diverged.localOnly.length} entries only on this computer). Carrying on with the workbook's ledger; the local copy is kept as it is.`,
      );
    }
    this.refreshLedgerInfo();
  }

  private refreshLedgerInfo(): void {
    const state = this.ledgerHandle?.state;
    this.model.ledger = state ? { events: state.count, items: state.itemOrder.length, year: state.plan?.identity.year ?? null } : null;
  }

  private async listen(): Promise<void> {
    if (this.stopListening) return;
    this.stopListening = await this.deps.host.onChange((notice) => void this.handleChange(notice));
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.stopListening?.();
    this.stopListening = null;
  }

  // ---- who records ------------------------------------------------------------------------

  setActor(name: string, unit: string): boolean {
    const actor = saveActor(this.deps.settings, name, unit);
    if (actor) this.model.actor = actor;
    this.publish();
    return actor !== null;
  }

  // ---- binding -------------------------------------------------------------------------

  readTable(): Promise<void> {
    return this.run(async () => {
      this.model.preview = null;
      this.model.preview = await previewBind(this.deps.host);
      this.model.phase = 'previewing';
    });
  }

  /** The user changes what a column holds before importing: the preview is read again with it. */
  remapColumn(letter: string, field: Field | null): Promise<void> {
    return this.run(async () => {
      if (this.model.preview) this.model.preview = remapPreview(this.model.preview, letter, field);
    });
  }

  cancelPreview(): void {
    this.model.preview = null;
    this.model.phase = this.model.binding ? 'bound' : 'unbound';
    this.publish();
  }

  /** Imports the previewed plan into a new ledger and adds the tracking columns. */
  importPlan(year?: number): Promise<void> {
    return this.run(async () => {
      const preview = this.model.preview;
      const actor = this.model.actor;
      if (!preview) return;
      if (!actor) {
        this.note('error', 'Vui lòng nhập họ tên và đơn vị trước khi nhập kế hoạch.', 'Please enter your name and unit before importing the plan.');
        return;
      }
      const data = planImportedData(
        preview.read,
        { name: this.deps.documentName ?? preview.sheet, sha256: sha256Hex(JSON.stringify(preview.grid.values)) },
        year !== undefined ? { year } : {},
      );
      await this.openLedger();
      const ledger = this.ledgerHandle;
      if (!ledger) return;
      const [imported] = await ledger.append({ type: 'plan.imported', actor, data });
      const binding = bindingOf(preview, ledger.state, imported!.hash);
      await this.deps.host.apply(bindOps(preview, ledger.state, binding));
      this.model.binding = binding;
      this.model.preview = null;
      this.model.phase = 'bound';
      this.refreshLedgerInfo();
      this.note('saved', `Đã nhập kế hoạch (${ledger.state.itemOrder.length} mục theo dõi) và thêm cột theo dõi.`, `Plan imported (${ledger.state.itemOrder.length} tracked items); tracking columns added.`);
      await this.listen();
    });
  }

  // ---- capturing edits ------------------------------------------------------------------

  /** A change Excel reported: read the rows again and record what differs from the ledger. */
  handleChange(notice: ChangeNotice): Promise<void> {
    const binding = this.model.binding;
    if (!binding || notice.sheet !== binding.sheet || notice.byThisAddin || this.model.phase !== 'bound') return Promise.resolve();
    // A co-author's edit is theirs to record (their pane does); it reaches this ledger through the sheet.
    if (notice.source === 'Remote') return Promise.resolve();
    if (!notice.rect) return this.checkDrift();
    const table = trackingBlock(binding, binding.firstRow, binding.lastRow);
    const touched = intersect(notice.rect, table);
    if (!touched) return Promise.resolve();
    return this.run(() => this.captureRows(touched.row + 1, touched.row + touched.rows, undefined));
  }

  private async readRows(from: number, to: number): Promise<TrackingRow[]> {
    const binding = this.model.binding!;
    const [read] = await this.deps.host.read([{ sheet: binding.sheet, rect: trackingBlock(binding, from, to) }]);
    if (!read) throw new LedgerError('storage', `Không tìm thấy trang tính "${binding.sheet}".`, `Sheet "${binding.sheet}" not found.`);
    return trackingRowsOf(read, binding);
  }

  /** Records rows `from`..`to` (1-based): events for what changed, refusals put back, one write to tidy the rows. */
  private async captureRows(from: number, to: number, origin: 'outside-addin' | undefined, retried = false): Promise<void> {
    const ledger = this.ledgerHandle;
    const binding = this.model.binding!;
    if (!ledger) return;
    const rows = await this.readRows(from, to);
    const actor = this.model.actor;
    if (!actor) {
      for (const row of rows) {
        const item = itemOfRow(row, ledger.state, binding);
        if (item) this.note('refused', 'Vui lòng nhập họ tên và đơn vị (ở trên) trước khi ghi nhận; ô đã được trả lại.', 'Please enter your name and unit (above) before recording; the cell was set back.');
      }
      await this.deps.host.apply(syncRowOps(rows, ledger.state, binding));
      return;
    }
    const perRow: Array<{ row: TrackingRow; drafts: EventDraft[] }> = [];
    const refusals: Refusal[] = [];
    for (const row of rows) {
      const item = itemOfRow(row, ledger.state, binding);
      if (!item) continue;
      const judged = judgeRow(item, row, { actor, today: this.today, ...(origin && { origin }) });
      refusals.push(...judged.refusals);
      if (judged.drafts.length > 0) perRow.push({ row, drafts: judged.drafts });
    }
    try {
      await this.appendAll(ledger, perRow, refusals);
    } catch (error) {
      if (error instanceof ConcurrencyError && !retried) {
        // Someone else wrote to the ledger sheet: take their events in, then judge the rows again.
        await this.openLedger();
        return this.captureRows(from, to, origin, true);
      }
      throw error;
    }
    for (const r of refusals) this.note('refused', r.vi, r.en, r.typed);
    // Rows read again after recording are not needed: the sheet holds what was read, the ledger what was recorded.
    await this.deps.host.apply(syncRowOps(rows, ledger.state, binding));
    this.refreshLedgerInfo();
  }

  /** All rows' events in one append; if the rules refuse one, row by row, so the others still go in. */
  private async appendAll(ledger: Ledger, perRow: Array<{ row: TrackingRow; drafts: EventDraft[] }>, refusals: Refusal[]): Promise<void> {
    if (perRow.length === 0) return;
    try {
      await ledger.append(perRow.flatMap((r) => r.drafts));
      for (const r of perRow) for (const draft of r.drafts) this.noteSaved(draft, r.row.row);
    } catch (error) {
      if (!(error instanceof LedgerError) || error instanceof ConcurrencyError) throw error;
      if (perRow.length > 1) {
        for (const entry of perRow) await this.appendAll(ledger, [entry], refusals);
        return;
      }
      refusals.push(ruleRefusal(perRow[0]!.row, error, ledger));
    }
  }

  private noteSaved(draft: EventDraft, row: number): void {
    const data = draft.data as { item?: string; status?: keyof typeof STATUS_LABELS_VI; effective?: string; note?: string; document?: Parameters<typeof formatDocumentRef>[0] };
    const numbering = data.item ? (this.ledgerHandle?.state.items[data.item]?.definition.numbering ?? data.item) : '';
    const where = `Dòng ${row}, mục theo dõi ${numbering}`;
    const whereEn = `Row ${row}, item ${numbering}`;
    switch (draft.type) {
      case 'status.changed':
        this.note(
          'saved',
          `${where}: trạng thái "${STATUS_LABELS_VI[data.status!]}" từ ngày ${formatVietnameseDate(data.effective!)}.`,
          `${whereEn}: status "${STATUS_LABELS_EN[data.status!]}" from ${formatVietnameseDate(data.effective!)}.`,
        );
        return;
      case 'evidence.attached':
        this.note('saved', `${where}: tài liệu kiểm chứng "${formatDocumentRef(data.document!)}".`, `${whereEn}: evidence "${formatDocumentRef(data.document!)}".`);
        return;
      case 'progress.noted':
        this.note('saved', `${where}: ghi chú "${data.note}".`, `${whereEn}: note "${data.note}".`);
        return;
      case 'event.voided':
        this.note('saved', `Dòng ${row}: ${(draft.data as { reason: string }).reason}`, `Row ${row}: the completion date was corrected.`);
        return;
    }
  }

  // ---- differences made while the pane was closed ------------------------------------

  checkDrift(): Promise<void> {
    return this.run(() => this.findDrift());
  }

  private async findDrift(): Promise<void> {
    const binding = this.model.binding;
    const ledger = this.ledgerHandle;
    if (!binding || !ledger) return;
    // Down to the sheet's last row: rows inserted above the table's end move items below lastRow.
    const [extent] = await this.deps.host.read([{ sheet: binding.sheet, extentOnly: true }]);
    const bottom = Math.max(binding.lastRow, extent ? extent.rect.row + extent.rect.rows : 0);
    const rows = await this.readRows(binding.firstRow, bottom);
    const moved = rowsOfItems(rows, ledger.state, binding);
    if (moved) {
      this.model.binding = moved;
      await this.deps.host.apply(bindingOps(moved));
    }
    this.model.drift = differencesOf(rows, ledger.state, this.model.binding!);
  }

  /** Records every difference as events marked as made outside the add-in. */
  recordDrift(): Promise<void> {
    return this.run(async () => {
      const rows = [...new Set(this.model.drift.map((d) => d.row))];
      for (const row of rows) await this.captureRows(row, row, 'outside-addin');
      await this.findDrift();
      if (this.model.drift.length === 0) this.note('info', 'Đã ghi nhận các khác biệt vào sổ.', 'The differences were recorded in the ledger.');
    });
  }

  /** Puts the ledger's values back where the table differs. */
  restoreDrift(): Promise<void> {
    return this.run(async () => {
      const binding = this.model.binding;
      const ledger = this.ledgerHandle;
      if (!binding || !ledger) return;
      const rows = await this.readRows(binding.firstRow, binding.lastRow);
      const changed = new Set(this.model.drift.map((d) => d.row));
      await this.deps.host.apply(syncRowOps(rows.filter((r) => changed.has(r.row)), ledger.state, binding));
      await this.findDrift();
      this.note('info', 'Đã trả lại giá trị trong sổ cho các ô khác biệt.', 'The ledger’s values were put back.');
    });
  }

  // ---- outputs ------------------------------------------------------------------------

  /** Now, for replays: recorded by now, in force today (Vietnam). */
  private get now(): { knownAt: string; validAt: IsoDate } {
    const now = this.clock();
    return { knownAt: now.toISOString(), validAt: vietnamDateOf(now) };
  }

  private async events(knownAt?: string): Promise<LedgerEvent[]> {
    const out: LedgerEvent[] = [];
    for await (const event of this.ledgerHandle!.events()) if (knownAt === undefined || event.at <= knownAt) out.push(event);
    return out;
  }

  private async verification(): Promise<VerifyResult> {
    const raw: RawEvent[] = [];
    for await (const record of this.store!.read()) raw.push(record);
    return verify(raw);
  }

  /** Rewrites the read-only progress sheet ("Theo dõi tiến độ") from the ledger, as of today. */
  refreshProgress(): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const state = await this.ledgerHandle.replayAt(this.now);
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addProgressSheet(workbook, state);
      await this.deps.host.apply(sheetOpsOf(sheet, PROGRESS_SHEET_NAME, { protect: true }));
      this.note('info', `Đã cập nhật trang "${PROGRESS_SHEET_NAME}".`, `The sheet "${PROGRESS_SHEET_NAME}" is up to date.`);
    });
  }

  /** Writes the audit trail sheet: every event, voided ones struck through, with the chain check. */
  writeAudit(): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const events = await this.events();
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addAuditTrailSheet(workbook, auditRows(events), { verification: await this.verification() });
      await this.deps.host.apply(sheetOpsOf(sheet, AUDIT_SHEET_NAME, { protect: true }));
      this.note('info', `Đã ghi trang "${AUDIT_SHEET_NAME}" (${events.length} ghi nhận).`, `The sheet "${AUDIT_SHEET_NAME}" is written (${events.length} entries).`);
    });
  }

  /** A read-only sheet of the plan as it stood on `date`, as the ledger knew it at the end of that day. */
  snapshot(date: IsoDate): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const now = this.now;
      if (date > now.validAt) {
        this.note('refused', `Ngày ${formatVietnameseDate(date)} ở tương lai.`, `${date} is in the future.`);
        return;
      }
      const endOfDay = endOfVietnamDay(date);
      const state = await this.ledgerHandle.replayAt({ validAt: date, knownAt: endOfDay < now.knownAt ? endOfDay : now.knownAt });
      const name = `Tại ngày ${formatVietnameseDate(date).replaceAll('/', '-')}`;
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addProgressSheet(workbook, state, { name });
      await this.deps.host.apply(sheetOpsOf(sheet, name, { protect: true }));
      this.note('info', `Đã tạo trang chụp "${name}" (chỉ đọc).`, `Snapshot sheet "${name}" made (read-only).`);
    });
  }

  /** The period report workbook ("2022-Q1", "2022-H1" ...), handed to the user as a file. */
  makeReport(periodId: string): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const config = ReportConfig.parse({});
      const period = resolvePeriod(periodId, config);
      if (!period) {
        this.note('refused', `"${periodId}" không phải kỳ báo cáo (ví dụ 2022-Q1, 2022-H1, 2022-9M, 2022-Y).`, `"${periodId}" is not a period (such as 2022-Q1).`);
        return;
      }
      const { knownAt } = this.now;
      const state = await this.ledgerHandle.replayAt({ validAt: period.to, knownAt });
      const bytes = await periodReportBytes({ state, events: await this.events(knownAt), period, config, verification: await this.verification() });
      const fileName = `Bao-cao-CCHC-${period.id}.xlsx`;
      this.deps.download?.(fileName, bytes);
      this.note('info', `Đã tạo báo cáo ${fileName}.`, `Report ${fileName} made.`);
    });
  }

  /** Checks the workbook's ledger: every link, hash and rule. */
  verifyChain(): Promise<void> {
    return this.run(async () => {
      if (!this.store) return;
      const result = await this.verification();
      this.model.chain = result;
      const text = chainStatusText(result);
      if (result.ok) this.note('info', text, `The chain is intact: ${result.count} entries, head ${result.head.hash}.`);
      else this.note('error', text, `The chain is broken at seq ${result.seq}: ${result.message_en}`);
    });
  }
}

/** A row the ledger's rules refused: the rule's own words, with the cell it is about. */
function ruleRefusal(row: TrackingRow, error: LedgerError, ledger: Ledger): Refusal {
  const field = (['status', 'completedOn', 'evidence', 'progressNote'] as const).find((f) => f === error.details.field) ?? 'status';
  const item = error.details.item ?? '';
  return {
    row: row.row,
    item,
    numbering: ledger.state.items[item]?.definition.numbering ?? item,
    field,
    typed: cellString(row.cells[field]),
    vi: `Dòng ${row.row}: ${error.messageVi}`,
    en: `Row ${row.row}: ${error.messageEn}`,
  };
}

/** A person-readable account of a failure: the ledger's and the reader's own words, else a short line. */
export function explain(error: unknown): { vi: string; en: string } {
  if (error instanceof LedgerError) return { vi: error.messageVi, en: error.messageEn };
  if (error instanceof TableError) return { vi: error.messageVi, en: error.messageEn };
  const message = error instanceof Error ? error.message : String(error);
  return { vi: `Đã có lỗi không mong đợi; chưa có gì bị mất. Chi tiết: ${message}`, en: `Something unexpected went wrong; nothing was lost. Details: ${message}` };
}
