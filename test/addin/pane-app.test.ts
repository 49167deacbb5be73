import { describe, expect, it } from 'vitest';
import { BINDING_SHEET } from '../../addin/app/binding.ts';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost, cellOf } from '../../addin/excel/memory-host.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import type { EventStore } from '../../ledger/store.ts';
import { loadWorkbook } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { boundPane, computer, fixtureWorkbook, openPane, settle } from './pane-harness.ts';

describe('binding the Gia Lai appendix', () => {
  it('shows what it read before writing anything, then imports and adds the tracking columns', async () => {
    const host = new MemoryHost(await fixtureWorkbook());
    const pc = computer();
    const app = await openPane(host, pc);
    expect(app.model.phase).toBe('unbound');
    app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở');
    await app.readTable();
    expect(app.model.phase).toBe('previewing');
    const preview = app.model.preview!;
    expect(preview.read.counts).toMatchObject({ sections: 7, tasks: 24, items: 35 });
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)).toBeUndefined();

    await app.importPlan();
    expect(app.model.notes[0]?.kind).toBe('saved');
    expect(app.model.phase).toBe('bound');
    const binding = app.model.binding!;
    const sheet = host.workbook.sheet(binding.sheet)!;
    const header = Math.min(...binding.headerRows) - 1;
    expect(cellOf(sheet, header, binding.columns.status - 1)).toBe('Trạng thái');
    expect(cellOf(sheet, header, binding.columns.completedOn - 1)).toBe('Ngày hoàn thành');
    expect(cellOf(sheet, header, binding.columns.evidence - 1)).toBe('Tài liệu kiểm chứng');
    expect(cellOf(sheet, header, binding.columns.ref - 1)).toBe('Mã');
    expect(Object.keys(binding.rows)).toHaveLength(35);
    for (const [id, row] of Object.entries(binding.rows)) {
      expect(cellOf(sheet, row - 1, binding.columns.ref - 1)).toBe(id);
      expect(cellOf(sheet, row - 1, binding.columns.status - 1)).toBe('Chưa thực hiện');
    }
    expect(sheet.validations[0]?.choices).toEqual(['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành', 'Tạm dừng']);
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)?.visibility).toBe('veryHidden');
    expect(host.workbook.sheet(BINDING_SHEET)?.visibility).toBe('veryHidden');
    // The events (the importer's key enrolled, then the plan) reached this computer's copy as well as the workbook.
    expect([...pc.locals.values()][0]).toBeDefined();
    expect((await [...pc.locals.values()][0]!.head()).seq).toBe(2);
  });
});

describe('capturing edits', () => {
  it('records a status picked from the list, with the completion date and evidence typed beside it', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const at = (field: keyof typeof binding.columns) => cellAddress(row - 1, binding.columns[field] - 1);
    expect(host.userEdit(binding.sheet, at('status'), [['Hoàn thành']])).toBe(true);
    await settle(app);
    // No date typed: the pane asks for it, today suggested; confirmed as suggested.
    expect(app.model.askDate.map((a) => [a.item, a.suggested])).toEqual([[id, '2022-06-20']]);
    await app.confirmDone(id, '2022-06-20');
    expect(app.ledger!.state.items[id]?.status).toBe('done');
    expect(app.ledger!.state.items[id]?.completedOn).toBe('2022-06-20');
    host.userEdit(binding.sheet, at('completedOn'), [['15/06/2022']]);
    await settle(app);
    expect(app.ledger!.state.items[id]?.completedOn).toBe('2022-06-15');
    host.userEdit(binding.sheet, at('evidence'), [['Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022']]);
    await settle(app);
    expect(app.ledger!.state.items[id]?.evidence[0]?.document).toMatchObject({ kind: 'Kế hoạch', number: '12/KH-SGDĐT', date: '2022-06-10' });
    expect(app.model.notes.filter((n) => n.kind === 'refused')).toEqual([]);
  });

  it('refuses a value that is no status, a date in the future; asks the reason for a reopening without one; puts the cell back and keeps what was typed', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [[idA, rowA], [idB, rowB]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    const status = binding.columns.status - 1;
    host.userEdit(binding.sheet, cellAddress(rowA - 1, status), [['xong rồi']], { paste: true });
    await settle(app);
    expect(cellOf(sheet, rowA - 1, status)).toBe('Chưa thực hiện');
    const refused = app.model.notes.find((n) => n.kind === 'refused')!;
    expect(refused.typed).toBe('xong rồi');
    expect(refused.vi).toContain('không phải một trạng thái');

    host.userEdit(binding.sheet, cellAddress(rowB - 1, status), [['Hoàn thành', '01/01/2030']], { paste: true });
    await settle(app);
    expect(app.ledger!.state.items[idB]?.status).toBe('not_started');
    expect(app.model.notes.map((n) => n.vi).join(' ')).toContain('ở tương lai');
    expect(cellOf(sheet, rowB - 1, status)).toBe('Chưa thực hiện');
    expect(cellOf(sheet, rowB - 1, status + 1)).toBeNull();

    host.userEdit(binding.sheet, cellAddress(rowA - 1, status), [['Hoàn thành', '10/06/2022']], { paste: true });
    await settle(app);
    host.userEdit(binding.sheet, cellAddress(rowA - 1, status), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[idA]?.status).toBe('done');
    expect(app.model.askReason.map((a) => a.item)).toEqual([idA]);
    // With the reason pasted beside it, the reopening goes in.
    const note = binding.columns.progressNote - 1;
    const values = Array.from({ length: note - status + 1 }, () => null as string | null);
    values[0] = 'Đang thực hiện';
    values[binding.columns.completedOn - 1 - status] = null;
    values[note - status] = 'Sở Nội vụ yêu cầu bổ sung báo cáo';
    const evidenceCol = binding.columns.evidence - 1 - status;
    if (evidenceCol > 0 && evidenceCol < values.length) values[evidenceCol] = null;
    host.userEdit(binding.sheet, cellAddress(rowA - 1, status), [values], { paste: true });
    await settle(app);
    expect(app.ledger!.state.items[idA]?.status).toBe('in_progress');
    expect(app.model.askReason).toEqual([]);
  });

  it('does not record a co-author’s edit as this user’s, nor its own writes', async () => {
    const { host, app, binding } = await boundPane();
    const before = app.ledger!.state.count;
    const [, row] = Object.entries(binding.rows)[2]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']], { source: 'Remote' });
    await settle(app);
    expect(app.ledger!.state.count).toBe(before);
  });

  it('handles one edit in a fixed number of round trips', async () => {
    const { host, app, binding } = await boundPane();
    const [, row] = Object.entries(binding.rows)[3]!;
    const before = host.syncs;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(host.syncs - before).toBeLessThanOrEqual(10);
  });
});

describe('reopening', () => {
  it('finds cells edited while the pane was closed; records them as made outside the add-in, or puts the ledger back', async () => {
    const { host, pc, app, binding, sheet } = await boundPane();
    await app.stop();
    const [[idA, rowA], [, rowB]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    host.userEdit(binding.sheet, cellAddress(rowA - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    host.userEdit(binding.sheet, cellAddress(rowB - 1, binding.columns.progressNote - 1), [['Đã họp triển khai']]);

    const reopened = await openPane(host, pc);
    expect(reopened.model.phase).toBe('bound');
    expect(reopened.model.drift.map((d) => [d.row, d.field, d.inSheet, d.inLedger])).toEqual([
      [rowA, 'status', 'Đang thực hiện', 'Chưa thực hiện'],
      [rowB, 'progressNote', 'Đã họp triển khai', ''],
    ]);
    await reopened.recordDrift();
    expect(reopened.model.drift).toEqual([]);
    const entry = reopened.ledger!.state.items[idA]!.statuses.at(-1)!;
    expect(entry).toMatchObject({ status: 'in_progress', origin: 'outside-addin' });

    await reopened.stop();
    host.userEdit(binding.sheet, cellAddress(rowA - 1, binding.columns.status - 1), [['Tạm dừng']]);
    const third = await openPane(host, pc);
    expect(third.model.drift).toHaveLength(1);
    await third.restoreDrift();
    expect(cellOf(sheet, rowA - 1, binding.columns.status - 1)).toBe('Đang thực hiện');
    expect(third.model.drift).toEqual([]);
  });

  it('writes back events this computer saved when the workbook was closed without saving', async () => {
    const { host, pc, app, binding } = await boundPane();
    const [, row] = Object.entries(binding.rows)[0]!;
    const ledgerSheet = host.workbook.sheet(LEDGER_SHEET_NAME)!;
    const saved = ledgerSheet.values.map((r) => [...(r ?? [])]);
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    await app.stop();
    // The workbook as last saved: the ledger sheet without the last event, the cell as it was.
    ledgerSheet.values = saved;
    host.workbook.sheet(binding.sheet)!.values[row - 1]![binding.columns.status - 1] = 'Chưa thực hiện';
    const reopened = await openPane(host, pc);
    expect(reopened.model.copies?.restoredToSheet).toBe(1);
    expect(reopened.ledger!.state.count).toBe(3);
    expect(reopened.model.drift.map((d) => d.field)).toEqual(['status']);
  });
});

describe('outputs', () => {
  it('writes the progress, audit and snapshot sheets read-only, makes the period report, verifies the chain', async () => {
    const { host, app, binding } = await boundPane();
    const downloads: Array<{ name: string; bytes: Uint8Array }> = [];
    (app as unknown as { deps: { download: (name: string, bytes: Uint8Array) => void } }).deps.download = (name, bytes) => downloads.push({ name, bytes });
    const [id, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành', '10/06/2022']], { paste: true });
    await settle(app);

    const before = host.syncs;
    await app.refreshProgress();
    const progressSyncs = host.syncs - before;
    const progress = host.workbook.sheet('Theo dõi tiến độ')!;
    expect(progress.protected).toBe(true);
    const texts = progress.values.flat().filter((v): v is string => typeof v === 'string');
    expect(texts).toContain('Hoàn thành');
    expect(texts.some((t) => t.includes(app.ledger!.state.items[id]!.definition.text.slice(0, 20)))).toBe(true);
    expect(progress.merges.length).toBeGreaterThan(0);
    // The ledger sheet's head checked (the state is projected from what the ledger knows), the sheet list, one apply (sheet
    // list, one batch); the first time also the new sheet's id and the binding that remembers it (3 more).
    expect(progressSyncs).toBe(8);

    const again = host.syncs;
    await app.refreshProgress();
    expect(host.syncs - again).toBe(5);
    expect(host.workbook.sheets.filter((s) => s.name === 'Theo dõi tiến độ')).toHaveLength(1);

    await app.writeAudit();
    const audit = host.workbook.sheet('Nhật ký thay đổi')!;
    expect(audit.protected).toBe(true);
    expect(audit.values.flat().filter((v) => typeof v === 'string' && v.includes('Nguyễn Thị Lan')).length).toBeGreaterThanOrEqual(2);

    await app.snapshot('2022-06-01');
    const snap = host.workbook.sheet('Tại ngày 01-06-2022')!;
    expect(snap.protected).toBe(true);
    // On 01/06 the item was not done yet.
    expect(snap.values.flat()).not.toContain('Hoàn thành');

    await app.makeReport('2022-H1');
    expect(downloads.map((d) => d.name)).toEqual(['Bao-cao-CCHC-2022-H1.xlsx']);
    const report = await loadWorkbook(downloads[0]!.bytes);
    expect(report.worksheets.length).toBeGreaterThan(2);

    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 3 });
    expect(app.model.notes.filter((n) => n.kind === 'error')).toEqual([]);
  });
});

describe('what the pane must not do', () => {
  it('records nothing for its own writes, even when Excel reports them', async () => {
    const host = new MemoryHost(await fixtureWorkbook(), { echoOwnWrites: true });
    const pc = computer();
    const app = await openPane(host, pc);
    app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở');
    await app.readTable();
    await app.importPlan();
    await app.refreshProgress();
    await settle(app);
    expect(app.ledger!.state.count).toBe(2);
    expect(app.model.notes.filter((n) => n.kind === 'refused' || n.kind === 'error')).toEqual([]);
  });

  it('says nothing is saved, and writes nothing to the workbook, when this computer’s copy cannot be written', async () => {
    const { host, app, binding } = await boundPane();
    const local = (app as unknown as { store: { local: EventStore } }).store.local;
    local.append = async () => {
      throw new Error('QuotaExceededError: the disk is full');
    };
    const before = host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length;
    const [id, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[id]?.status).toBe('not_started');
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(before);
    expect(app.model.notes[0]).toMatchObject({ kind: 'error' });
    expect(app.model.notes.some((n) => n.kind === 'saved' && n.vi.includes('Đang thực hiện'))).toBe(false);
  });

  it('follows its rows when rows are inserted above them by hand', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [id, row] = Object.entries(binding.rows).at(-1)!;
    // Two blank rows inserted above the last item.
    sheet.values.splice(row - 1, 0, [], []);
    await app.handleChange({ sheet: binding.sheet, sheetId: sheet.id, address: `${row}:${row + 1}`, rect: null, source: 'Local', byThisAddin: false, changeType: 'RowInserted' });
    expect(app.model.binding!.rows[id]).toBe(row + 2);
    expect(app.model.drift).toEqual([]);
    host.userEdit(binding.sheet, cellAddress(row + 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[id]?.status).toBe('in_progress');
    // The binding kept in the workbook follows too.
    const reopened = await openPane(host, computer());
    expect(reopened.model.binding!.rows[id]).toBe(row + 2);
  });
});
