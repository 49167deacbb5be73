import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import type { SheetOp } from '../../addin/excel/host.ts';
import { LEDGER_SHEET_NAME, SheetRowsStore } from '../../ledger/stores/sheet-rows.ts';
import { MirroredStore, openLedgerCopies } from '../../addin/app/ledger-copies.ts';
import { HostLedgerRows } from '../../addin/excel/host-ledger-rows.ts';
import type { MemoryHost } from '../../addin/excel/memory-host.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { boundPane, computer, NOW, openPane, settle } from './pane-harness.ts';

/** "Đã lưu" means this computer's copy has the event: the workbook's ledger sheet is written after, with the row's tidying. */
describe('when the pane says "Đã lưu"', () => {
  it("says it once this computer's copy holds the event, then writes the ledger sheet's row and the tidied row in one write", async () => {
    const { host, app, binding, pc } = await boundPane();
    const local = [...pc.locals.values()][0]!;
    const ledgerRows = () => host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length;
    const rowsBefore = ledgerRows();
    const seen: Array<{ local: Promise<{ seq: number }>; sheetRows: number }> = [];
    const newest = app.model.notes[0]?.id;
    app.subscribe((model) => {
      const note = model.notes[0];
      if (note && note.id !== newest && note.kind === 'saved' && seen.length === 0) seen.push({ local: local.head(), sheetRows: ledgerRows() });
    });
    const applied: SheetOp[][] = [];
    const apply = host.apply.bind(host);
    host.apply = async (ops) => (applied.push([...ops]), apply(ops));

    const [, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(seen).toHaveLength(1);
    expect((await seen[0]!.local).seq).toBe(3);
    expect(seen[0]!.sheetRows).toBe(rowsBefore);
    expect(ledgerRows()).toBe(rowsBefore + 1);
    // One write: the ledger sheet's row first, the plan's sheet last (Ctrl+Z takes back the plan's row first).
    expect(applied).toHaveLength(1);
    const sheets = applied[0]!.map((op) => ('sheet' in op ? op.sheet : ''));
    expect([sheets[0], sheets.at(-1)]).toEqual([LEDGER_SHEET_NAME, binding.sheet]);
  });

  /** The closing write fails once: "the workbook is busy". */
  function failFirstWrite(host: MemoryHost): void {
    const apply = host.apply.bind(host);
    let fail = true;
    host.apply = async (ops) => {
      if (fail) {
        fail = false;
        throw new Error('GeneralException: the workbook is busy');
      }
      return apply(ops);
    };
  }

  it("keeps the event on this computer when the workbook's write fails, says so, and writes it back to the ledger sheet at once", async () => {
    const { host, app, binding, pc } = await boundPane();
    const local = [...pc.locals.values()][0]!;
    failFirstWrite(host);
    const [[first, rowA], [second, rowB]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    host.userEdit(binding.sheet, cellAddress(rowA - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.model.notes.map((n) => n.kind).slice(0, 3)).toEqual(['info', 'error', 'saved']);
    expect(app.model.notes[0]!.en).toContain('were written back');
    expect(app.model.notes[1]!.en).toContain('what was saved is kept on this computer until it is written back to the workbook');
    expect(app.model.notes[1]!.vi).toContain('được giữ trên máy này cho đến khi được ghi lại vào bảng tính');
    expect((await local.head()).seq).toBe(3);
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(4);

    host.userEdit(binding.sheet, cellAddress(rowB - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[first]!.status).toBe('in_progress');
    expect(app.ledger!.state.items[second]!.status).toBe('in_progress');
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(5);
    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 4 });
  });

  it("keeps the event in the workbook when its write failed and a co-author appends before the next edit", async () => {
    const { host, app, binding, pc } = await boundPane();
    failFirstWrite(host);
    const [[first, rowA], [second, rowB], [third]] = Object.entries(binding.rows) as [[string, number], [string, number], [string, number]];
    host.userEdit(binding.sheet, cellAddress(rowA - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    // A co-author's pane (the same person's key here) appends to the workbook's ledger sheet.
    const coAuthor = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)), { signer: await pc.signer(), clock: () => NOW });
    await coAuthor.append({ type: 'progress.noted', actor: app.model.actor!, data: { item: third, note: 'Ghi từ nơi khác' } });

    host.userEdit(binding.sheet, cellAddress(rowB - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.model.notes.filter((n) => n.en.includes('differ from seq'))).toEqual([]);
    expect(app.ledger!.state.items[first]!.status).toBe('in_progress');
    expect(app.ledger!.state.items[second]!.status).toBe('in_progress');
    expect(app.ledger!.state.items[third]!.notes.map((n) => n.note)).toEqual(['Ghi từ nơi khác']);
    expect((await [...pc.locals.values()][0]!.head()).seq).toBe(5);
    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 5 });
  });

  it("holds nothing back without a copy on this computer (it disagreed with the workbook): the sheet is written before the append resolves", async () => {
    const { host, app, binding, pc } = await boundPane();
    await app.stop();
    const rows = new HostLedgerRows(host);
    const store = new MirroredStore(rows, null, () => Promise.reject(new Error('no copy is opened')));
    const ledger = await Ledger.open(store, { signer: await pc.signer(), clock: () => NOW });
    const ledgerRows = () => host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length;
    const before = ledgerRows();
    const head = await host.read(store.headReads());
    await store.recording(head, async (heldOps) => {
      await ledger.append({ type: 'progress.noted', actor: app.model.actor!, data: { item: Object.keys(binding.rows)[0]!, note: 'Đã họp triển khai' } });
      expect(ledgerRows()).toBe(before + 1);
      expect(heldOps()).toEqual([]);
    });
  });

  it("takes in another writer's rows, appended to the ledger sheet since the pane last recorded, and records the edit after them", async () => {
    const { host, app, binding, pc } = await boundPane();
    const [[first, rowA], [second, rowB], [third]] = Object.entries(binding.rows) as [[string, number], [string, number], [string, number]];
    const status = (row: number) => cellAddress(row - 1, binding.columns.status - 1);
    host.userEdit(binding.sheet, status(rowA), [['Đang thực hiện']]);
    await settle(app);
    // Another program (the same person's key) appends to the workbook's ledger sheet meanwhile.
    const elsewhere = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)), { signer: await pc.signer(), clock: () => NOW });
    await elsewhere.append({ type: 'progress.noted', actor: app.model.actor!, data: { item: third, note: 'Ghi từ nơi khác' } });

    host.userEdit(binding.sheet, status(rowB), [['Đang thực hiện']]);
    await settle(app);
    expect(app.model.notes.filter((n) => n.kind === 'error' || n.kind === 'refused').map((n) => n.en)).toEqual([]);
    expect(app.ledger!.state.count).toBe(5);
    expect(app.ledger!.state.items[first]!.status).toBe('in_progress');
    expect(app.ledger!.state.items[second]!.status).toBe('in_progress');
    expect(app.ledger!.state.items[third]!.notes.map((n) => n.note)).toEqual(['Ghi từ nơi khác']);
    expect(app.ledger!.state.events.size).toBe(5);
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(6);
    expect((await [...pc.locals.values()][0]!.head()).seq).toBe(5);
    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 5 });
  });

  it("records the completion date given in the pane after another writer appended to the ledger sheet since the pane asked", async () => {
    const { host, app, binding, pc } = await boundPane();
    const [[item, row], [third]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành']]);
    await settle(app);
    expect(app.model.askDate.map((a) => a.item)).toEqual([item]);
    const elsewhere = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)), { signer: await pc.signer(), clock: () => NOW });
    await elsewhere.append({ type: 'progress.noted', actor: app.model.actor!, data: { item: third, note: 'Ghi từ nơi khác' } });

    await app.confirmDone(item, '2022-06-18');
    expect(app.model.notes.filter((n) => n.kind === 'error' || n.kind === 'refused').map((n) => n.en)).toEqual([]);
    expect(app.model.askDate).toEqual([]);
    expect(app.ledger!.state.items[item]).toMatchObject({ status: 'done', completedOn: '2022-06-18' });
    expect(app.ledger!.state.items[third]!.notes.map((n) => n.note)).toEqual(['Ghi từ nơi khác']);
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(5);
    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 4 });
  });

  // No check in the pane can be atomic against co-authoring (remote changes arrive seconds late):
  // the head read with the edited rows may be stale by the closing write (README, known limit).
  it("known limit: a co-author's append between the head read and the closing write is overwritten in the workbook, kept on their computer, and their pane says the copies differ", async () => {
    const { host, app, binding, pc } = await boundPane();
    const [[first, row], [third]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    // The co-author's computer (the same person's key here), its copy opened as their pane opens it.
    const theirs = { ...computer(), signer: pc.signer };
    const { store } = await openLedgerCopies(host, theirs.openLocal);
    const coAuthor = await Ledger.open(store, { signer: await pc.signer(), clock: () => NOW });
    const apply = host.apply.bind(host);
    let armed = true;
    host.apply = async (ops) => {
      if (armed && ops.some((op) => op.op === 'write' && op.sheet === LEDGER_SHEET_NAME)) {
        armed = false;
        await coAuthor.append({ type: 'progress.noted', actor: app.model.actor!, data: { item: third, note: 'Ghi từ nơi khác' } });
      }
      return apply(ops);
    };
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.ledger!.state.items[first]!.status).toBe('in_progress');
    expect(host.workbook.sheet(LEDGER_SHEET_NAME)!.values.length).toBe(4);
    const theirLocal = [...theirs.locals.values()][0]!;
    expect((await theirLocal.head()).hash).toBe(coAuthor.head.hash);
    expect(coAuthor.head.hash).not.toBe(app.ledger!.head.hash);
    await app.verifyChain();
    expect(app.model.chain).toMatchObject({ ok: true, count: 3, head: { hash: app.ledger!.head.hash } });

    await app.stop();
    const theirPane = await openPane(host, theirs);
    expect(theirPane.model.notes.some((n) => n.kind === 'error' && n.en.includes('differ from seq 3 (1 entries only on this computer)'))).toBe(true);
  });
});
