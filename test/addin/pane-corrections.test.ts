/**
 * Corrections in the pane (issue 14, "what users expect"), over the stand-in host: a void reached
 * from the refusal that asks for it, the reason for reopening asked in the pane, a completion date
 * corrected as one append, a met condition, and a plan revision read from the edited table.
 */
import { describe, expect, it, vi } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { cellOf } from '../../addin/excel/memory-host.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { PaneApp } from '../../addin/app/pane-app.ts';
import { boundPane, settle } from './pane-harness.ts';

type Field = 'status' | 'completedOn' | 'evidence' | 'progressNote' | 'ref';

async function eventsOf(app: PaneApp): Promise<LedgerEvent[]> {
  const out: LedgerEvent[] = [];
  for await (const event of app.ledger!.events()) out.push(event);
  return out;
}

async function pane(index = 0) {
  const bound = await boundPane();
  const [id, row] = Object.entries(bound.binding.rows)[index]!;
  const at = (field: Field) => cellAddress(row - 1, bound.binding.columns[field] - 1);
  const cell = (field: Field) => cellOf(bound.sheet, row - 1, bound.binding.columns[field] - 1);
  const edit = async (field: Field, values: unknown[][], how: { paste?: boolean } = {}) => {
    bound.host.userEdit(bound.binding.sheet, at(field), values as never, how);
    await settle(bound.app);
  };
  return { ...bound, id, row, cell, edit };
}

describe('void from the refusal that asks for it', () => {
  it('the refusal to erase recorded evidence carries the item to void, and voiding it from the pane empties the cell', async () => {
    const { app, id, cell, edit } = await pane();
    await edit('evidence', [['Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022']]);
    const attached = app.ledger!.state.items[id]!.evidence[0]!;
    await edit('evidence', [['']]);
    const refusal = app.model.notes.find((n) => n.kind === 'refused')!;
    expect(refusal.vi).toContain('hãy hủy ghi nhận đó');
    // The refusal points at what to void: the pane shows the item's entries there.
    expect(refusal.voidItem).toBe(id);
    await app.selectItem(refusal.voidItem!);
    const entry = app.model.history!.entries.find((e) => e.voidable && e.id === attached.id);
    expect(entry).toBeDefined();

    await app.correct({ kind: 'void', event: entry!.id, reason: 'Ghi nhầm văn bản của mục khác' });
    expect(app.ledger!.state.items[id]!.evidence).toEqual([]);
    expect(app.ledger!.state.voided[attached.id]?.reason).toBe('Ghi nhầm văn bản của mục khác');
    expect(cell('evidence')).toBeNull();
    expect(app.model.history!.entries.find((e) => e.id === attached.id)?.voided?.reason).toBe('Ghi nhầm văn bản của mục khác');
    expect(app.model.notes[0]).toMatchObject({ kind: 'saved' });
    expect(app.model.notes[0]!.vi).toContain('Đã hủy ghi nhận số');
  });

  it('asks for a reason, in both languages, and records nothing without one', async () => {
    const { app, id, edit } = await pane();
    await edit('progressNote', [['Đã họp triển khai']]);
    const note = app.ledger!.state.items[id]!.notes[0]!;
    const count = app.ledger!.state.count;
    await app.correct({ kind: 'void', event: note.id, reason: '  ' });
    expect(app.ledger!.state.count).toBe(count);
    expect(app.model.notes[0]).toMatchObject({ kind: 'refused', vi: 'Hãy ghi lý do hủy ghi nhận.', en: 'Give the reason for voiding the entry.' });
  });
});

describe('reopening a done item: the reason asked in the pane', () => {
  it('asks why when the status leaves "Hoàn thành" with no reason written, records the reopening with the reason given', async () => {
    const { app, id, row, cell, edit } = await pane();
    await edit('status', [['Hoàn thành', '10/06/2022']], { paste: true });
    const count = app.ledger!.state.count;
    await edit('status', [['Đang thực hiện']]);
    expect(app.ledger!.state.count).toBe(count);
    expect(app.model.notes.filter((n) => n.kind === 'refused')).toEqual([]);
    expect(app.model.askReason).toMatchObject([{ item: id, row, status: 'in_progress' }]);
    // The cell keeps what was picked while the pane asks.
    expect(cell('status')).toBe('Đang thực hiện');

    await app.confirmReopen(id, 'Sở Nội vụ yêu cầu bổ sung báo cáo');
    const item = app.ledger!.state.items[id]!;
    expect(item.status).toBe('in_progress');
    expect(item.statuses.at(-1)).toMatchObject({ status: 'in_progress', note: 'Sở Nội vụ yêu cầu bổ sung báo cáo' });
    expect(app.model.askReason).toEqual([]);
    expect(cell('completedOn')).toBeNull();
  });

  it('puts "Hoàn thành" back when the question is dismissed', async () => {
    const { app, id, cell, edit } = await pane();
    await edit('status', [['Hoàn thành', '10/06/2022']], { paste: true });
    await edit('status', [['Tạm dừng']]);
    await app.cancelReopen(id);
    expect(app.ledger!.state.items[id]!.status).toBe('done');
    expect(cell('status')).toBe('Hoàn thành');
    expect(app.model.askReason).toEqual([]);
  });

  it('reopens from the corrections card too, with the reason typed there', async () => {
    const { app, id, edit } = await pane();
    await edit('status', [['Hoàn thành', '10/06/2022']], { paste: true });
    await app.correct({ kind: 'reopen', item: id, status: 'on_hold', reason: 'Chờ ý kiến của Bộ' });
    expect(app.ledger!.state.items[id]!.statuses.at(-1)).toMatchObject({ status: 'on_hold', note: 'Chờ ý kiến của Bộ' });
  });
});

describe('a completion date corrected in the pane', () => {
  it('is one append of the void and the change made again, and the sheet shows the new date', async () => {
    const { app, id, cell, edit } = await pane();
    await edit('status', [['Hoàn thành', '10/06/2022']], { paste: true });
    const madeDone = app.ledger!.state.items[id]!.statuses.at(-1)!;
    const before = app.ledger!.state.count;
    const append = vi.spyOn(app.ledger!, 'append');
    await app.correct({ kind: 'completion-date', item: id, date: '2022-06-05' });
    expect(append).toHaveBeenCalledTimes(1);
    expect((append.mock.calls[0]![0] as unknown[]).length).toBe(2);
    const added = (await eventsOf(app)).slice(before);
    expect(added.map((e) => e.type)).toEqual(['event.voided', 'status.changed']);
    expect(added[0]!.data).toMatchObject({ event: madeDone.id });
    expect(app.ledger!.state.items[id]!.completedOn).toBe('2022-06-05');
    expect(cell('completedOn')).toBe('05/06/2022');
  });

  it('refuses a date in the future, or on an item not done, and records nothing', async () => {
    const { app, id, edit } = await pane();
    const count = app.ledger!.state.count;
    await app.correct({ kind: 'completion-date', item: id, date: '2022-06-05' });
    expect(app.model.notes[0]!.vi).toContain('chưa hoàn thành');
    await edit('status', [['Hoàn thành', '10/06/2022']], { paste: true });
    await app.correct({ kind: 'completion-date', item: id, date: '2022-07-01' });
    expect(app.model.notes[0]).toMatchObject({ kind: 'refused' });
    expect(app.model.notes[0]!.vi).toContain('ở tương lai');
    expect(app.ledger!.state.count).toBe(count + 1);
  });
});

describe('a met condition recorded in the pane', () => {
  it('records condition.met with its document and due date for an item waiting on a condition, and refuses it for a dated item', async () => {
    const { app, binding } = await pane();
    const state = app.ledger!.state;
    const waiting = state.itemOrder.find((i) => state.items[i]!.definition.timeline.kind === 'conditional')!;
    const dated = state.itemOrder.find((i) => state.items[i]!.definition.timeline.kind === 'date')!;
    expect(app.ledger!.state.items[waiting]!.due).toBeNull();
    await app.selectItem(waiting);
    await app.correct({ kind: 'condition', item: waiting, effective: '2022-03-01', document: 'Công văn số 120/BTP-KSTT ngày 01/03/2022 của Bộ Tư pháp', due: '2022-09-30' });
    const item = app.ledger!.state.items[waiting]!;
    expect(item.conditionMetOn).toBe('2022-03-01');
    expect(item.due).toBe('2022-09-30');
    expect(item.conditions[0]!.document).toMatchObject({ kind: 'Công văn', number: '120/BTP-KSTT', date: '2022-03-01' });
    expect(app.model.history!.entries[0]!.typeLabel).toBe('Điều kiện thực hiện đã có');

    const count = app.ledger!.state.count;
    await app.correct({ kind: 'condition', item: dated, effective: '2022-03-01' });
    expect(app.ledger!.state.count).toBe(count);
    expect(app.model.notes[0]).toMatchObject({ kind: 'refused' });
    expect(app.model.notes[0]!.vi).toContain('không phụ thuộc điều kiện');
    expect(binding.rows[waiting]).toBeGreaterThan(0);
  });
});

describe('a plan revision read from the edited table', () => {
  it('lists the item added, the deadline amended and the item withdrawn, records one plan.revised, and binds the new row', async () => {
    const { host, app, binding, sheet } = await pane();
    const state = app.ledger!.state;
    const [amendId, withdrawId] = [state.itemOrder[1]!, state.itemOrder[2]!];
    const timelineCol = sheet.values[binding.headerRows[0]! - 1]!.indexOf('Thời gian thực hiện');
    const amendRow = binding.rows[amendId]! - 1;
    const withdrawRow = binding.rows[withdrawId]! - 1;
    const width = binding.columns.status - 1;
    // The deadline of one item changed, one item's row emptied, one item added below the last.
    sheet.values[amendRow]![timelineCol] = 'Trước ngày 30/09/2022';
    for (let c = 0; c < width; c++) sheet.values[withdrawRow]![c] = null;
    for (let c = width; c < sheet.values[withdrawRow]!.length; c++) sheet.values[withdrawRow]![c] = null;
    const last = sheet.values[binding.lastRow - 1]!;
    // STT, Mục tiêu, Nhiệm vụ, Hoạt động, Kết quả, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian thực hiện.
    const added = [String(Number(last[0]) + 1), last[1], 'Tổ chức tập huấn chuyển đổi số cho công chức', 'Tập huấn cho 100% công chức', 'Kế hoạch', 'Văn phòng', null, 'Trong Quý IV năm 2022'];
    sheet.values[binding.lastRow] = [...added, ...Array(sheet.values[0]!.length - added.length).fill(null)];

    await app.previewRevision('Kế hoạch số 150/KH-SGDĐT ngày 15/06/2022');
    const preview = app.model.revision!;
    expect(preview.added.map((a) => a.text)).toEqual(['Tập huấn cho 100% công chức']);
    expect(preview.amended).toEqual([{ numbering: state.items[amendId]!.definition.numbering, fields: ['Thời gian thực hiện'] }]);
    expect(preview.withdrawn.map((w) => w.numbering)).toEqual([state.items[withdrawId]!.definition.numbering]);
    expect(app.ledger!.state.count).toBe(state.count);

    await app.confirmRevision();
    const after = app.ledger!.state;
    const revised = (await eventsOf(app)).at(-1)!;
    expect(revised.type).toBe('plan.revised');
    expect(revised.type === 'plan.revised' && revised.data.document).toMatchObject({ number: '150/KH-SGDĐT', date: '2022-06-15' });
    expect(after.items[withdrawId]!.withdrawn).not.toBeNull();
    expect(after.items[amendId]!.definition.timeline.raw).toBe('Trước ngày 30/09/2022');
    const newId = (revised.type === 'plan.revised' && revised.data.added[0]!.id) as string;
    const newRow = app.model.binding!.rows[newId]!;
    expect(newRow).toBe(binding.lastRow + 1);
    expect(app.model.binding!.rows[withdrawId]).toBeUndefined();
    expect(cellOf(sheet, newRow - 1, binding.columns.ref - 1)).toBe(newId);
    expect(cellOf(sheet, newRow - 1, binding.columns.status - 1)).toBe('Chưa thực hiện');
    const statusCol = binding.columns.status - 1;
    expect(sheet.validations.some((v) => v.rect.col === statusCol && v.rect.row <= newRow - 1 && newRow - 1 < v.rect.row + v.rect.rows)).toBe(true);
    expect(app.model.revision).toBeNull();

    // The new item's row records as any other.
    host.userEdit(binding.sheet, cellAddress(newRow - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[newId]!.status).toBe('in_progress');
    await app.checkDrift();
    expect(app.model.drift).toEqual([]);
  });

  it('records nothing when the table matches the plan, and asks for the document when it does not', async () => {
    const { app, binding, sheet } = await pane();
    const count = app.ledger!.state.count;
    await app.previewRevision('');
    expect(app.model.revision).toBeNull();
    expect(app.model.notes[0]!.vi).toContain('không khác kế hoạch');
    const timelineCol = sheet.values[binding.headerRows[0]! - 1]!.indexOf('Thời gian thực hiện');
    sheet.values[binding.rows[app.ledger!.state.itemOrder[1]!]! - 1]![timelineCol] = 'Trước ngày 30/09/2022';
    await app.previewRevision('');
    expect(app.model.revision).toBeNull();
    expect(app.model.notes[0]!.vi).toContain('hãy nêu văn bản');
    expect(app.model.notes[0]!.en).toContain('name the document');
    expect(app.ledger!.state.count).toBe(count);
  });
});
