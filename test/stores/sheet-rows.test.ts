import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import { EMPTY_HEAD, type RawEvent } from '../../ledger/store.ts';
import {
  CHUNK_LENGTH,
  LEDGER_SHEET_NAME,
  cellText,
  decodeRow,
  encodeEvent,
  splitChunks,
} from '../../ledger/stores/sheet-rows.ts';
import { columnLetter } from '../../ledger/column-letter.ts';
import { verify } from '../../ledger/verify.ts';
import { hasLedgerSheet, loadWorkbook, workbookBytes, workbookLedgerStore, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { describeStoreConformance } from './conformance.ts';
import { sampleBodies, sampleEvents, sealAfter } from './sample-events.ts';

describeStoreConformance('workbook ledger sheet (exceljs, saved and reloaded)', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-sheet-')), 'so-theo-doi.xlsx');
  return {
    // Each open loads the .xlsx file; closing saves it, as the add-in's workbook would be saved.
    open: async () => {
      const workbook = existsSync(file) ? await loadWorkbook(readFileSync(file)) : new ExcelJS.Workbook();
      const store = workbookLedgerStore(workbook);
      const close = store.close.bind(store);
      store.close = async () => {
        writeFileSync(file, await workbookBytes(workbook));
        await close();
      };
      return store;
    },
    concurrentHandles: false,
  };
});

async function readAll(records: AsyncIterable<RawEvent>): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe('ledger sheet rows', () => {
  it('cuts a JSON line into cells of at most 30,000 characters that join back to it', () => {
    const text = cellText(JSON.stringify({ note: 'Hoàn thành 😀 báo cáo =+-@ '.repeat(9000) }));
    const chunks = splitChunks(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(7);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_LENGTH);
      expect(chunk.length).toBeGreaterThan(0);
      // No cell a spreadsheet would take for a formula.
      expect(chunk[0]).not.toMatch(/[=+\-@']/);
    }
  });

  it('writes emoji and "_xHHHH_" as JSON escapes, so no spreadsheet reader can change them', async () => {
    const json = JSON.stringify({ file: 'ke_hoach_x2021_.xlsx', note: 'Đã xong 😀 _X0041_' });
    const text = cellText(json);
    expect(text).not.toMatch(/[\ud800-\udfff]|_[xX]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(json));

    const [plan] = sampleEvents(1, { items: 3 });
    const body = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: 'x', start: '2021-02-01T01:00:00.000Z' }).next().value!;
    // Enough emoji that some straddle exceljs's 16,384-unit load pieces.
    const note = 'Tài liệu ke_hoach_x2021_ 😀 '.repeat(3000);
    const event = sealAfter({ ...body, data: { ...(body.data as object), note } } as typeof body, { seq: 1, hash: plan!.hash });
    const workbook = new ExcelJS.Workbook();
    await writeLedgerSheet(workbook, [plan!, event]);
    const bytes = await workbookBytes(workbook);
    expect(await verify(workbookLedgerStore(await loadWorkbook(bytes)).read())).toMatchObject({ ok: true, count: 2 });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(bytes).Sheets[LEDGER_SHEET_NAME]!, { header: 1, raw: true });
    expect(decodeRow(rows[2]!, 3)).toEqual({ value: event, line: JSON.stringify(event), where: { sheet: LEDGER_SHEET_NAME, row: 3 } });
  });

  it('splits exactly at the limit when nothing forbids it', () => {
    expect(splitChunks('a'.repeat(65_000)).map((c) => c.length)).toEqual([30_000, 30_000, 5_000]);
    expect(splitChunks('short')).toEqual(['short']);
  });

  it('encodes an event as seq, hash, JSON chunks and decodes it back with its sheet row', () => {
    const [plan] = sampleEvents(1, { items: 800 });
    const row = encodeEvent(plan!);
    expect(row[0]).toBe(1);
    expect(row[1]).toBe(plan!.hash);
    expect((row.slice(2) as string[]).join('')).toBe(cellText(JSON.stringify(plan)));
    expect(decodeRow(row, 2)).toEqual({ value: plan, line: JSON.stringify(plan), where: { sheet: LEDGER_SHEET_NAME, row: 2 } });
  });

  it('reports a row whose cells disagree with its event, or that holds no JSON, with the cell', () => {
    const [event] = sampleEvents(1, { items: 3 });
    const row = encodeEvent(event!);
    const problem = (r: RawEvent) => ('parseError' in r ? r.parseError : null);
    expect(problem(decodeRow([2, ...row.slice(1)], 5))).toContain('A5');
    expect(problem(decodeRow([row[0]!, 'f'.repeat(64), ...row.slice(2)], 5))).toContain('B5');
    expect(problem(decodeRow([row[0]!, row[1]!, 12345], 6))).toContain('C6');
    expect(problem(decodeRow([row[0]!, row[1]!, '{"v":1,'], 7))).toContain('C7');
    expect(problem(decodeRow(['', '', ''], 8))).toContain('row 8 is empty');
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(27)).toBe('AA');
    expect(columnLetter(16_384)).toBe('XFD');
  });

  it('writes the sheet very hidden with a header, readable by another spreadsheet library', async () => {
    const events = sampleEvents(30, { items: 1200 });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Phụ lục').getCell('A1').value = 'STT';
    await writeLedgerSheet(workbook, events);
    const bytes = await workbookBytes(workbook);

    const sheetjs = XLSX.read(bytes, { type: 'buffer' });
    const info = sheetjs.Workbook!.Sheets!.find((s) => s.name === LEDGER_SHEET_NAME)!;
    expect(info.Hidden).toBe(2); // 2 = very hidden
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheetjs.Sheets[LEDGER_SHEET_NAME]!, { header: 1, raw: true });
    expect(rows[0]).toEqual(['cchc-ledger-sheet', 1]);
    expect(rows).toHaveLength(31);
    expect(rows.map((r, i) => (i === 0 ? null : decodeRow(r, i + 1)))).toEqual([
      null,
      ...events.map((e, i) => ({ value: e, line: JSON.stringify(e), where: { sheet: LEDGER_SHEET_NAME, row: i + 2 } })),
    ]);
    for (const r of rows) for (const cell of r) if (typeof cell === 'string') expect(cell.length).toBeLessThanOrEqual(32_767);

    const reloaded = await loadWorkbook(bytes);
    expect(reloaded.getWorksheet(LEDGER_SHEET_NAME)!.state).toBe('veryHidden');
    expect(await verify(workbookLedgerStore(reloaded).read())).toEqual({ ok: true, count: 30, head: { seq: 30, hash: events[29]!.hash }, format: 1 });

    // Writing again replaces the sheet rather than adding a second one.
    await writeLedgerSheet(reloaded, events.slice(0, 10));
    expect(reloaded.worksheets.filter((w) => w.name === LEDGER_SHEET_NAME)).toHaveLength(1);
    expect(await verify(workbookLedgerStore(reloaded).read())).toMatchObject({ ok: true, count: 10 });
  });

  it('refuses appends when opened read-only, and when row 1 is not the ledger header', async () => {
    const workbook = new ExcelJS.Workbook();
    expect(hasLedgerSheet(workbook)).toBe(false);
    const readOnly = workbookLedgerStore(workbook, { readOnly: true });
    await expect(readOnly.append(sampleEvents(1), EMPTY_HEAD)).rejects.toBeInstanceOf(LedgerError);
    expect(hasLedgerSheet(workbook)).toBe(false);

    workbook.addWorksheet(LEDGER_SHEET_NAME).getCell('A1').value = 'Ghi chú';
    const store = workbookLedgerStore(workbook);
    const error = await store.append(sampleEvents(1), EMPTY_HEAD).catch((e: unknown) => e);
    expect((error as LedgerError).messageVi).toContain('không phải sổ theo dõi');
    expect(await readAll(store.read())).toEqual([
      { parseError: expect.stringContaining('A1'), where: { sheet: LEDGER_SHEET_NAME, row: 1 } },
    ]);
  });
});
