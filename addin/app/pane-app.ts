import { sha256Hex } from '#digest';
import ExcelJS from 'exceljs';
import { endOfVietnamDay, formatVietnameseDate, vietnamDateOf, type IsoDate } from '../../ledger/dates.ts';
import { ConcurrencyError, LedgerError } from '../../ledger/errors.ts';
import type { Actor, EventDraft, LedgerEvent, Origin } from '../../ledger/events.ts';
import { enrolmentRequest, EnrolmentRequest } from '../../ledger/enrolment-request.ts';
import { FORMAT_SIGNED, type KeyRole } from '../../ledger/events.ts';
import { revokedAt } from '../../ledger/key-ring.ts';
import { Ledger, type LedgerOptions } from '../../ledger/ledger.ts';
import { shortFingerprint, type Signer } from '../../ledger/signed-content.ts';
import { STATUS_LABELS_EN, STATUS_LABELS_VI, type Status } from '../../ledger/status.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { verify, type VerifyResult } from '../../ledger/verify.ts';
import { formatDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { auditRows } from '../../templates/reports/audit-rows.ts';
import { AUDIT_SHEET_NAME, addAuditTrailSheet } from '../../templates/reports/audit-trail.ts';
import { chainStatusText } from '../../templates/reports/chain-status.ts';
import { periodReportBytes, type PeriodReportInput } from '../../templates/reports/period-report.ts';
import { issuedReport } from '../../templates/reports/report-issued.ts';
import { PROGRESS_SHEET_NAME, addProgressSheet } from '../../templates/reports/progress-sheet.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { intersect, type CellRect } from '../excel/a1.ts';
import type { ChangeNotice, ReadRequest, SheetOp, SheetRead, StartupControl, WorkbookHost } from '../excel/host.ts';
import type { Field } from '../../templates/table/fields.ts';
import { bindOps, bindingOf, previewBind, remapPreview, statusListOps, type BindPreview } from './bind.ts';
import { bindingOps, readBinding, type Binding } from './binding.ts';
import { loadActor, saveActor, type KeyValueStore } from './identity.ts';
import { judgeRow, type Refusal } from './judge-row.ts';
import { correctionDrafts, type Correction } from './correction-drafts.ts';
import { correctionSaid } from './correction-said.ts';
import { futureDateProblem } from './future-date.ts';
import { readRevision, revisedBinding, type RevisionPreview } from './plan-revision.ts';
import { openLedgerCopies, type LedgerCopies, type LocalCopyOpener, type MirroredStore } from './ledger-copies.ts';
import { sheetOpsOf } from './sheet-ops-of-worksheet.ts';
import { RECORDED_FIELDS, cellAgrees, cellString, trackingBlock, trackingRowsOf, type RecordedField, type TrackingRow } from './tracking-cells.ts';
import { differencesOf, itemOfRow, rowsOfItems, syncRowOps, type Difference } from './tracking-sync.ts';
import { dashboardPeriod } from '../../templates/reports/dashboard-period.ts';
import { dashboardOf, type Dashboard } from './pane-dashboard.ts';
import { AuditRowsCache, historyOf, type RowHistory } from './row-history.ts';
import { editedWhileNotRunning, loadWithDocument } from './load-with-document.ts';
import { endOnPlanSheet } from './undo-order.ts';

export type Phase = 'starting' | 'unbound' | 'previewing' | 'bound' | 'broken';

/** One line of the pane's activity list. */
export interface Note {
  id: number;
  kind: 'saved' | 'refused' | 'info' | 'error';
  vi: string;
  en: string;
  /** For a refusal: what the cell held, kept so that nothing typed is lost. */
  typed?: string;
  /** For a refusal that tells the user to void an entry: the item whose entries the pane offers to void. */
  voidItem?: string;
}

/** A "Hoàn thành" chosen with no completion date: the pane asks for the date, today suggested. */
/** A done item's status changed with no reason: the pane asks why before recording the reopening. */
export interface AskReason {
  item: string;
  numbering: string;
  row: number;
  status: Status;
}

export interface AskDate {
  item: string;
  numbering: string;
  row: number;
  suggested: IsoDate;
}

/** What the pane is doing now, in words, and how far (steps), shown while it works. */
export interface Working {
  vi: string;
  en: string;
  step: number;
  steps: number;
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
  working: Working | null;
  askDate: AskDate[];
  askReason: AskReason[];
  /** A plan revision read from the table, shown before it is recorded. */
  revision: RevisionPreview | null;
  /** This user's signing key and where it stands in the open ledger. */
  key: KeyStanding | null;
  /** The history of the item in the row selected last in the plan's sheet. */
  history: RowHistory | null;
}

/**
 * The user's key and what it may do in the open ledger: `admin` or `member` (enrolled for the person
 * named above), `unsigned` (a format 1 ledger: nothing is signed), `not-enrolled`, `other-person`
 * (enrolled for another name or unit than the one above), `revoked`, or `none` (no ledger open yet).
 */
export interface KeyStanding {
  fingerprint: string;
  publicKey: string;
  standing: 'admin' | 'member' | 'unsigned' | 'not-enrolled' | 'other-person' | 'revoked' | 'none';
  /** The person the key is enrolled for, when enrolled. */
  enrolledFor: Actor | null;
  /** The instant the key stops signing in this ledger (revoked from then on), when it is revoked, even from a later date. */
  revokedFrom: string | null;
  /** What to hand an administrator: for the person named above (null until a name is given). */
  request: EnrolmentRequest | null;
}

export interface PaneDeps {
  host: WorkbookHost;
  /** This computer's settings (who records). */
  settings: KeyValueStore;
  /** This computer's copy of a ledger (IndexedDB in the pane). */
  openLocal: LocalCopyOpener;
  /** This user's signing key on this computer (a non-extractable key in IndexedDB in the pane), made on first use. */
  signer: () => Promise<Signer>;
  clock?: () => Date;
  /** The workbook's file name, for the plan's source. */
  documentName?: string;
  /** Hands a file to the user (a download in the browser). */
  download?: (fileName: string, bytes: Uint8Array) => void;
  /** Loading with the workbook (shared runtime): null in an Excel without it, undefined outside Office. */
  startup?: StartupControl | null;
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
    working: null,
    askDate: [],
    askReason: [],
    revision: null,
    key: null,
    history: null,
  };
  private readonly listeners = new Set<(model: PaneModel) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  protected ledgerHandle: Ledger | null = null;
  protected store: MirroredStore | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private stopSelection: (() => Promise<void>) | null = null;
  private noteId = 0;
  protected signer: Signer | null = null;
  protected readonly clock: () => Date;

  constructor(protected readonly deps: PaneDeps) {
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

  /** What this Excel cannot do, for the pane to say. */
  get limits(): Array<'listValidation' | 'workbookEvents' | 'merges'> {
    const can = this.deps.host.capabilities;
    return (['listValidation', 'workbookEvents', 'merges'] as const).filter((k) => !can[k]);
  }

  get ledger(): Ledger | null {
    return this.ledgerHandle;
  }

  protected publish(): void {
    for (const listener of this.listeners) listener(this.model);
  }

  protected note(kind: Note['kind'], vi: string, en: string, typed?: string, voidItem?: string): void {
    this.model.notes = [{ id: ++this.noteId, kind, vi, en, ...(typed !== undefined && { typed }), ...(voidItem !== undefined && { voidItem }) }, ...this.model.notes].slice(0, MAX_NOTES);
  }

  dismiss(noteId: number): void {
    this.model.notes = this.model.notes.filter((n) => n.id !== noteId);
    this.publish();
  }

  /** Runs tasks one after another; a failure becomes a note, never an exception in the pane. `doing` says what it is, in words. */
  protected run(task: () => Promise<void>, doing: { vi: string; en: string; steps?: number } = WORKING): Promise<void> {
    const next = this.queue.then(async () => {
      this.model.busy = true;
      this.model.working = { vi: doing.vi, en: doing.en, step: 1, steps: doing.steps ?? 1 };
      this.publish();
      try {
        await task();
      } catch (error) {
        const { vi, en } = explain(error);
        this.note('error', vi, en);
      } finally {
        this.model.busy = false;
        this.model.working = null;
        this.publish();
      }
    });
    this.queue = next;
    return next;
  }

  /** The running task reached its next step (what it does now, said in words). */
  private step(vi: string, en: string): void {
    const working = this.model.working;
    if (!working) return;
    this.model.working = { vi, en, step: Math.min(working.step + 1, working.steps), steps: working.steps };
    this.publish();
  }

  private get today(): string {
    return vietnamDateOf(this.clock());
  }

  // ---- opening --------------------------------------------------------------------------

  start(): Promise<void> {
    return this.run(async () => {
      this.model.actor = loadActor(this.deps.settings);
      await this.loadKey();
      const found = await readBinding(this.deps.host);
      if (!found.binding) {
        if (found.problem) this.model.problem = { vi: found.problem, en: found.problem };
        this.model.phase = 'unbound';
        return;
      }
      this.model.binding = await this.locateTable(found.binding);
      if (!this.model.binding) {
        this.model.phase = 'broken';
        this.model.problem = {
          vi: `Không tìm thấy bảng kế hoạch: trang "${found.binding.sheet}" không còn, và không trang nào có cột "Mã" với các mục theo dõi của sổ này. Nếu trang đã bị xóa, hãy mở bản lưu trước đó.`,
          en: `The plan's table is not found: the sheet "${found.binding.sheet}" is gone and no sheet has a "Mã" column holding this ledger's items. If the sheet was deleted, open an earlier copy of the file.`,
        };
        return;
      }
      await this.openLedger();
      if (this.model.phase === 'broken') return;
      this.model.phase = 'bound';
      await this.findDrift();
      const awayCells = this.model.drift.filter((d) => d.origin === undefined);
      for (const d of awayCells) this.editedAway.add(d.row);
      const away = editedWhileNotRunning(awayCells.length);
      if (away) this.note('info', away.vi, away.en);
      await this.listen();
    });
  }

  /**
   * Finds the plan's sheet: by its id (a rename or a move keeps it), then by its name, then by
   * looking for the table itself (the "Mã" column holding this ledger's items) on every sheet.
   * A binding that changed is written back. Null when the table is nowhere.
   */
  private async locateTable(binding: Binding): Promise<Binding | null> {
    const sheets = await this.deps.host.sheets();
    const byId = binding.sheetId ? sheets.find((s) => s.id === binding.sheetId) : undefined;
    const byName = sheets.find((s) => s.name === binding.sheet);
    let found = byId ?? byName;
    if (!found) {
      const candidates = sheets.filter((s) => s.visibility === 'visible');
      const ref = binding.columns.ref - 1;
      // Down to twice the table's last row: rows may have been inserted.
      const reads = await this.deps.host.read(candidates.map((s) => ({ sheet: s.name, rect: { row: 0, col: ref, rows: binding.lastRow * 2, cols: 1 } })));
      const ids = new Set(Object.keys(binding.rows));
      let best = 0;
      reads.forEach((read, i) => {
        const hits = read ? read.values.filter((row) => typeof row[0] === 'string' && ids.has(row[0])).length : 0;
        if (hits > best) [best, found] = [hits, candidates[i]];
      });
    }
    if (!found) return null;
    if (found.id === binding.sheetId && found.name === binding.sheet) return binding;
    const next: Binding = { ...binding, sheet: found.name, sheetId: found.id };
    if (found.name !== binding.sheet) this.noteRenamed(binding.sheet, found.name);
    await this.deps.host.apply(bindingOps(next));
    return next;
  }

  private noteRenamed(from: string, to: string): void {
    this.note('info', `Trang tính của kế hoạch đã đổi tên từ "${from}" thành "${to}"; sổ theo dõi vẫn ghi nhận trên trang này.`, `The plan's sheet was renamed from "${from}" to "${to}"; the ledger keeps recording on it.`);
  }

  protected async openLedger(): Promise<void> {
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
    this.ledgerHandle = await this.openWritable(copies.store, { clock: this.clock, ...(this.signer && { signer: this.signer }) });
    if (copies.restoredToSheet > 0) {
      this.note(
        'info',
        `${copies.restoredToSheet} ghi nhận đã lưu trên máy này nhưng chưa có trong bảng tính (lần trước bảng tính chưa được lưu, hoặc chưa ghi được vào bảng tính) đã được ghi lại vào bảng tính. Hãy lưu bảng tính.`,
        `${copies.restoredToSheet} entries saved on this computer but missing from the workbook (it was not saved last time, or could not be written) were written back. Please save the workbook.`,
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

  /** The ledger recorded in, over the workbook's copy; a workbook connected to a service opens it over its pending events (pane-sync.ts). */
  protected openWritable(store: MirroredStore, options: LedgerOptions): Promise<Ledger> {
    return Ledger.open(store, options);
  }

  private refreshLedgerInfo(): void {
    const state = this.ledgerHandle?.state;
    this.model.ledger = state ? { events: state.count, items: state.itemOrder.length, year: state.plan?.identity.year ?? null } : null;
    this.refreshKeyStanding();
  }

  // ---- the user's signing key ---------------------------------------------------------------

  private async loadKey(): Promise<void> {
    try {
      this.signer = await this.deps.signer();
    } catch (error) {
      // Unsigned ledgers can still be recorded in; a signed one says why not when written to.
      const { message } = error instanceof Error ? error : { message: String(error) };
      this.note(
        'error',
        `Không mở hoặc tạo được khóa ký trên máy này (${message}); chưa ghi được vào sổ có ký.`,
        `The signing key on this computer could not be opened or made (${message}); signed ledgers cannot be written to.`,
      );
    }
    this.refreshKeyStanding();
  }

  private refreshKeyStanding(): void {
    const signer = this.signer;
    if (!signer) {
      this.model.key = null;
      return;
    }
    const ledger = this.ledgerHandle;
    const actor = this.model.actor;
    const enrolled = ledger?.format === FORMAT_SIGNED ? ledger.keys.get(signer.fingerprint) : undefined;
    const standing: KeyStanding['standing'] = !ledger?.format
      ? 'none'
      : ledger.format !== FORMAT_SIGNED
        ? 'unsigned'
        : !enrolled
          ? 'not-enrolled'
          : revokedAt(enrolled, this.clock().toISOString())
            ? 'revoked'
            : actor && (enrolled.person.name !== actor.name || enrolled.person.unit !== actor.unit)
              ? 'other-person'
              : enrolled.role;
    this.model.key = {
      fingerprint: signer.fingerprint,
      publicKey: signer.publicKey,
      standing,
      enrolledFor: enrolled?.person ?? null,
      revokedFrom: enrolled?.revokedFrom ?? null,
      request: actor ? enrolmentRequest(signer.publicKey, actor) : null,
    };
  }

  /** Why this user cannot record in the open ledger with their key, or null when they can. */
  private keyRefusal(): { vi: string; en: string } | null {
    // A revocation from a later moment may have come into force since the standing was last said.
    this.refreshKeyStanding();
    const key = this.model.key;
    if (this.ledgerHandle?.format !== FORMAT_SIGNED) return null;
    if (!key) return { vi: 'Chưa có khóa ký trên máy này nên chưa ghi được vào sổ có ký.', en: 'There is no signing key on this computer, so this signed ledger cannot be written to.' };
    const short = shortFingerprint(key.fingerprint);
    switch (key.standing) {
      case 'not-enrolled':
        return {
          vi: `Khóa của bạn (${short}…) chưa được đăng ký trong sổ này: gửi yêu cầu đăng ký (mục “Khóa ký”) cho người quản trị sổ.`,
          en: `Your key (${short}…) is not enrolled in this ledger: send the enrolment request ("Signing key") to the ledger's administrator.`,
        };
      case 'revoked':
        return { vi: `Khóa của bạn (${short}…) đã bị thu hồi trong sổ này.`, en: `Your key (${short}…) is revoked in this ledger.` };
      case 'other-person':
        return {
          vi: `Khóa của bạn (${short}…) được đăng ký cho “${key.enrolledFor!.name}” (${key.enrolledFor!.unit}); họ tên và đơn vị ở mục “Người ghi nhận” phải trùng như vậy.`,
          en: `Your key (${short}…) is enrolled for "${key.enrolledFor!.name}" (${key.enrolledFor!.unit}); the name and unit under "Who records" must be the same.`,
        };
      default:
        return null;
    }
  }

  /** Hands the enrolment request to the user as a file, for `cchc key enroll --request FILE`. */
  downloadRequest(): void {
    const request = this.model.key?.request;
    if (!request) return;
    const name = `yeu-cau-dang-ky-khoa-${request.fingerprint.slice(0, 8)}.request.json`;
    this.deps.download?.(name, new TextEncoder().encode(`${JSON.stringify(request, null, 2)}\n`));
  }

  /**
   * An administrator enrolls another person's key from the request they handed over (the JSON
   * the pane or `cchc key new` shows), as a member or an administrator: one `key.enrolled`.
   */
  enrollKey(requestText: string, role: KeyRole): Promise<void> {
    return this.run(async () => {
      const ledger = this.ledgerHandle;
      const actor = this.model.actor;
      if (!ledger || !actor) return;
      if (this.model.key?.standing !== 'admin') {
        this.note('refused', 'Chỉ người quản trị sổ mới đăng ký được khóa của người khác.', "Only the ledger's administrator can enroll another person's key.");
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(requestText);
      } catch {
        value = undefined;
      }
      const parsed = EnrolmentRequest.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
        this.note(
          'refused',
          `Nội dung dán vào không phải yêu cầu đăng ký khóa hợp lệ${where}: hãy dán nguyên văn yêu cầu người đó gửi (bắt đầu bằng {"type":"cchc-key-request").`,
          `What was pasted is not a valid key enrolment request${where}: paste the request exactly as the person sent it (it starts {"type":"cchc-key-request").`,
          requestText,
        );
        return;
      }
      const request = parsed.data;
      await ledger.append({ type: 'key.enrolled', actor, data: { key: request.fingerprint, publicKey: request.publicKey, person: request.person, role } });
      const short = shortFingerprint(request.fingerprint);
      this.note(
        'saved',
        `Đã đăng ký khóa ${short}… của ${request.person.name} (${request.person.unit}), vai trò ${role === 'admin' ? 'quản trị' : 'ghi nhận'}.`,
        `Key ${short}… of ${request.person.name} (${request.person.unit}) enrolled as ${role === 'admin' ? 'administrator' : 'member'}.`,
      );
      this.refreshLedgerInfo();
    });
  }

  private async listen(): Promise<void> {
    if (this.stopListening) return;
    this.stopListening = await this.deps.host.onChange((notice) => void this.handleChange(notice));
    this.stopSelection = await this.deps.host.onSelectionChange((selection) => void this.selectionChanged(selection));
    const startup = await loadWithDocument(this.deps.startup);
    if (startup) this.note(startup.kind, startup.vi, startup.en);
  }

  async stop(): Promise<void> {
    await this.idle();
    await this.stopListening?.();
    this.stopListening = null;
    await this.stopSelection?.();
    this.stopSelection = null;
  }

  // ---- who records ------------------------------------------------------------------------

  setActor(name: string, unit: string): boolean {
    const actor = saveActor(this.deps.settings, name, unit);
    if (actor) this.model.actor = actor;
    this.refreshKeyStanding();
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
      const sheetId = (await this.deps.host.sheets()).find((s) => s.name === preview.sheet)?.id;
      const binding = { ...bindingOf(preview, ledger.state, imported!.hash), ...(sheetId && { sheetId }) };
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
    if (!binding || notice.byThisAddin || this.model.phase !== 'bound') return Promise.resolve();
    // The sheet by its id: a renamed plan sheet is still the plan's sheet.
    if (binding.sheetId ? notice.sheetId !== binding.sheetId : notice.sheet !== binding.sheet) return Promise.resolve();
    const renamed = notice.sheet !== binding.sheet ? notice.sheet : null;
    const followRename = async () => {
      if (!renamed || !this.model.binding || this.model.binding.sheet === renamed) return;
      const next = { ...this.model.binding, sheet: renamed };
      this.noteRenamed(this.model.binding.sheet, renamed);
      await this.deps.host.apply(bindingOps(next));
      this.model.binding = next;
    };
    if (!notice.rect) return this.run(async () => (await followRename(), await this.findDrift()), CHECKING);
    const table = trackingBlock(binding, binding.firstRow, binding.lastRow);
    const touched = intersect(notice.rect, table);
    if (!touched) return renamed ? this.run(followRename) : Promise.resolve();
    const from = touched.row + 1;
    const to = touched.row + touched.rows;
    // A co-author's edit is not this user's to record: its cells are remembered, and shown as theirs among the differences.
    if (notice.source === 'Remote') {
      this.rememberCoAuthored(binding, touched);
      return this.run(async () => (await followRename(), await this.findDrift()), CHECKING);
    }
    // A change reaching the status column may be a paste, which takes the drop-down away: it is put back.
    const status = binding.columns.status - 1;
    const relist = touched.col <= status && status < touched.col + touched.cols;
    return this.run(async () => (await followRename(), await this.captureRows(from, to, { relist })), RECORDING);
  }

  // ---- a co-author's cells, remembered on this computer until recorded ------------------

  private coAuthorKey(binding: Binding): string {
    return `cchc.coauthored.${binding.ledger}`;
  }

  /** "item:field" of each cell a co-author changed and nobody recorded yet. */
  private coAuthored(): Set<string> {
    const binding = this.model.binding;
    if (!binding) return new Set();
    try {
      const saved: unknown = JSON.parse(this.deps.settings.get(this.coAuthorKey(binding)) ?? '[]');
      return new Set(Array.isArray(saved) ? saved.filter((k): k is string => typeof k === 'string') : []);
    } catch {
      return new Set();
    }
  }

  private saveCoAuthored(cells: Set<string>): void {
    if (this.model.binding) this.deps.settings.set(this.coAuthorKey(this.model.binding), JSON.stringify([...cells]));
  }

  private rememberCoAuthored(binding: Binding, rect: CellRect): void {
    const cells = this.coAuthored();
    for (const [item, row] of Object.entries(binding.rows)) {
      if (row - 1 < rect.row || row - 1 >= rect.row + rect.rows) continue;
      for (const field of RECORDED_FIELDS) {
        const col = binding.columns[field] - 1;
        if (col >= rect.col && col < rect.col + rect.cols) cells.add(`${item}:${field}`);
      }
    }
    this.saveCoAuthored(cells);
  }

  private rowsRequest(from: number, to: number): ReadRequest {
    const binding = this.model.binding!;
    return { sheet: binding.sheet, rect: trackingBlock(binding, from, to) };
  }

  private trackingRows(read: SheetRead | null | undefined): TrackingRow[] {
    const binding = this.model.binding!;
    if (!read) throw new LedgerError('storage', `Không tìm thấy trang tính "${binding.sheet}".`, `Sheet "${binding.sheet}" not found.`);
    return trackingRowsOf(read, binding);
  }

  private async readRows(from: number, to: number): Promise<TrackingRow[]> {
    const [read] = await this.deps.host.read([this.rowsRequest(from, to)]);
    return this.trackingRows(read);
  }

  /**
   * Reads rows `from`..`to` and, in the same round trip, the ledger sheet's head, then runs `record`
   * with the rows: its appends are checked against that head, and the ledger sheet's rows they add
   * are held, once this computer's copy has them, for `record`'s closing write (`close`: they go
   * first, then `tidy`, ending on the plan's sheet). So an edit recorded costs two round trips to
   * Excel: this read and that write. If that write fails with rows held, the entries are on this
   * computer only: the ledger is opened again at once, which writes them back while the sheet still
   * ends where they follow (a co-author's append first would leave the two copies disagreeing).
   * If another writer appended to the sheet first, their events are taken in and all is done again
   * from the read, once: `record` must take the ledger from `this`, not hold an earlier one.
   */
  private async withRowsAndHead(from: number, to: number, record: (rows: TrackingRow[], close: CloseRecording) => Promise<void>, retried = false): Promise<void> {
    const store = this.store!;
    const binding = this.model.binding!;
    const [read, ...head] = await this.deps.host.read([this.rowsRequest(from, to), ...store.headReads()]);
    const rows = this.trackingRows(read);
    let unwritten: { message: string } | null = null;
    try {
      await store.recording(head, (heldOps) =>
        record(rows, async (tidy, recorded) => {
          const held = heldOps();
          try {
            await this.deps.host.apply(endOnPlanSheet([...held, ...tidy], binding, recorded));
          } catch (error) {
            if (held.length > 0) unwritten = { message: error instanceof Error ? error.message : String(error) };
            throw error;
          }
        }),
      );
    } catch (error) {
      if (error instanceof ConcurrencyError && !retried) {
        await this.openLedger();
        // A ledger found broken is said by openLedger; nothing is recorded in it.
        return this.ledgerHandle ? this.withRowsAndHead(from, to, record, true) : undefined;
      }
      if (!unwritten) throw error;
      const { message } = unwritten;
      this.note(
        'error',
        `Chưa ghi được vào bảng tính (${message}); ghi nhận đã lưu được giữ trên máy này cho đến khi được ghi lại vào bảng tính.`,
        `The workbook could not be written (${message}); what was saved is kept on this computer until it is written back to the workbook.`,
      );
      await this.openLedger();
    }
  }

  /**
   * Records rows `from`..`to` (1-based) in one read and one write: events for what changed,
   * refusals put back, a "Hoàn thành" without a date left as picked while the pane asks for the
   * date. `originOf` marks cells whose change the actor only copies in (differences on reopening);
   * `relist` puts the status drop-down back on the rows (a paste removes it), in the same write;
   * `only` limits the rows judged (a re-check leaves a co-author's rows alone).
   */
  private async captureRows(from: number, to: number, options: CaptureOptions = {}): Promise<void> {
    if (!this.ledgerHandle) return;
    await this.withRowsAndHead(from, to, (rows, close) => this.recordRows(rows.filter((row) => !options.only || options.only.has(row.row)), from, to, options, close));
  }

  private async recordRows(rows: TrackingRow[], from: number, to: number, options: CaptureOptions, close: CloseRecording): Promise<void> {
    const { originOf } = options;
    const ledger = this.ledgerHandle!;
    const binding = this.model.binding!;
    const actor = this.model.actor;
    if (!actor) {
      for (const row of rows) {
        const item = itemOfRow(row, ledger.state, binding);
        if (item) this.note('refused', 'Vui lòng nhập họ tên và đơn vị (ở trên) trước khi ghi nhận; ô đã được trả lại.', 'Please enter your name and unit (above) before recording; the cell was set back.');
      }
      await this.deps.host.apply(syncRowOps(rows, ledger.state, binding));
      return;
    }
    const keyRefusal = this.keyRefusal();
    if (keyRefusal) {
      // What was typed is kept in the note; the cells get the ledger's values back.
      for (const row of rows) {
        const typed = RECORDED_FIELDS.map((f) => cellString(row.cells[f])).filter((t) => t !== '').join(' · ');
        if (itemOfRow(row, ledger.state, binding) && typed) this.note('refused', `Dòng ${row.row}: ${keyRefusal.vi}`, `Row ${row.row}: ${keyRefusal.en}`, typed);
      }
      await this.deps.host.apply(syncRowOps(rows, ledger.state, binding));
      return;
    }
    const perRow: Array<{ row: TrackingRow; drafts: EventDraft[] }> = [];
    const refusals: Refusal[] = [];
    const asking = new Map<string, AskDate>();
    const askingWhy = new Map<string, AskReason>();
    for (const row of rows) {
      const item = itemOfRow(row, ledger.state, binding);
      if (!item) {
        refusals.push(...notAnItem(row));
        continue;
      }
      const id = item.definition.id;
      const judged = judgeRow(item, row, { actor, today: this.today, ...(originOf && { originOf: (field) => originOf(id, field) }) });
      refusals.push(...judged.refusals);
      if (judged.drafts.length > 0) perRow.push({ row, drafts: judged.drafts });
      if (judged.needsDate) asking.set(id, { item: id, numbering: item.definition.numbering, row: row.row, suggested: this.today });
      if (judged.needsReason) askingWhy.set(id, { item: id, numbering: item.definition.numbering, row: row.row, status: judged.needsReason });
    }
    const before = ledger.state.count;
    await this.appendAll(ledger, perRow, refusals);
    // Durable now (this computer's copy has it): "Đã lưu" is said before the sheet is written.
    if (ledger.state.count > before) this.savedNow();
    for (const r of refusals) this.note('refused', r.vi, r.en, r.typed, r.voidable ? r.item : undefined);
    // The question for a date replaces any earlier one about the same rows.
    const judgedItems = new Set(rows.map((r) => itemOfRow(r, ledger.state, binding)?.definition.id));
    this.model.askDate = [...this.model.askDate.filter((a) => !judgedItems.has(a.item)), ...asking.values()];
    this.model.askReason = [...this.model.askReason.filter((a) => !judgedItems.has(a.item)), ...askingWhy.values()];
    const leave = new Set([...asking.values(), ...askingWhy.values()].map((a) => `${a.row}:status`));
    // Rows read again after recording are not needed: the sheet holds what was read, the ledger what was recorded.
    const last = perRow.at(-1);
    const recorded = ledger.state.count > before && last ? { row: last.row.row, item: itemOfRow(last.row, ledger.state, binding)!.definition.id } : null;
    const tidy = [...syncRowOps(rows, ledger.state, binding, leave), ...(options.relist ? statusListOps(binding, from, to) : [])];
    await close(tidy, recorded);
    this.forgetRecordedCoAuthored(rows);
    this.refreshLedgerInfo();
  }

  /** What was just appended is durable: the pane shows its "Đã lưu" notes now, before the workbook is written. */
  private savedNow(): void {
    this.refreshLedgerInfo();
    this.publish();
  }

  /** Cells a co-author changed that now agree with the ledger need no more marking. */
  private forgetRecordedCoAuthored(rows: readonly TrackingRow[]): void {
    const cells = this.coAuthored();
    if (cells.size === 0 || !this.ledgerHandle || !this.model.binding) return;
    for (const row of rows) {
      const item = itemOfRow(row, this.ledgerHandle.state, this.model.binding);
      if (!item) continue;
      for (const field of RECORDED_FIELDS) if (cellAgrees(field, row.cells[field], item)) cells.delete(`${item.definition.id}:${field}`);
    }
    this.saveCoAuthored(cells);
  }

  /** Records "Hoàn thành" for an item the pane asked about, on the date the user gave, and writes the date in the sheet. */
  confirmDone(item: string, date: IsoDate): Promise<void> {
    return this.run(async () => {
      const actor = this.model.actor;
      const asked = this.model.askDate.find((a) => a.item === item);
      if (!this.ledgerHandle || !actor || !asked) return;
      const future = futureDateProblem(date, this.today);
      if (future) {
        this.note('refused', future.vi, future.en);
        return;
      }
      const draft: EventDraft = { type: 'status.changed', actor, data: { item, status: 'done', effective: date } };
      await this.withRowsAndHead(asked.row, asked.row, async (rows, close) => {
        // The ledger as now open: another writer's events taken in, on a second try, are in it.
        const ledger = this.ledgerHandle!;
        await ledger.append(draft);
        this.noteSaved(draft, asked.row);
        this.model.askDate = this.model.askDate.filter((a) => a.item !== item);
        this.savedNow();
        await close(syncRowOps(rows, ledger.state, this.model.binding!), { row: asked.row, item });
      });
      this.refreshLedgerInfo();
    }, RECORDING);
  }

  /** The user does not mean "Hoàn thành" after all: the ledger's status goes back in the cell. */
  cancelDone(item: string): Promise<void> {
    return this.run(async () => {
      const asked = this.model.askDate.find((a) => a.item === item);
      if (!asked || !this.ledgerHandle) return;
      this.model.askDate = this.model.askDate.filter((a) => a.item !== item);
      await this.deps.host.apply(syncRowOps(await this.readRows(asked.row, asked.row), this.ledgerHandle.state, this.model.binding!));
    });
  }

  // ---- corrections (the card's logic is in correction-drafts.ts) ------------------------------

  /**
   * Carries out a correction from the pane: its events in one append (a corrected completion date
   * is a void and the change made again, stored together or not at all), then the item's row is
   * written again and its history shown. What the rules refuse is said, and nothing is recorded.
   */
  correct(correction: Correction): Promise<void> {
    return this.run(async () => {
      const ledger = this.ledgerHandle;
      const binding = this.model.binding;
      if (!ledger || !binding) return;
      const actor = this.recorder();
      if (!actor) return;
      try {
        await this.appendCorrection((state) => correctionDrafts(state, actor, correction, this.today));
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        this.note('refused', error.messageVi, error.messageEn);
        return;
      }
      const state = this.ledgerHandle!.state;
      const item = correction.kind === 'void' ? state.events.get(correction.event)?.item : correction.item;
      const said = correctionSaid(correction, state);
      this.note('saved', said.vi, said.en);
      this.model.askReason = this.model.askReason.filter((a) => a.item !== item);
      const row = item !== undefined && Object.hasOwn(binding.rows, item) ? binding.rows[item]! : null;
      if (row !== null) {
        await this.deps.host.apply(endOnPlanSheet(syncRowOps(await this.readRows(row, row), state, binding), binding, { row, item: item! }));
        await this.showHistory(row, item!);
      }
      this.refreshLedgerInfo();
    }, RECORDING);
  }

  /** Who records a correction (or issues a report), or null with the reason said (no name given: `noName`; a key that may not sign here). */
  private recorder(noName = { vi: 'Vui lòng nhập họ tên và đơn vị (ở trên) trước khi ghi nhận.', en: 'Please enter your name and unit (above) before recording.' }): Actor | null {
    const actor = this.model.actor;
    const refusal = actor ? this.keyRefusal() : noName;
    if (refusal) this.note('refused', refusal.vi, refusal.en);
    return refusal ? null : actor;
  }

  /**
   * Drafts appended at once; if another writer appended first, their events are taken in and the
   * drafts made again from the state that now holds them (a void names the entry it voids), once.
   */
  private async appendCorrection(draftsOf: (state: LedgerState) => EventDraft[]): Promise<void> {
    try {
      await this.ledgerHandle!.append(draftsOf(this.ledgerHandle!.state));
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      await this.openLedger();
      await this.ledgerHandle!.append(draftsOf(this.ledgerHandle!.state));
    }
  }

  /** The reason the pane asked for, when a done item's status was changed: the reopening recorded with it. */
  confirmReopen(item: string, reason: string): Promise<void> {
    const asked = this.model.askReason.find((a) => a.item === item);
    return asked ? this.correct({ kind: 'reopen', item, status: asked.status, reason }) : Promise.resolve();
  }

  /** The user does not mean to reopen after all: "Hoàn thành" goes back in the cell. */
  cancelReopen(item: string): Promise<void> {
    return this.run(async () => {
      const asked = this.model.askReason.find((a) => a.item === item);
      if (!asked || !this.ledgerHandle) return;
      this.model.askReason = this.model.askReason.filter((a) => a.item !== item);
      await this.deps.host.apply(syncRowOps(await this.readRows(asked.row, asked.row), this.ledgerHandle.state, this.model.binding!));
    });
  }

  /** Reads the edited plan table again and shows the revision it holds (items added, amended, withdrawn), recording nothing yet. */
  previewRevision(documentText: string): Promise<void> {
    return this.run(async () => {
      const ledger = this.ledgerHandle;
      const binding = this.model.binding;
      if (!ledger || !binding) return;
      const { preview } = await readRevision(this.deps.host, binding, ledger.state, documentText);
      this.model.revision = preview;
      if (!preview) this.note('info', 'Bảng không khác kế hoạch trong sổ: không có gì để ghi điều chỉnh.', 'The table matches the plan in the ledger: there is no revision to record.');
    }, { vi: 'Đang đọc lại bảng kế hoạch…', en: 'Reading the plan table again…' });
  }

  /**
   * Records the revision shown, as one `plan.revised` (as `cchc import` records an edited table),
   * unless the table changed since it was shown (then the new revision is shown instead); added
   * rows get their id, status and drop-down, and the binding follows every item's row.
   */
  confirmRevision(): Promise<void> {
    return this.run(async () => {
      const ledger = this.ledgerHandle;
      const binding = this.model.binding;
      const shown = this.model.revision;
      if (!ledger || !binding || !shown) return;
      const actor = this.recorder();
      if (!actor) return;
      const { preview, rows } = await readRevision(this.deps.host, binding, ledger.state, shown.documentText);
      if (!preview || JSON.stringify(preview.data) !== JSON.stringify(shown.data)) {
        this.model.revision = preview;
        this.note('info', 'Bảng đã thay đổi từ lúc xem: hãy xem lại điều chỉnh dưới đây trước khi ghi.', 'The table changed since it was shown: check the revision below again before recording.');
        return;
      }
      this.step('Đang ghi điều chỉnh vào sổ…', 'Recording the revision…');
      await this.appendCorrection(() => [{ type: 'plan.revised', actor, data: preview.data }]);
      const next = revisedBinding(binding, this.ledgerHandle!.state, preview.data, rows);
      await this.deps.host.apply(next.ops);
      this.model.binding = next.binding;
      this.model.revision = null;
      const { added, amended, withdrawn } = preview.data;
      this.note(
        'saved',
        `Đã ghi điều chỉnh, bổ sung kế hoạch: ${added.length} mục thêm, ${amended.length} mục sửa, ${withdrawn.length} mục rút.`,
        `Plan revision recorded: ${added.length} items added, ${amended.length} amended, ${withdrawn.length} withdrawn.`,
      );
      this.refreshLedgerInfo();
    }, { vi: 'Đang đọc lại bảng kế hoạch…', en: 'Reading the plan table again…', steps: 2 });
  }

  cancelRevision(): void {
    this.model.revision = null;
    this.publish();
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
    return this.run(() => this.findDrift(), CHECKING);
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
    this.model.drift = differencesOf(rows, ledger.state, this.model.binding!, this.coAuthored());
  }

  /**
   * Records every difference, marked as made outside the add-in (or by a co-author), in one read
   * and one write whatever the number of rows.
   */
  recordDrift(): Promise<void> {
    return this.run(
      async () => {
        const rows = this.model.drift.map((d) => d.row);
        if (rows.length === 0) return;
        const byCoAuthor = this.coAuthored();
        await this.captureRows(Math.min(...rows), Math.max(...rows), { originOf: (item, field) => (byCoAuthor.has(`${item}:${field}`) ? 'co-author' : 'outside-addin') });
        this.editedAway.clear();
        this.step('Kiểm tra lại bảng…', 'Checking the table again…');
        await this.findDrift();
        if (this.model.drift.length === 0) this.note('info', 'Đã ghi nhận các khác biệt vào sổ.', 'The differences were recorded in the ledger.');
      },
      { vi: `Đang ghi nhận ${this.model.drift.length} khác biệt vào sổ…`, en: `Recording ${this.model.drift.length} differences…`, steps: 2 },
    );
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
      this.editedAway.clear();
      await this.findDrift();
      this.note('info', 'Đã trả lại giá trị trong sổ cho các ô khác biệt.', 'The ledger’s values were put back.');
    });
  }

  // ---- the selected row, the dashboard -------------------------------------------------

  private readonly auditRows = new AuditRowsCache();
  /** Rows (1-based) of the latest selection not yet looked at: quick moves are looked at once, at the last. */
  private selectedRows: { from: number; to: number } | null = null;

  /**
   * The user selected cells: on the plan's table, the rows are compared with the ledger (a pick
   * from the drop-down that Excel on the web did not report is recorded as any edit is; rows a
   * co-author changed are left to the differences), and the top row's history is shown.
   */
  selectionChanged(selection: { sheet: string; sheetId: string; rect: CellRect }): Promise<void> {
    const binding = this.model.binding;
    if (!binding || this.model.phase !== 'bound') return Promise.resolve();
    if (binding.sheetId ? selection.sheetId !== binding.sheetId : selection.sheet !== binding.sheet) return Promise.resolve();
    const table = trackingBlock(binding, binding.firstRow, binding.lastRow);
    const rows = intersect(selection.rect, { ...table, col: 0, cols: table.col + table.cols });
    if (!rows) return Promise.resolve();
    const waiting = this.selectedRows !== null;
    this.selectedRows = { from: rows.row + 1, to: rows.row + rows.rows };
    if (waiting) return this.idle();
    return this.run(async () => {
      const { from, to } = this.selectedRows!;
      this.selectedRows = null;
      const ledger = this.ledgerHandle;
      if (!ledger) return;
      const read = await this.recheckRows(from, to);
      const item = read[0] ? itemOfRow(read[0], ledger.state, this.model.binding!) : null;
      await this.showHistory(from, item?.definition.id ?? null);
    }, CHECKING);
  }

  private focusCheckWaiting = false;
  /** Rows found on opening to have been edited while the add-in was not running, until the user records or restores them. */
  private readonly editedAway = new Set<number>();

  /**
   * The pane regained focus (the user comes back from the sheet): the whole tracking block is
   * re-checked as a selection re-checks its rows, for a drop-down pick Excel did not report.
   * Focus coming back again before the check ran asks for no second one.
   */
  paneFocused(): Promise<void> {
    const binding = this.model.binding;
    if (!binding || this.model.phase !== 'bound') return Promise.resolve();
    if (this.focusCheckWaiting) return this.idle();
    this.focusCheckWaiting = true;
    return this.run(async () => {
      this.focusCheckWaiting = false;
      const { firstRow, lastRow } = this.model.binding!;
      await this.recheckRows(firstRow, lastRow);
    }, CHECKING);
  }

  /**
   * Compares rows `from`..`to` with the ledger and records the rows that differ, as any edit is;
   * a row holding a co-author's change, or edited while the add-in was not running (found on
   * opening: the user records or restores them), is left alone. Returns the rows as read.
   */
  private async recheckRows(from: number, to: number): Promise<TrackingRow[]> {
    const read = await this.readRows(from, to);
    const differences = differencesOf(read, this.ledgerHandle!.state, this.model.binding!, this.coAuthored());
    const theirs = new Set([...differences.filter((d) => d.origin !== undefined).map((d) => d.row), ...this.editedAway]);
    const mine = new Set(differences.map((d) => d.row).filter((row) => !theirs.has(row)));
    if (mine.size > 0) await this.captureRows(from, to, { only: mine });
    return read;
  }

  /** Selects an item's row in the plan's sheet (from the dashboard's list) and shows its history. */
  selectItem(item: string): Promise<void> {
    return this.run(async () => {
      const binding = this.model.binding;
      const row = binding && Object.hasOwn(binding.rows, item) ? binding.rows[item]! : null;
      if (!binding || row === null) return;
      const width = Math.max(...Object.values(binding.columns));
      await this.deps.host.apply([
        { op: 'activate', sheet: binding.sheet },
        { op: 'select', sheet: binding.sheet, rect: { row: row - 1, col: 0, rows: 1, cols: width } },
      ]);
      await this.showHistory(row, item);
    });
  }

  private async showHistory(row: number, item: string | null): Promise<void> {
    const ledger = this.ledgerHandle;
    const definition = item && ledger ? ledger.state.items[item]?.definition : undefined;
    if (!ledger || !definition) {
      this.model.history = null;
      return;
    }
    const entries = historyOf(await this.auditRows.of(ledger), definition.id);
    this.model.history = { row, item: definition.id, numbering: definition.numbering, text: definition.activity ?? definition.text, entries };
  }

  /** The progress dashboard at `key` ("today", "Q1"…) of `year`, from what the ledger knows: no round trip to Excel. */
  dashboard(year: number, key: string): Dashboard | null {
    const state = this.ledgerHandle?.state;
    const period = dashboardPeriod(year, key, this.today);
    return state && period ? dashboardOf(state, period, this.model.binding?.rows ?? {}) : null;
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

  /**
   * Writes a read-only output sheet named `wanted`, unless a sheet of that name exists that the
   * add-in did not make (the user's own): then beside it, as "wanted (2)"… Sheets it makes are
   * remembered by id in the binding, so a rename of either never lets it overwrite the user's.
   */
  private async writeOutputSheet(wanted: string, ws: ExcelJS.Worksheet): Promise<string> {
    const binding = this.model.binding!;
    const sheets = await this.deps.host.sheets();
    const made = new Set((binding.madeSheets ?? []).map((m) => m.id));
    const free = (name: string) => {
      const sheet = sheets.find((s) => s.name === name);
      return !sheet || made.has(sheet.id);
    };
    let name = wanted;
    for (let n = 2; !free(name); n++) name = `${wanted} (${n})`;
    if (name !== wanted) {
      this.note(
        'info',
        `Trang "${wanted}" không do sổ theo dõi tạo nên được giữ nguyên; đã ghi vào trang "${name}".`,
        `The sheet "${wanted}" was not made by the ledger and is left as it is; written to "${name}" instead.`,
      );
    }
    await this.deps.host.apply(sheetOpsOf(ws, name, { protect: true }));
    if (!sheets.some((s) => s.name === name)) {
      const after = await this.deps.host.sheets();
      const id = after.find((s) => s.name === name)?.id;
      const kept = (binding.madeSheets ?? []).filter((m) => after.some((s) => s.id === m.id));
      const next: Binding = { ...this.model.binding!, madeSheets: [...kept, ...(id ? [{ id, name }] : [])] };
      await this.deps.host.apply(bindingOps(next));
      this.model.binding = next;
    }
    return name;
  }

  /** Rewrites the read-only progress sheet ("Theo dõi tiến độ") from the ledger, as of today. */
  refreshProgress(): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const state = await this.ledgerHandle.replayAt(this.now);
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addProgressSheet(workbook, state);
      this.step('Đang ghi trang vào bảng tính…', 'Writing the sheet into the workbook…');
      const name = await this.writeOutputSheet(PROGRESS_SHEET_NAME, sheet);
      this.note('info', `Đã cập nhật trang "${name}".`, `The sheet "${name}" is up to date.`);
    }, { vi: 'Đang dựng trang tiến độ từ sổ…', en: 'Building the progress sheet from the ledger…', steps: 2 });
  }

  /** Writes the audit trail sheet: every event, voided ones struck through, with the chain check. */
  writeAudit(): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const events = await this.events();
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addAuditTrailSheet(workbook, auditRows(events), { verification: await this.verification() });
      this.step('Đang ghi trang vào bảng tính…', 'Writing the sheet into the workbook…');
      const name = await this.writeOutputSheet(AUDIT_SHEET_NAME, sheet);
      this.note('info', `Đã ghi trang "${name}" (${events.length} ghi nhận).`, `The sheet "${name}" is written (${events.length} entries).`);
    }, { vi: 'Đang dựng nhật ký thay đổi từ sổ…', en: 'Building the audit trail from the ledger…', steps: 2 });
  }

  /** A read-only sheet of the plan as it stood on `date`, as the ledger knew it at the end of that day. */
  snapshot(date: IsoDate): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const now = this.now;
      const future = futureDateProblem(date, now.validAt);
      if (future) {
        this.note('refused', future.vi, future.en);
        return;
      }
      const endOfDay = endOfVietnamDay(date);
      const state = await this.ledgerHandle.replayAt({ validAt: date, knownAt: endOfDay < now.knownAt ? endOfDay : now.knownAt });
      const name = `Tại ngày ${formatVietnameseDate(date).replaceAll('/', '-')}`;
      const workbook = new ExcelJS.Workbook();
      const { sheet } = addProgressSheet(workbook, state, { name });
      this.step('Đang ghi trang vào bảng tính…', 'Writing the sheet into the workbook…');
      const written = await this.writeOutputSheet(name, sheet);
      this.note('info', `Đã tạo trang chụp "${written}" (chỉ đọc).`, `Snapshot sheet "${written}" made (read-only).`);
    }, { vi: 'Đang dựng trang chụp từ sổ…', en: 'Building the snapshot from the ledger…', steps: 2 });
  }

  /** What the period report `periodId` ("2022-Q1", "2022-H1" ...) is made from, as the ledger knows it now; null (said) for no period. */
  private async reportInput(periodId: string): Promise<{ input: PeriodReportInput; knownAt: string; fileName: string } | null> {
    const config = ReportConfig.parse({});
    const period = resolvePeriod(periodId, config);
    if (!period) {
      this.note('refused', `"${periodId}" không phải kỳ báo cáo (ví dụ 2022-Q1, 2022-H1, 2022-9M, 2022-Y).`, `"${periodId}" is not a period (such as 2022-Q1).`);
      return null;
    }
    const { knownAt } = this.now;
    const state = await this.ledgerHandle!.replayAt({ validAt: period.to, knownAt });
    const input = { state, events: await this.events(knownAt), period, config, verification: await this.verification() };
    return { input, knownAt, fileName: `Bao-cao-CCHC-${period.id}.xlsx` };
  }

  /** The period report workbook, handed to the user as a file. */
  makeReport(periodId: string): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const built = await this.reportInput(periodId);
      if (!built) return;
      this.deps.download?.(built.fileName, await periodReportBytes(built.input));
      this.note('info', `Đã tạo báo cáo ${built.fileName}.`, `Report ${built.fileName} made.`);
    });
  }

  /**
   * The period report opened as a new workbook in Excel (ExcelApi 1.8), beside this one; where this
   * Excel cannot, or refuses (a policy on file types, a blocked window), it is downloaded instead, and the pane says why.
   */
  openReport(periodId: string): Promise<void> {
    return this.run(async () => {
      if (!this.ledgerHandle) return;
      const built = await this.reportInput(periodId);
      if (!built) return;
      const bytes = await periodReportBytes(built.input);
      let why = 'Excel này không mở được bảng tính mới từ ngăn (cần ExcelApi 1.8)';
      let whyEn = 'this Excel cannot open a new workbook from the pane (ExcelApi 1.8 needed)';
      if (this.deps.host.capabilities.newWorkbook) {
        try {
          await this.deps.host.createWorkbook(bytes);
          this.note('info', `Đã mở báo cáo ${built.fileName} thành bảng tính mới (chưa lưu): hãy lưu bảng tính đó.`, `Report ${built.fileName} opened as a new workbook (not saved yet): please save it.`);
          return;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          [why, whyEn] = [`Excel không mở được bảng tính mới (${message})`, `Excel did not open a new workbook (${message})`];
        }
      }
      this.deps.download?.(built.fileName, bytes);
      this.note('info', `${why}; báo cáo đã được tải xuống: ${built.fileName}.`, `${whyEn}; the report was downloaded instead: ${built.fileName}.`);
    });
  }

  /**
   * Issues the period report: its workbook and Word document are handed over (downloads) and
   * anchored in the ledger by one `report.issued` holding their SHA-256 and the ledger's head, built
   * as `cchc report --anchor` builds it (templates/reports/report-issued.ts).
   */
  anchorReport(periodId: string): Promise<void> {
    return this.run(async () => {
      const ledger = this.ledgerHandle;
      if (!ledger) return;
      const actor = this.recorder({ vi: 'Vui lòng nhập họ tên và đơn vị (người phát hành) trước khi phát hành báo cáo.', en: 'Please enter your name and unit (who issues it) before issuing the report.' });
      if (!actor) return;
      const built = await this.reportInput(periodId);
      if (!built) return;
      const issued = await issuedReport(built.input, built.knownAt, built.fileName);
      this.deps.download?.(issued.workbook.name, issued.workbook.bytes);
      this.deps.download?.(issued.document.name, issued.document.bytes);
      const [event] = await ledger.append({ type: 'report.issued', actor, data: issued.anchor });
      const anchor = `${event!.seq}:${event!.hash}`;
      this.note(
        'saved',
        `Đã phát hành báo cáo ${issued.anchor.period} (${issued.workbook.name}, ${issued.document.name}) và ghi mốc vào sổ, ghi nhận số ${event!.seq}. Gửi đúng hai tệp vừa tải; mốc để kiểm tra: ${anchor}.`,
        `Report ${issued.anchor.period} issued (${issued.workbook.name}, ${issued.document.name}) and anchored in the ledger, entry ${event!.seq}. Send exactly the two files just downloaded; the anchor to check: ${anchor}.`,
      );
      this.refreshLedgerInfo();
    }, { vi: 'Đang lập và phát hành báo cáo kỳ…', en: 'Making and issuing the period report…' });
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

interface CaptureOptions {
  originOf?: (item: string, field: RecordedField) => Origin | undefined;
  relist?: boolean;
  /** Only these rows (1-based) of the range are judged and written; the others are left as they are. */
  only?: ReadonlySet<number>;
}

/**
 * A recording's closing write: the ledger sheet's rows held for it, then `tidy`, ending on the
 * plan's sheet (undo-order.ts); `recorded` is the row and item of the last entry recorded, if any.
 */
type CloseRecording = (tidy: SheetOp[], recorded: { row: number; item: string } | null) => Promise<void>;

const WORKING = { vi: 'Đang xử lý…', en: 'Working…' };
const RECORDING = { vi: 'Đang ghi nhận thay đổi vào sổ…', en: 'Recording the change…' };
const CHECKING = { vi: 'Đang so bảng với sổ…', en: 'Comparing the table with the ledger…' };

/** A row that holds no tracked item (a section's or a task's title) where tracking cells were filled: said, then emptied. */
function notAnItem(row: TrackingRow): Refusal[] {
  const field = RECORDED_FIELDS.find((f) => cellString(row.cells[f]) !== '');
  if (!field) return [];
  return [
    {
      row: row.row,
      item: '',
      numbering: '',
      field,
      typed: cellString(row.cells[field]),
      vi: `Dòng ${row.row} không phải một mục theo dõi (dòng tên phần hoặc nhiệm vụ): không ghi nhận, ô đã được xóa. Hãy ghi ở dòng của mục theo dõi.`,
      en: `Row ${row.row} is not a tracked item (a section or task title): nothing recorded, the cell was emptied. Record on the item's own row.`,
    },
  ];
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
