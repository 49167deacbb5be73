/**
 * Office.js realities of issue 14 driven over the stand-in host: loading with the workbook
 * (shared runtime), re-checking when the pane regains focus, undo order, the report as a workbook.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryWorkbookToXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { runCli } from '../support/run-cli.ts';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost } from '../../addin/excel/memory-host.ts';
import type { StartupControl } from '../../addin/excel/host.ts';
import { NOW, boundPane, computer, fixtureWorkbook, openPane, settle } from './pane-harness.ts';

/** A stand-in for Office's start-up setting that counts what it is asked. */
function startupControl(fail = false) {
  const calls: string[] = [];
  const control: StartupControl = {
    loadWithDocument: async () => {
      calls.push('load');
      if (fail) throw new Error('GeneralException');
    },
  };
  return { control, calls };
}

/** Office's start-up setting, granted: the pane as Excel with the shared runtime opens it. */
const inOffice = () => ({ startup: startupControl().control });

describe('capture does not depend on the pane being open (shared runtime)', () => {
  it('asks Office to load the add-in with the workbook once it is bound, and again on each opening, not before', async () => {
    const startup = startupControl();
    const host = new MemoryHost(await fixtureWorkbook());
    const pc = computer();
    const app = await openPane(host, pc, { startup: startup.control });
    expect(app.model.phase).toBe('unbound');
    expect(startup.calls).toEqual([]);
    app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở Giáo dục và Đào tạo');
    await app.readTable();
    await app.importPlan();
    expect(startup.calls).toEqual(['load']);
    await app.stop();

    const again = startupControl();
    const reopened = await openPane(host, pc, { startup: again.control });
    expect(reopened.model.phase).toBe('bound');
    expect(again.calls).toEqual(['load']);
    expect(reopened.model.notes.filter((n) => n.kind === 'error')).toEqual([]);
  });

  it('says so in an Excel without the shared runtime, and when Office refuses the setting', async () => {
    const { app } = await boundPane({ startup: null });
    expect(app.model.notes.map((n) => n.vi).join('\n')).toContain('SharedRuntime 1.1');
    const failing = startupControl(true);
    const { app: refused } = await boundPane({ startup: failing.control });
    const error = refused.model.notes.find((n) => n.kind === 'error')!;
    expect(error.vi).toContain('tự chạy');
    expect(error.en).toContain('GeneralException');
  });

  it('says on opening how many cells were edited while the add-in was not running', async () => {
    const { host, pc, app, binding } = await boundPane(inOffice());
    await app.stop();
    const rows = Object.values(binding.rows).slice(0, 2);
    for (const row of rows) host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.progressNote - 1), [['Đã họp triển khai']]);
    const reopened = await openPane(host, pc, inOffice());
    await settle(reopened);
    expect(reopened.model.drift).toHaveLength(2);
    const note = reopened.model.notes.find((n) => n.vi.includes('sửa khi phần bổ trợ không chạy'))!;
    expect(note.vi).toMatch(/^2 ô/);
    expect(note.en).toContain('edited while the add-in was not running');
  });
});

describe('the tracking block is re-checked when the pane regains focus', () => {
  it('records a drop-down pick Excel did not report when focus comes back, in one path with the selection re-check, leaving a co-author’s row', async () => {
    const { host, app, binding } = await boundPane(inOffice());
    const [first, firstRow] = Object.entries(binding.rows)[0]!;
    const [second, secondRow] = Object.entries(binding.rows)[1]!;
    const status = (row: number) => cellAddress(row - 1, binding.columns.status - 1);
    host.userPickUnreported(binding.sheet, status(firstRow), 'Đang thực hiện');
    host.userEdit(binding.sheet, status(secondRow), [['Tạm dừng']], { source: 'Remote' });
    await settle(app);
    const mark = host.syncs;
    await app.paneFocused();
    expect(app.ledger!.state.items[first]?.status).toBe('in_progress');
    // Recorded as this user's own edit, with no origin mark.
    expect(app.ledger!.state.items[first]?.statuses.at(-1)?.origin).toBeUndefined();
    // The co-author's cell is theirs: not recorded under this user's name, still listed.
    expect(app.ledger!.state.items[second]).toMatchObject({ status: 'not_started', statuses: [] });
    await app.checkDrift();
    expect(app.model.drift.map((d) => [d.item, d.origin])).toEqual([[second, 'co-author']]);
    expect(host.syncs - mark).toBeGreaterThan(0);
  });

  it('leaves the cells edited while the add-in was not running to the differences list (recorded or restored by the user, marked as such)', async () => {
    const { host, pc, app, binding } = await boundPane(inOffice());
    await app.stop();
    const [first, firstRow] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(firstRow - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    const reopened = await openPane(host, pc);
    const count = reopened.ledger!.state.count;
    await reopened.paneFocused();
    host.userSelect(binding.sheet, cellAddress(firstRow - 1, binding.columns.status - 1));
    await settle(reopened);
    expect(reopened.ledger!.state.count).toBe(count);
    expect(reopened.model.drift.map((d) => d.item)).toEqual([first]);
    await reopened.recordDrift();
    expect(reopened.ledger!.state.items[first]?.statuses.at(-1)?.origin).toBe('outside-addin');
  });

  it('costs one read when nothing changed, and focus coming back twice before the check asks for one check', async () => {
    const { host, app } = await boundPane(inOffice());
    const mark = host.syncs;
    await app.paneFocused();
    expect(host.syncs - mark).toBe(1);
    const again = host.syncs;
    await Promise.all([app.paneFocused(), app.paneFocused()]);
    expect(host.syncs - again).toBe(1);
  });

  it('is wired to the window’s focus and to the page becoming visible again', async () => {
    const { recheckOnFocus } = await import('../../addin/taskpane/focus-recheck.ts');
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' as DocumentVisibilityState });
    let checks = 0;
    recheckOnFocus({ paneFocused: async () => void checks++ }, win as unknown as Window, doc as unknown as Document);
    win.dispatchEvent(new Event('focus'));
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(checks).toBe(1);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(checks).toBe(2);
  });
});

/** Records the sheets written, in order (a recording writes the ledger sheet and the plan's in one batch): writes in a row to one sheet count once. */
class UndoOrderHost extends MemoryHost {
  readonly writes: string[][] = [];
  override async apply(ops: Parameters<MemoryHost['apply']>[0]): Promise<void> {
    for (const op of ops) if (op.op === 'write' && this.writes.at(-1)?.[0] !== op.sheet) this.writes.push([op.sheet]);
    return super.apply(ops);
  }
}

describe('undo: the last write of a recording is on the plan’s sheet, never the hidden ledger sheet', () => {
  it('a note typed as the ledger shows it (no tidying needed), a pick found on selection, a date given in the pane, differences recorded on reopening', async () => {
    const host = new UndoOrderHost(await fixtureWorkbook());
    const { pc, app, binding } = await boundPane({ host });
    const [first, firstRow] = Object.entries(binding.rows)[0]!;
    const [, secondRow] = Object.entries(binding.rows)[1]!;
    const at = (row: number, field: 'status' | 'progressNote') => cellAddress(row - 1, binding.columns[field] - 1);
    const lastWrite = () => host.writes.at(-1);

    const before = app.ledger!.state.count;
    host.writes.length = 0;
    host.userEdit(binding.sheet, at(firstRow, 'progressNote'), [['Đã họp triển khai']]);
    await settle(app);
    expect(app.ledger!.state.count).toBe(before + 1);
    expect(host.writes.map((w) => w.includes('_cchc_ledger'))).toContain(true);
    expect(lastWrite()).toEqual([binding.sheet]);
    // The closing write is the recorded row's own "Mã", unchanged.
    expect(host.workbook.sheet(binding.sheet)!.values[firstRow - 1]![binding.columns.ref - 1]).toBe(first);

    host.writes.length = 0;
    host.userPickUnreported(binding.sheet, at(secondRow, 'status'), 'Đang thực hiện');
    host.userSelect(binding.sheet, at(secondRow, 'status'));
    await settle(app);
    expect(host.writes.at(-2)).toEqual(['_cchc_ledger']);
    expect(lastWrite()).toEqual([binding.sheet]);

    host.writes.length = 0;
    host.userEdit(binding.sheet, at(firstRow, 'status'), [['Hoàn thành']]);
    await settle(app);
    expect(app.model.askDate.map((a) => a.item)).toEqual([first]);
    await app.confirmDone(first, '2022-06-15');
    expect(app.ledger!.state.items[first]?.status).toBe('done');
    expect(lastWrite()).toEqual([binding.sheet]);

    await app.stop();
    host.userEdit(binding.sheet, at(secondRow, 'progressNote'), [['Chờ ý kiến Sở Nội vụ']]);
    const reopened = await openPane(host, pc);
    host.writes.length = 0;
    await reopened.recordDrift();
    expect(reopened.model.drift).toEqual([]);
    expect(host.writes.at(-2)).toEqual(['_cchc_ledger']);
    expect(lastWrite()).toEqual([binding.sheet]);
  });
});

describe('undo reaching the hidden ledger sheet', () => {
  it('loses nothing: the next recording finds the sheet behind, writes this computer’s entries back, then records', async () => {
    const { host, app, binding } = await boundPane(inOffice());
    const [first, firstRow] = Object.entries(binding.rows)[0]!;
    const note = cellAddress(firstRow - 1, binding.columns.progressNote - 1);
    host.userEdit(binding.sheet, note, [['Đã họp triển khai']]);
    await settle(app);
    const recorded = app.ledger!.state.count;
    // Ctrl+Z pressed back to the ledger sheet's write: its last row is gone from the workbook.
    const ledgerSheet = host.workbook.sheet('_cchc_ledger')!;
    ledgerSheet.values = ledgerSheet.values.slice(0, -1);
    host.userEdit(binding.sheet, note, [['Đã họp triển khai; chờ báo cáo']]);
    await settle(app);
    expect(app.model.notes.filter((n) => n.kind === 'error')).toEqual([]);
    expect(app.ledger!.state.count).toBe(recorded + 1);
    expect(app.ledger!.state.items[first]?.notes.map((n) => n.note)).toEqual(['Đã họp triển khai', 'Đã họp triển khai; chờ báo cáo']);
    expect(host.workbook.sheet('_cchc_ledger')!.values.length - 1).toBe(recorded + 1);
  });
});

describe('the period report from the pane: as a new workbook, and issued with its anchor', () => {
  /** A bound pane whose downloads are kept; over a host that cannot open a new workbook when `newWorkbook` is false. */
  async function reportPane(options: { newWorkbook?: boolean; clock?: () => Date } = {}) {
    const host = new MemoryHost(await fixtureWorkbook());
    if (options.newWorkbook === false) host.capabilities.newWorkbook = false;
    const downloads: Array<{ name: string; bytes: Uint8Array }> = [];
    const bound = await boundPane({ host, download: (name, bytes) => void downloads.push({ name, bytes }), ...(options.clock && { clock: options.clock }) });
    return { ...bound, downloads };
  }

  it('opens the report as a new workbook (ExcelApi 1.8): the same file the download gives', async () => {
    const { host, app, downloads } = await reportPane();
    await app.openReport('2022-H1');
    expect(downloads).toEqual([]);
    expect(host.createdWorkbooks).toHaveLength(1);
    await app.makeReport('2022-H1');
    expect(downloads.map((d) => d.name)).toEqual(['Bao-cao-CCHC-2022-H1.xlsx']);
    expect(host.createdWorkbooks[0]).toEqual(downloads[0]!.bytes);
    expect(app.model.notes[1]!.vi).toContain('bảng tính mới');
  });

  it('downloads it instead, saying why, where Excel cannot open a new workbook or refuses to', async () => {
    const older = await reportPane({ newWorkbook: false });
    await older.app.openReport('2022-H1');
    expect(older.host.createdWorkbooks).toEqual([]);
    expect(older.downloads.map((d) => d.name)).toEqual(['Bao-cao-CCHC-2022-H1.xlsx']);
    expect(older.app.model.notes[0]!.vi).toContain('ExcelApi 1.8');

    const refusing = await reportPane();
    refusing.host.createWorkbook = async () => {
      throw new Error('This operation is not allowed due to the extension hardening policy.');
    };
    await refusing.app.openReport('2022-H1');
    expect(refusing.downloads.map((d) => d.name)).toEqual(['Bao-cao-CCHC-2022-H1.xlsx']);
    expect(refusing.app.model.notes[0]!.en).toContain('extension hardening');
  });

  it('issues the report: both files handed over and anchored by one report.issued, as cchc report --anchor builds it; cchc verify checks the anchor on the saved file', async () => {
    let tick = 0;
    const { host, app, downloads } = await reportPane({ clock: () => new Date(NOW.getTime() + 1000 * tick++) });
    const head = app.ledger!.state.head;
    await app.anchorReport('2022-H1');
    expect(app.model.notes.filter((n) => n.kind === 'error' || n.kind === 'refused')).toEqual([]);
    expect(downloads.map((d) => d.name)).toEqual(['Bao-cao-CCHC-2022-H1.xlsx', 'Bao-cao-CCHC-2022-H1.docx']);
    const events: LedgerEvent[] = [];
    for await (const event of app.ledger!.events()) events.push(event);
    const issued = events.at(-1)!;
    if (issued.type !== 'report.issued') throw new Error(`last event is ${issued.type}`);
    const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(issued.data).toMatchObject({
      period: '2022-H1',
      head: { seq: head.seq, hash: head.hash },
      file: { name: 'Bao-cao-CCHC-2022-H1.xlsx', sha256: sha(downloads[0]!.bytes) },
      document: { name: 'Bao-cao-CCHC-2022-H1.docx', sha256: sha(downloads[1]!.bytes) },
    });
    expect(app.model.notes[0]!.vi).toContain(`${issued.seq}:${issued.hash}`);

    // The saved workbook: `cchc report` at the same moment gives the same two files; `cchc verify --anchor` checks the anchor.
    const dir = mkdtempSync(join(tmpdir(), 'cchc-pane-report-'));
    const book = join(dir, 'book.xlsx');
    writeFileSync(book, await memoryWorkbookToXlsx(host.workbook));
    const report = runCli(['report', book, '--period', '2022-H1', '--known-at', issued.data.knownAt, '--out', join(dir, 'Bao-cao-CCHC-2022-H1.xlsx')]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(`SHA-256 ${issued.data.file.sha256}`);
    expect(report.stdout).toContain(`SHA-256 ${issued.data.document!.sha256}`);
    // The anchor the pane's note gives (the report.issued entry), and the head printed on the report's cover.
    for (const anchor of [`${issued.seq}:${issued.hash}`, `${issued.data.head.seq}:${issued.data.head.hash}`]) {
      const verified = runCli(['verify', book, '--anchor', anchor]);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toContain('Khớp mốc');
    }
  }, 120_000);

  it('issues nothing for someone not named, nor with a key the signed ledger does not know', async () => {
    const { app, downloads, host } = await reportPane();
    const count = app.ledger!.state.count;
    await app.stop();
    const stranger = await openPane(host, computer(), { download: (name, bytes) => void downloads.push({ name, bytes }) });
    await stranger.anchorReport('2022-H1');
    expect(stranger.model.notes[0]!.vi).toContain('họ tên');
    stranger.setActor('Trần Văn B', 'Sở Nội vụ');
    await stranger.anchorReport('2022-H1');
    expect(stranger.model.notes[0]!.kind).toBe('refused');
    expect(stranger.model.notes[0]!.vi).toContain('chưa được đăng ký');
    expect(stranger.ledger!.state.count).toBe(count);
    expect(downloads).toEqual([]);
  });
});
