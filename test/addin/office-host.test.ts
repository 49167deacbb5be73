import { describe, expect, it } from 'vitest';
import { ACTIVE_SHEET, ALL_CAPABILITIES, PAYLOAD_BUDGET, type ChangeNotice, type HostCapabilities, type SheetOp } from '../../addin/excel/host.ts';
import { OfficeHost } from '../../addin/excel/office-host.ts';
import { mockExcel } from './office-mock.ts';

const ALL = ALL_CAPABILITIES;
/** Excel 2019 volume licence: ExcelApi 1.7 and nothing above. */
const EXCEL_2019: HostCapabilities = { merges: false, triggerSource: false, listValidation: false, eventSwitch: false, workbookEvents: false, delayForCellEdit: false, newWorkbook: false };

describe('OfficeHost over a mocked Excel (office-addin-mock)', () => {
  it('reads the active sheet: values, text, formats and merges in one round trip', async () => {
    const excel = mockExcel([
      {
        name: 'Phụ lục',
        values: [
          ['KẾ HOẠCH', '', ''],
          ['STT', 'Nội dung', 'Thời gian'],
          ['1', 'Ban hành kế hoạch', 'Quý I'],
          ['', '', 'Quý II'],
        ],
        merges: "'Phụ lục'!A3:A4,'Phụ lục'!B3:B4",
      },
      { name: 'Khác', values: [['x']] },
    ]);
    const host = new OfficeHost(excel.entry, ALL);
    const [read] = await host.read([{ sheet: ACTIVE_SHEET, text: true, merges: true }]);

    expect(excel.syncs()).toBe(1);
    expect(read?.sheet).toBe('Phụ lục');
    expect(read?.rect).toEqual({ row: 0, col: 0, rows: 4, cols: 3 });
    expect(read?.values[2]).toEqual(['1', 'Ban hành kế hoạch', 'Quý I']);
    // Empty cells come back as null, not ''.
    expect(read?.values[3]).toEqual([null, null, 'Quý II']);
    expect(read?.text?.[1]).toEqual(['STT', 'Nội dung', 'Thời gian']);
    expect(read?.merges).toEqual([
      { row: 2, col: 0, rows: 2, cols: 1 },
      { row: 2, col: 1, rows: 2, cols: 1 },
    ]);
    expect(excel.calls).toContainEqual({ target: 'Phụ lục', method: 'getUsedRangeOrNullObject', args: [true] });
  });

  it('reads many blocks of several sheets in one round trip; a missing sheet reads as null, after two more', async () => {
    const excel = mockExcel([
      { name: 'A', values: [['a1', 'b1'], ['a2', 'b2']] },
      { name: 'B', values: [['x']] },
    ]);
    const host = new OfficeHost(excel.entry, ALL);
    const reads = await host.read([
      { sheet: 'A', rect: { row: 1, col: 0, rows: 1, cols: 2 } },
      { sheet: 'B' },
      { sheet: 'missing' },
      { sheet: 'A', extentOnly: true },
    ]);
    expect(excel.syncs()).toBe(3);
    expect(reads[0]?.values).toEqual([['a2', 'b2']]);
    expect(reads[1]?.values).toEqual([['x']]);
    expect(reads[2]).toBeNull();
    expect(reads[3]).toEqual({ sheet: 'A', rect: { row: 0, col: 0, rows: 2, cols: 2 }, values: [] });
  });

  it('an empty sheet reads as an empty block', async () => {
    const excel = mockExcel([{ name: 'Trống', values: [] }]);
    const [read] = await new OfficeHost(excel.entry, ALL).read([{ sheet: 'Trống', merges: true }]);
    expect(read).toEqual({ sheet: 'Trống', rect: { row: 0, col: 0, rows: 0, cols: 0 }, values: [], merges: [] });
  });

  it('does not ask for merges where the host cannot give them (ExcelApi below 1.13)', async () => {
    const excel = mockExcel([{ name: 'S', values: [['a']], merges: 'S!A1:A2' }]);
    const [read] = await new OfficeHost(excel.entry, EXCEL_2019).read([{ sheet: 'S', merges: true }]);
    expect(read?.merges).toEqual([]);
  });

  it('writes strings as text (number format "@") before their values, so "=..." stays text', async () => {
    const excel = mockExcel([{ name: 'S' }]);
    const host = new OfficeHost(excel.entry, ALL);
    await host.apply([{ op: 'write', sheet: 'S', row: 4, col: 2, values: [['=HYPERLINK("x")', 12, null], ['<script>', 0.5]], numberFormat: '0%' }]);
    const written = excel.ranges.find((r) => r.row === 4 && r.col === 2);
    expect(written).toMatchObject({ rows: 2, cols: 3 });
    expect(written?.mock.numberFormat).toEqual([
      ['@', '0%', '@'],
      ['@', '0%', '@'],
    ]);
    expect(written?.mock.values).toEqual([
      ['=HYPERLINK("x")', 12, ''],
      ['<script>', 0.5, ''],
    ]);
  });

  it('creates a missing sheet very hidden, switches events off while writing and back on, suspends screen updating', async () => {
    const excel = mockExcel([{ name: 'Phụ lục' }]);
    const host = new OfficeHost(excel.entry, ALL);
    await host.apply([
      { op: 'ensureSheet', sheet: '_cchc_ledger', visibility: 'veryHidden' },
      { op: 'write', sheet: '_cchc_ledger', row: 0, col: 0, values: [['cchc-ledger-sheet', 1]] },
      { op: 'ensureSheet', sheet: 'Phụ lục' },
    ]);
    expect(excel.calls.filter((c) => c.method === 'add')).toEqual([{ target: 'worksheets', method: 'add', args: ['_cchc_ledger'] }]);
    expect(excel.sheets.get('_cchc_ledger')?.visibility).toBe('VeryHidden');
    // Sync 1 learns the sheets, sync 2 writes with events off and switches them back on at its end.
    expect(excel.syncs()).toBe(2);
    expect(excel.runtime.eventSwitches).toEqual([false, true]);
    expect(excel.eventsAtSync).toEqual([true, true]);
    expect(excel.calls.filter((c) => c.method === 'add')).toHaveLength(1);
    expect(excel.runtime.enableEvents).toBe(true);
    expect(excel.calls.filter((c) => c.method === 'suspendScreenUpdatingUntilNextSync')).toHaveLength(1);
  });

  it('switches events back on even when a write fails', async () => {
    const excel = mockExcel([{ name: 'S' }]);
    const host = new OfficeHost(excel.entry, ALL);
    await expect(host.apply([{ op: 'write', sheet: 'no such sheet', row: 0, col: 0, values: [['x']] }])).rejects.toThrow(/ItemNotFound/);
    // The batch's own "back on" may not have run in Excel (the batch stopped at the failure): switched on again.
    expect(excel.runtime.eventSwitches).toEqual([false, true, true]);
    expect(excel.syncs()).toBe(2);
  });

  it('keeps the number of round trips fixed for 500 rows and cuts a large write under the payload budget', async () => {
    const excel = mockExcel([{ name: 'S' }]);
    const host = new OfficeHost(excel.entry, ALL);
    const rows = Array.from({ length: 500 }, (_, i) => [`Nhiệm vụ số ${i + 1}`, 'Hoàn thành', '15/03/2024', 'Kế hoạch số 12/KH-UBND']);
    await host.apply([{ op: 'write', sheet: 'S', row: 1, col: 0, values: rows }]);
    expect(excel.syncs()).toBe(1);

    const big = mockExcel([{ name: 'S' }]);
    const cell = 'ư'.repeat(30_000); // 90 kB of UTF-8 a cell at worst
    const heavy = Array.from({ length: 40 }, () => [cell]);
    await new OfficeHost(big.entry, ALL).apply([{ op: 'write', sheet: 'S', row: 0, col: 0, values: heavy }]);
    const writes = big.ranges.filter((r) => Array.isArray(r.mock.values) && r.mock.values[0]?.[0] === cell);
    const rowsSent = writes.reduce((n, r) => n + r.rows, 0);
    expect(rowsSent).toBe(40);
    expect(writes.length).toBeGreaterThan(1);
    for (const w of writes) expect(w.rows * 30_000 * 3).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    expect(big.syncs()).toBe(writes.length);
    // Screen updating is suspended once for the whole write, not at each of its syncs (Excel would flicker).
    expect(big.calls.filter((c) => c.method === 'suspendScreenUpdatingUntilNextSync')).toHaveLength(1);
  });

  it('opens a file as a new workbook with Excel.createWorkbook, handed as Base64, outside any batch of this workbook', async () => {
    const excel = mockExcel([{ name: 'S' }]);
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    await new OfficeHost(excel.entry, ALL).createWorkbook(bytes);
    expect(excel.createdWorkbooks).toHaveLength(1);
    expect(new Uint8Array(Buffer.from(excel.createdWorkbooks[0]!, 'base64'))).toEqual(bytes);
    expect(excel.syncs()).toBe(0);
  });

  it('asks every batch to wait while the user is typing in a cell (delayForCellEdit) where Excel has it (ExcelApi 1.11), and not below', async () => {
    const excel = mockExcel([{ name: 'S', values: [['a']] }]);
    const host = new OfficeHost(excel.entry, ALL);
    await host.read([{ sheet: 'S' }]);
    await host.apply([{ op: 'write', sheet: 'S', row: 0, col: 0, values: [['b']] }]);
    await host.sheets();
    const stop = await host.onChange(() => undefined);
    await stop();
    expect(excel.runOptions).toEqual([{ delayForCellEdit: true }, { delayForCellEdit: true }, { delayForCellEdit: true }, { delayForCellEdit: true }]);

    // ExcelApi 1.10 (1.9 without 1.11): plain Excel.run, whose RunOptions Excel would not know.
    const older = mockExcel([{ name: 'S', values: [['a']] }]);
    const host110 = new OfficeHost(older.entry, { ...ALL, merges: false, triggerSource: false, delayForCellEdit: false });
    await host110.read([{ sheet: 'S' }]);
    await host110.apply([{ op: 'write', sheet: 'S', row: 0, col: 0, values: [['b']] }]);
    expect(older.runOptions).toEqual([null, null]);
  });

  it('adds the status drop-down, the highlight and the formats asked for', async () => {
    const excel = mockExcel([{ name: 'S' }]);
    const host = new OfficeHost(excel.entry, ALL);
    const rect = { row: 5, col: 9, rows: 30, cols: 1 };
    const ops: SheetOp[] = [
      { op: 'listValidation', sheet: 'S', rect, choices: ['Chưa thực hiện', 'Hoàn thành'], title: 'Trạng thái', message: 'Chọn trong danh sách' },
      { op: 'highlightText', sheet: 'S', rect, text: 'Hoàn thành', fill: '#DFF6DD', fontColor: '#0E700E' },
      { op: 'format', sheet: 'S', rect: { row: 4, col: 9, rows: 1, cols: 4 }, style: { bold: true, fill: '#F3F2F1', borders: '#C8C6C4' } },
      { op: 'columnWidth', sheet: 'S', col: 9, width: 110 },
      { op: 'freezeRows', sheet: 'S', rows: 5 },
    ];
    await host.apply(ops);
    const block = excel.ranges.filter((r) => r.row === 5 && r.col === 9);
    const validation = block.map((r) => r.mock.dataValidation).find((v) => v.rule);
    expect(validation.rule).toEqual({ list: { inCellDropDown: true, source: 'Chưa thực hiện,Hoàn thành' } });
    expect(validation.errorAlert).toMatchObject({ showAlert: true, style: 'Stop', title: 'Trạng thái' });
    expect(excel.calls).toContainEqual({ target: 'S!R5C9:30x1', method: 'conditionalFormats.add', args: ['ContainsText'] });
    const header = excel.ranges.find((r) => r.row === 4 && r.col === 9);
    expect(header?.mock.format.font.bold).toBe(true);
    expect(header?.mock.format.fill.color).toBe('#F3F2F1');
    expect(excel.calls).toContainEqual({ target: 'S', method: 'freezeRows', args: [5] });
    expect(excel.syncs()).toBe(1);
  });

  it('protects a sheet once, and unprotects only a protected one', async () => {
    const excel = mockExcel([{ name: 'Snap', protected: true }, { name: 'Open' }]);
    const host = new OfficeHost(excel.entry, ALL);
    await host.apply([
      { op: 'protect', sheet: 'Snap', protect: true },
      { op: 'protect', sheet: 'Open', protect: false },
      { op: 'protect', sheet: 'Open', protect: true },
    ]);
    expect(excel.calls.filter((c) => c.method === 'protect' || c.method === 'unprotect')).toEqual([
      { target: 'Open', method: 'protect', args: [{ allowFormatColumns: true, allowAutoFilter: true }] },
    ]);
  });

  it('turns a worksheet change into a notice naming the sheet, its block, its source and whether we made it', async () => {
    const excel = mockExcel([{ name: 'Phụ lục', values: [['a']] }]);
    const host = new OfficeHost(excel.entry, ALL);
    const notices: unknown[] = [];
    const stop = await host.onChange((n) => notices.push(n));
    await excel.fireChange({ worksheetId: '{Phụ lục}', address: 'J7:J8', source: 'Remote', changeType: 'RangeEdited', triggerSource: 'Unknown' });
    await excel.fireChange({ worksheetId: '{Phụ lục}', address: 'K7', source: 'Local', changeType: 'RangeEdited', triggerSource: 'ThisLocalAddin' });
    await excel.fireChange({ worksheetId: '{gone}', address: 'A1', source: 'Local', changeType: 'RangeEdited' });
    expect(notices).toEqual([
      { sheet: 'Phụ lục', sheetId: '{Phụ lục}', address: 'J7:J8', rect: { row: 6, col: 9, rows: 2, cols: 1 }, source: 'Remote', byThisAddin: false, changeType: 'RangeEdited' },
      { sheet: 'Phụ lục', sheetId: '{Phụ lục}', address: 'K7', rect: { row: 6, col: 10, rows: 1, cols: 1 }, source: 'Local', byThisAddin: true, changeType: 'RangeEdited' },
    ]);
    await stop();
    expect(excel.calls).toContainEqual({ target: 'onChanged', method: 'remove', args: [] });
  });

  it('turns a selection into the sheet by name and id and the selected block; whole rows and deleted sheets say nothing', async () => {
    const excel = mockExcel([{ name: 'Phụ lục', values: [['a']] }]);
    const host = new OfficeHost(excel.entry, ALL);
    const selections: unknown[] = [];
    const stop = await host.onSelectionChange((s) => selections.push(s));
    await excel.fireSelection({ worksheetId: '{Phụ lục}', address: 'B7:D7' });
    await excel.fireSelection({ worksheetId: '{Phụ lục}', address: '7:7' });
    await excel.fireSelection({ worksheetId: '{gone}', address: 'A1' });
    expect(selections).toEqual([{ sheet: 'Phụ lục', sheetId: '{Phụ lục}', rect: { row: 6, col: 1, rows: 1, cols: 3 } }]);
    await stop();
    expect(excel.calls).toContainEqual({ target: 'onSelectionChanged', method: 'remove', args: [] });
  });

  it('selects a block with range.select(), after activating its sheet, in one round trip', async () => {
    const excel = mockExcel([{ name: 'Phụ lục', values: [['a']] }, { name: 'Khác' }], 'Khác');
    const host = new OfficeHost(excel.entry, ALL);
    await host.apply([
      { op: 'activate', sheet: 'Phụ lục' },
      { op: 'select', sheet: 'Phụ lục', rect: { row: 6, col: 0, rows: 1, cols: 12 } },
    ]);
    expect(excel.calls.filter((c) => c.method === 'activate' || c.method === 'select')).toEqual([
      { target: 'Phụ lục', method: 'activate', args: [] },
      { target: 'Phụ lục!R6C0:1x12', method: 'select', args: [] },
    ]);
    expect(excel.syncs()).toBe(1);
  });

  it('lists the sheets with their ids in one round trip', async () => {
    const excel = mockExcel([{ name: 'Phụ lục', values: [['a']] }, { name: 'Theo dõi', values: [] }]);
    const host = new OfficeHost(excel.entry, ALL);
    expect(await host.sheets()).toEqual([
      { id: '{Phụ lục}', name: 'Phụ lục', visibility: 'visible' },
      { id: '{Theo dõi}', name: 'Theo dõi', visibility: 'visible' },
    ]);
    expect(excel.syncs()).toBe(1);
  });

  it('runs on ExcelApi 1.7 with less: no drop-down, events left on, no screen suspension, each sheet watched', async () => {
    const excel = mockExcel([{ name: 'Phụ lục', values: [['a']] }, { name: 'Khác', values: [] }]);
    const host = new OfficeHost(excel.entry, EXCEL_2019);
    await host.apply([
      { op: 'write', sheet: 'Phụ lục', row: 6, col: 9, values: [['Chưa thực hiện']] },
      { op: 'listValidation', sheet: 'Phụ lục', rect: { row: 6, col: 9, rows: 2, cols: 1 }, choices: ['A', 'B'], title: 't', message: 'm' },
    ]);
    expect(excel.runtime.eventSwitches).toEqual([]);
    expect(excel.calls.filter((c) => c.method === 'suspendScreenUpdatingUntilNextSync' || c.method.startsWith('dataValidation'))).toEqual([]);
    expect(excel.ranges.filter((r) => r.mock.dataValidation?.rule)).toEqual([]);
    const notices: ChangeNotice[] = [];
    const stop = await host.onChange((n) => notices.push(n));
    await excel.fireChange({ worksheetId: '{Phụ lục}', address: 'J7', source: 'Local', changeType: 'RangeEdited' });
    expect(notices.map((n) => [n.sheet, n.address, n.byThisAddin])).toEqual([['Phụ lục', 'J7', false]]);
    await stop();
    expect(excel.calls.filter((c) => c.method === 'remove')).toHaveLength(2);
    const selections: string[] = [];
    const stopSelections = await host.onSelectionChange((s) => selections.push(s.sheet));
    await excel.fireSelection({ worksheetId: '{Khác}', address: 'A1' });
    expect(selections).toEqual(['Khác']);
    await stopSelections();
    expect(excel.calls.filter((c) => c.method === 'remove')).toHaveLength(4);
  });
});
