/**
 * The add-in's defects of issue 14, each driven over the stand-in host as a civil servant would
 * meet it: every test here failed before its fix.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryWorkbookToXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { runCli } from '../support/run-cli.ts';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost, cellOf, type MemorySheet } from '../../addin/excel/memory-host.ts';
import { auditRows } from '../../templates/reports/audit-rows.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { PaneApp } from '../../addin/app/pane-app.ts';
import { boundPane, computer, fixtureWorkbook, openPane, settle } from './pane-harness.ts';

type Field = 'status' | 'completedOn' | 'evidence' | 'progressNote' | 'ref';

function texts(sheet: MemorySheet): string[] {
  return sheet.values.flat().filter((v): v is string => typeof v === 'string');
}

async function eventsOf(app: PaneApp): Promise<LedgerEvent[]> {
  const out: LedgerEvent[] = [];
  for await (const event of app.ledger!.events()) out.push(event);
  return out;
}

describe('defect 2: a sheet the add-in did not make is never overwritten', () => {
  it('writes the progress sheet, audit trail and snapshot beside the user’s own sheets of those names, and rewrites only its own', async () => {
    const { host, app } = await boundPane();
    for (const name of ['Theo dõi tiến độ', 'Nhật ký thay đổi', 'Tại ngày 01-06-2022']) {
      host.workbook.addSheet(name).values = [['Bảng của tôi, đừng xóa']];
    }
    await app.refreshProgress();
    await app.writeAudit();
    await app.snapshot('2022-06-01');
    for (const name of ['Theo dõi tiến độ', 'Nhật ký thay đổi', 'Tại ngày 01-06-2022']) {
      expect(texts(host.workbook.sheet(name)!)).toEqual(['Bảng của tôi, đừng xóa']);
    }
    const made = host.workbook.sheets.filter((s) => s.protected).map((s) => s.name);
    expect(made).toHaveLength(3);
    expect(made.every((name) => /\(\d\)$/.test(name))).toBe(true);
    expect(app.model.notes.map((n) => n.vi).join('\n')).toContain('"Theo dõi tiến độ" không do sổ theo dõi tạo');

    // Again: the add-in's own sheets are rewritten, no further sheet is made.
    const count = host.workbook.sheets.length;
    await app.refreshProgress();
    await app.writeAudit();
    expect(host.workbook.sheets.length).toBe(count);
    // Its own sheet renamed by the user is still its own: rewritten under the new name's place is not needed, the name is free again.
  });
});

describe('defect 3: reopening a done task with the reason written first', () => {
  it('takes the note written before the status as the reason', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const at = (field: Field) => cellAddress(row - 1, binding.columns[field] - 1);
    host.userEdit(binding.sheet, at('status'), [['Hoàn thành', '10/06/2022']], { paste: true });
    await settle(app);
    expect(app.ledger!.state.items[id]?.status).toBe('done');
    host.userEdit(binding.sheet, at('progressNote'), [['Sở Nội vụ yêu cầu bổ sung báo cáo']]);
    await settle(app);
    host.userEdit(binding.sheet, at('status'), [['Đang thực hiện']]);
    await settle(app);
    expect(app.model.notes.filter((n) => n.kind === 'refused')).toEqual([]);
    const item = app.ledger!.state.items[id]!;
    expect(item.status).toBe('in_progress');
    expect(item.statuses.at(-1)).toMatchObject({ status: 'in_progress', note: 'Sở Nội vụ yêu cầu bổ sung báo cáo' });
  });

  it('without any reason, asks for it in the pane (the other half: test/addin/pane-corrections.test.ts), never to paste two cells', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành', '10/06/2022']], { paste: true });
    await settle(app);
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Tạm dừng']]);
    await settle(app);
    expect(app.ledger!.state.items[id]?.status).toBe('done');
    expect(app.model.notes.filter((n) => n.kind === 'refused')).toEqual([]);
    expect(app.model.askReason).toMatchObject([{ item: id, status: 'on_hold' }]);
  });
});

describe('defect 4: every document of an evidence cell is recorded', () => {
  it('records two documents typed on two lines, shows both, and the reopen check agrees', async () => {
    const { host, pc, app, binding, sheet } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const evidence = cellAddress(row - 1, binding.columns.evidence - 1);
    host.userEdit(binding.sheet, evidence, [['Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022\nBáo cáo số 30/BC-SGDĐT ngày 15/06/2022']]);
    await settle(app);
    const documents = app.ledger!.state.items[id]!.evidence.map((e) => e.document.number);
    expect(documents.sort()).toEqual(['12/KH-SGDĐT', '30/BC-SGDĐT']);
    expect(String(cellOf(sheet, row - 1, binding.columns.evidence - 1))).toContain('30/BC-SGDĐT');
    expect(String(cellOf(sheet, row - 1, binding.columns.evidence - 1))).toContain('12/KH-SGDĐT');

    // A third document added on its own line: only it is new.
    const before = app.ledger!.state.count;
    host.userEdit(binding.sheet, evidence, [[`${String(cellOf(sheet, row - 1, binding.columns.evidence - 1))}; Công văn số 45/SGDĐT-VP ngày 16/06/2022`]]);
    await settle(app);
    expect(app.ledger!.state.count).toBe(before + 1);

    await app.stop();
    const reopened = await openPane(host, pc);
    expect(reopened.model.drift).toEqual([]);
    // One of them removed from the cell while the pane was closed: the check flags it.
    await reopened.stop();
    host.userEdit(binding.sheet, evidence, [['Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022']]);
    const third = await openPane(host, pc);
    expect(third.model.drift.map((d) => d.field)).toEqual(['evidence']);
  });
});

describe('defect 6: a status on a row that is no tracked item', () => {
  it('puts no drop-down on section rows, and says why a status pasted there was cleared', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const itemRows = new Set(Object.values(binding.rows));
    const sectionRow = Array.from({ length: binding.lastRow - binding.firstRow + 1 }, (_, i) => binding.firstRow + i).find((r) => !itemRows.has(r))!;
    expect(sectionRow).toBeDefined();
    const statusCol = binding.columns.status - 1;
    const covering = sheet.validations.filter((v) => v.rect.col <= statusCol && statusCol < v.rect.col + v.rect.cols && v.rect.row <= sectionRow - 1 && sectionRow - 1 < v.rect.row + v.rect.rows);
    expect(covering).toEqual([]);
    // Every item row keeps its drop-down.
    for (const row of itemRows) {
      expect(sheet.validations.some((v) => v.rect.col === statusCol && v.rect.row <= row - 1 && row - 1 < v.rect.row + v.rect.rows)).toBe(true);
    }
    host.userEdit(binding.sheet, cellAddress(sectionRow - 1, statusCol), [['Hoàn thành']], { paste: true });
    await settle(app);
    expect(cellOf(sheet, sectionRow - 1, statusCol)).toBeNull();
    const said = app.model.notes[0]!;
    expect(said.kind).toBe('refused');
    expect(said.vi).toContain(`Dòng ${sectionRow}`);
    expect(said.typed).toBe('Hoàn thành');
  });
});

describe('defect 9: "Hoàn thành" chosen without a date', () => {
  it('asks for the date (today shown), records once with the date given, and writes it in the sheet', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const before = app.ledger!.state.count;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành']]);
    await settle(app);
    expect(app.ledger!.state.count).toBe(before);
    expect(app.model.askDate).toMatchObject([{ item: id, row, suggested: '2022-06-20' }]);
    // The cell keeps what was picked while the pane asks.
    expect(cellOf(sheet, row - 1, binding.columns.status - 1)).toBe('Hoàn thành');
    await app.confirmDone(id, '2022-06-15');
    const events = await eventsOf(app);
    expect(events.slice(before).map((e) => e.type)).toEqual(['status.changed']);
    expect(app.ledger!.state.items[id]?.completedOn).toBe('2022-06-15');
    expect(app.model.askDate).toEqual([]);
    expect(cellOf(sheet, row - 1, binding.columns.completedOn - 1)).toBe('15/06/2022');
  });

  it('takes the date typed in the sheet instead, as one change', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[1]!;
    const before = app.ledger!.state.count;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành']]);
    await settle(app);
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.completedOn - 1), [['12/06/2022']]);
    await settle(app);
    expect((await eventsOf(app)).slice(before).map((e) => e.type)).toEqual(['status.changed']);
    expect(app.ledger!.state.items[id]?.completedOn).toBe('2022-06-12');
    expect(app.model.askDate).toEqual([]);
  });

  it('puts the status back when the question is dismissed', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[2]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành']]);
    await settle(app);
    await app.cancelDone(id);
    expect(cellOf(sheet, row - 1, binding.columns.status - 1)).toBe('Chưa thực hiện');
    expect(app.model.askDate).toEqual([]);
  });
});

describe('defect 1: the plan’s sheet renamed', () => {
  it('keeps recording after a rename, and on reopening finds the sheet and lists what changed meanwhile', async () => {
    const { host, pc, app, binding } = await boundPane();
    const [[idA, rowA], [idB, rowB]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    host.userRename(binding.sheet, 'Phụ lục KH 2022');
    host.userEdit('Phụ lục KH 2022', cellAddress(rowA - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[idA]?.status).toBe('in_progress');
    expect(app.model.binding!.sheet).toBe('Phụ lục KH 2022');
    await app.stop();

    host.userRename('Phụ lục KH 2022', 'KH CCHC');
    host.userEdit('KH CCHC', cellAddress(rowB - 1, binding.columns.status - 1), [['Tạm dừng']]);
    const reopened = await openPane(host, pc);
    expect(reopened.model.phase).toBe('bound');
    expect(reopened.model.problem).toBeNull();
    expect(reopened.model.binding!.sheet).toBe('KH CCHC');
    expect(reopened.model.drift.map((d) => [d.item, d.field, d.inSheet])).toEqual([[idB, 'status', 'Tạm dừng']]);
    // And it listens again.
    host.userEdit('KH CCHC', cellAddress(rowA - 1, binding.columns.progressNote - 1), [['Đã họp']]);
    await settle(reopened);
    expect(reopened.ledger!.state.items[idA]?.notes.at(-1)?.note).toBe('Đã họp');
  });

  it('finds the table again when the sheet’s id is not the one bound (a copy of the file, another Excel)', async () => {
    const { host, pc, app, binding, sheet } = await boundPane();
    await app.stop();
    host.userRename(binding.sheet, 'Phụ lục (2)');
    sheet.id = '{not-the-same}';
    const reopened = await openPane(host, pc);
    expect(reopened.model.phase).toBe('bound');
    expect(reopened.model.binding!.sheet).toBe('Phụ lục (2)');
    expect(reopened.model.drift).toEqual([]);
  });
});

describe('defect 5: a co-author’s edit is never recorded under this user’s name', () => {
  it('leaves it live, then on reopening marks it as a co-author’s, records it so, and the audit trail says so', async () => {
    const { host, pc, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const before = app.ledger!.state.count;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']], { source: 'Remote' });
    await settle(app);
    expect(app.ledger!.state.count).toBe(before);
    await app.stop();
    const reopened = await openPane(host, pc);
    expect(reopened.model.drift).toMatchObject([{ item: id, field: 'status', origin: 'co-author' }]);
    await reopened.recordDrift();
    const event = (await eventsOf(reopened)).at(-1)!;
    expect(event).toMatchObject({ type: 'status.changed', data: { origin: 'co-author' } });
    const row0 = auditRows(await eventsOf(reopened)).at(-1)!;
    expect(row0.origin).toContain('đồng tác giả');
    // The audit trail written from the pane, and `cchc log` on the saved file, both say whose change it was not.
    await reopened.writeAudit();
    expect(texts(host.workbook.sheet('Nhật ký thay đổi')!).some((t) => t.includes('Nguyễn Thị Lan') && t.includes('ghi hộ: sửa bởi đồng tác giả'))).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-coauthor-')), 'book.xlsx');
    writeFileSync(file, await memoryWorkbookToXlsx(host.workbook));
    const log = runCli(['log', file]);
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout.trim().split('\n').at(-1)).toContain('[nguồn: sửa bởi đồng tác giả, không rõ tên]');
  });
});

describe('defect 7: recording many differences at once', () => {
  it('reads and writes once whatever the number of rows', async () => {
    const cost = async (rows: number) => {
      const { host, pc, app, binding } = await boundPane();
      await app.stop();
      for (const [, row] of Object.entries(binding.rows).slice(0, rows)) {
        host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.progressNote - 1), [['Đã triển khai']]);
      }
      const reopened = await openPane(host, pc);
      expect(new Set(reopened.model.drift.map((d) => d.row)).size).toBe(rows);
      const mark = host.syncs;
      await reopened.recordDrift();
      expect(reopened.model.drift).toEqual([]);
      return host.syncs - mark;
    };
    const few = await cost(3);
    const many = await cost(30);
    expect(many).toBe(few);
  });
});

describe('a paste removes the drop-down (Office.js reality): the pane puts it back', () => {
  it('restores the status list on the pasted item rows, and only there', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [[, rowA], [, rowB]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    const statusCol = binding.columns.status - 1;
    const listed = (row: number) => sheet.validations.some((v) => v.rect.col <= statusCol && statusCol < v.rect.col + v.rect.cols && v.rect.row <= row - 1 && row - 1 < v.rect.row + v.rect.rows);
    host.userEdit(binding.sheet, cellAddress(rowA - 1, statusCol), [['Đang thực hiện'], ['Đang thực hiện']], { paste: true });
    expect(listed(rowA)).toBe(false);
    await settle(app);
    expect(listed(rowA)).toBe(true);
    expect(listed(rowB)).toBe(rowB === rowA + 1);
  });
});
