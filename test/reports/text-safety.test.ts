import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { ITEMS_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { readWithExcelJs, readWithSheetJs, reportFor, xlsxParts } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

let events: LedgerEvent[];
let report: Uint8Array;
beforeAll(async () => {
  events = await scenarioEvents();
  report = await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END);
});

// C2b's activity, output, coordinating agencies and note were typed as "=1+1", "+84 912", "-", "@x".
const TYPED = ['=1+1', '+84 912', '-', '@x'];

describe('text a user typed stays text', () => {
  it('comes back as strings from SheetJS, with no formula', () => {
    const sheet = readWithSheetJs(report).Sheets[ITEMS_SHEET_NAME]!;
    const found = Object.entries(sheet).filter(([key, cell]) => !key.startsWith('!') && TYPED.includes((cell as { v?: unknown }).v as string));
    expect(found.map(([, cell]) => (cell as { v: unknown }).v).sort()).toEqual([...TYPED].sort());
    for (const [address, cell] of found) {
      expect(cell, address).toMatchObject({ t: 's' });
      expect((cell as { f?: unknown }).f, address).toBeUndefined();
    }
  });

  it('comes back as strings from exceljs, never as a formula value', async () => {
    const sheet = (await readWithExcelJs(report)).getWorksheet(ITEMS_SHEET_NAME)!;
    const seen: string[] = [];
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && TYPED.includes(cell.value)) seen.push(cell.value);
        expect(cell.formula, cell.address).toBeUndefined();
      }),
    );
    expect(seen.sort()).toEqual([...TYPED].sort());
  });

  it('no sheet of any report holds a formula at all', async () => {
    const parts = await xlsxParts(report);
    const sheets = [...parts].filter(([name]) => name.startsWith('xl/worksheets/sheet'));
    expect(sheets.length).toBe(6);
    for (const [name, xml] of sheets) expect(xml, name).not.toMatch(/<f[ >]/);
  });
});
