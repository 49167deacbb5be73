import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HostLedgerRows } from '../../addin/excel/host-ledger-rows.ts';
import { ACTIVE_SHEET, type ChangeNotice } from '../../addin/excel/host.ts';
import { MemoryHost, MemoryWorkbook, cellOf } from '../../addin/excel/memory-host.ts';
import { memoryWorkbookFromXlsx, memoryWorkbookToXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { LEDGER_SHEET_NAME, SheetRowsStore } from '../../ledger/stores/sheet-rows.ts';
import { loadWorkbook, workbookLedgerStore } from '../../templates/workbook-ledger/workbook-ledger.ts';

const FIXTURE = new URL('../../samples/gialai-sgddt-2022-phuluc.xlsx', import.meta.url);

function hostWith(rows: Array<Array<string | number | null>>, name = 'Phụ lục'): MemoryHost {
  const workbook = new MemoryWorkbook();
  const sheet = workbook.addSheet(name);
  sheet.values = rows.map((r) => [...r]);
  return new MemoryHost(workbook);
}

describe('MemoryHost', () => {
  it('counts round trips as OfficeHost spends them', async () => {
    const host = hostWith([['a']]);
    await host.read([{ sheet: ACTIVE_SHEET }, { sheet: 'Phụ lục', rect: { row: 0, col: 0, rows: 1, cols: 1 } }]);
    expect(host.syncs).toBe(1);
    await host.read([{ sheet: 'missing' }]);
    expect(host.syncs).toBe(4);
    await host.apply([{ op: 'write', sheet: 'Phụ lục', row: 0, col: 1, values: [['b']] }]);
    expect(host.syncs).toBe(5);
    await host.apply([{ op: 'ensureSheet', sheet: 'x', visibility: 'veryHidden' }]);
    expect(host.syncs).toBe(7);
  });

  it('writes strings as text and numbers with their format; an empty cell stays empty', async () => {
    const host = hostWith([]);
    await host.apply([{ op: 'write', sheet: 'Phụ lục', row: 2, col: 1, values: [['=1+1', 0.25, null]], numberFormat: '0%' }]);
    const [read] = await host.read([{ sheet: 'Phụ lục', rect: { row: 2, col: 1, rows: 1, cols: 3 }, text: true }]);
    expect(read?.values).toEqual([['=1+1', 0.25, null]]);
    expect(read?.numberFormat).toEqual([['@', '0%', '@']]);
  });

  it('plays the user: a typed date in a General cell becomes a date serial, in a text cell it stays text', async () => {
    const host = hostWith([]);
    await host.apply([{ op: 'write', sheet: 'Phụ lục', row: 0, col: 0, values: [[null]] }]);
    host.userEdit('Phụ lục', 'A1', [['15/03/2024']]);
    host.userEdit('Phụ lục', 'B1', [['15/03/2024']]);
    const [read] = await host.read([{ sheet: 'Phụ lục', text: true }]);
    expect(read?.values).toEqual([['15/03/2024', 45366]]);
    expect(read?.text).toEqual([['15/03/2024', '15/03/2024']]);
  });

  it('refuses typing outside a drop-down list but lets a paste through, as Excel does; notices arrive after the edit', async () => {
    const host = hostWith([['Chưa thực hiện']]);
    await host.apply([
      { op: 'listValidation', sheet: 'Phụ lục', rect: { row: 0, col: 0, rows: 5, cols: 1 }, choices: ['Chưa thực hiện', 'Hoàn thành'], title: 't', message: 'm' },
    ]);
    const notices: ChangeNotice[] = [];
    await host.onChange((n) => notices.push(n));
    expect(host.userEdit('Phụ lục', 'A1', [['Xong rồi']])).toBe(false);
    expect(host.userEdit('Phụ lục', 'A1', [['Xong rồi'], ['Hoàn thành']], { paste: true })).toBe(true);
    expect(host.userEdit('Phụ lục', 'A3', [['Hoàn thành']], { source: 'Remote' })).toBe(true);
    expect(notices).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(notices.map((n) => [n.address, n.source, n.byThisAddin])).toEqual([
      ['A1:A2', 'Local', false],
      ['A3', 'Remote', false],
    ]);
    expect(cellOf(host.workbook.sheet('Phụ lục')!, 0, 0)).toBe('Xong rồi');
  });

  it('refuses writes to a protected sheet', async () => {
    const host = hostWith([['a']]);
    await host.apply([{ op: 'protect', sheet: 'Phụ lục', protect: true }]);
    await expect(host.apply([{ op: 'write', sheet: 'Phụ lục', row: 0, col: 0, values: [['b']] }])).rejects.toThrow(/protected/);
  });
});

describe('the ledger sheet through the host (HostLedgerRows)', () => {
  it('stores a ledger in a very hidden sheet that exceljs and the ledger read back, with a fixed number of round trips per append', async () => {
    const host = new MemoryHost();
    host.workbook.addSheet('Phụ lục');
    const store = new SheetRowsStore(new HostLedgerRows(host));
    const ledger = await Ledger.open(store);
    const before = host.syncs;
    await ledger.append(planImported(3));
    const firstAppend = host.syncs - before;

    const mark = host.syncs;
    await ledger.append({
      type: 'status.changed',
      actor: ACTOR,
      data: { item: 'i2', status: 'in_progress', effective: '2022-03-01' },
    });
    const secondAppend = host.syncs - mark;
    // First: the sheet is missing (3 to learn it), then made and written (2). After: 4 (its row count, header and last row, the write), whatever the ledger's length.
    expect(firstAppend).toBe(5);
    expect(secondAppend).toBe(4);

    const sheet = host.workbook.sheet(LEDGER_SHEET_NAME);
    expect(sheet?.visibility).toBe('veryHidden');

    // Reopened through the host, and through exceljs from the saved file: same head.
    const reopened = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)));
    expect(reopened.head).toEqual(ledger.head);
    const saved = await loadWorkbook(await memoryWorkbookToXlsx(host.workbook));
    expect(saved.getWorksheet(LEDGER_SHEET_NAME)?.state).toBe('veryHidden');
    const fromFile = await Ledger.open(workbookLedgerStore(saved));
    expect(fromFile.head).toEqual(ledger.head);
    expect(fromFile.state.items.i2?.status).toBe('in_progress');
  });

  it('reads a plan of 600 items back whole: its JSON spans many cells of one row', async () => {
    const host = new MemoryHost();
    const ledger = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)));
    await ledger.append(planImported(600));
    const sheet = host.workbook.sheet(LEDGER_SHEET_NAME)!;
    expect(sheet.values[1]!.length).toBeGreaterThan(5);
    const reopened = await Ledger.open(new SheetRowsStore(new HostLedgerRows(host)));
    expect(reopened.state.itemOrder).toHaveLength(600);
  });

  it("says a batch's own failure, not the failure of writing the rows it left held", async () => {
    const host = new MemoryHost();
    const rows = new HostLedgerRows(host);
    const ledger = await Ledger.open(new SheetRowsStore(rows));
    await ledger.append(planImported(3));
    host.apply = () => Promise.reject(new Error('GeneralException: the workbook is busy'));
    const batch = rows.batch(await host.read(rows.headReads()), true, async () => {
      await ledger.append({ type: 'status.changed', actor: ACTOR, data: { item: 'i2', status: 'in_progress', effective: '2022-03-01' } });
      throw new Error('the task failed');
    });
    await expect(batch).rejects.toThrow('the task failed');
  });
});

describe('MemoryWorkbook and .xlsx', () => {
  it('opens the Gia Lai appendix with its merges and title block, and saves it back', async () => {
    const workbook = await memoryWorkbookFromXlsx(new Uint8Array(readFileSync(FIXTURE)));
    const host = new MemoryHost(workbook);
    const [read] = await host.read([{ sheet: ACTIVE_SHEET, text: true, merges: true }]);
    expect(read?.merges?.length).toBeGreaterThan(0);
    const texts = read!.text!.flat();
    expect(texts.some((t) => /STT/.test(t))).toBe(true);
    expect(texts.some((t) => /Hoạt động/.test(t))).toBe(true);

    const again = await memoryWorkbookFromXlsx(await memoryWorkbookToXlsx(workbook));
    expect(again.sheets.map((s) => s.name)).toEqual(workbook.sheets.map((s) => s.name));
    const [reread] = await new MemoryHost(again).read([{ sheet: ACTIVE_SHEET, text: true, merges: true }]);
    expect(reread?.text).toEqual(read?.text);
    expect(reread?.merges).toEqual(read?.merges);
  });

  it('keeps drop-down lists and very hidden sheets through a save', async () => {
    const host = hostWith([['x']]);
    await host.apply([
      { op: 'listValidation', sheet: 'Phụ lục', rect: { row: 1, col: 3, rows: 4, cols: 1 }, choices: ['Chưa thực hiện', 'Hoàn thành'], title: 'Trạng thái', message: 'Chọn' },
      { op: 'ensureSheet', sheet: '_cchc_binding', visibility: 'veryHidden' },
    ]);
    const again = await memoryWorkbookFromXlsx(await memoryWorkbookToXlsx(host.workbook));
    expect(again.sheet('Phụ lục')?.validations).toEqual([
      { rect: { row: 1, col: 3, rows: 4, cols: 1 }, choices: ['Chưa thực hiện', 'Hoàn thành'], title: 'Trạng thái', message: 'Chọn' },
    ]);
    expect(again.sheet('_cchc_binding')?.visibility).toBe('veryHidden');
  });
});

const ACTOR = { name: 'Nguyễn Văn A', unit: 'Sở Giáo dục và Đào tạo' };

function planImported(n: number) {
  const deadline = { raw: 'Quý IV/2022', kind: 'quarter' as const, start: '2022-10-01', due: '2022-12-31', milestones: [] };
  return {
    type: 'plan.imported' as const,
    actor: ACTOR,
    data: {
      plan: { issuer: 'Sở Giáo dục và Đào tạo tỉnh Gia Lai', year: 2022, title: 'Kế hoạch CCHC năm 2022' },
      source: { file: 'phuluc.xlsx', sha256: '0'.repeat(64) },
      sections: [{ id: 's1', numeral: 'I', title: 'Cải cách thể chế', area: 'institutions' as const }],
      tasks: [{ id: 't1', section: 's1', numbering: '1', text: 'Rà soát văn bản' }],
      items: Array.from({ length: n }, (_, i) => ({
        id: `i${i + 1}`,
        section: 's1',
        task: 't1',
        numbering: `I.1.${i + 1}`,
        text: `Rà soát, hệ thống hóa văn bản quy phạm pháp luật, đợt ${i + 1}, theo Kế hoạch số 12/KH-UBND`,
        output: 'Báo cáo kết quả rà soát',
        timeline: deadline,
        lead: [{ name: 'Văn phòng Sở', raw: 'Văn phòng', group: false }],
        leadText: 'Văn phòng',
        coordinating: [],
        coordinatingText: 'Các phòng chuyên môn',
      })),
    },
  };
}
