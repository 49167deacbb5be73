import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { EventStore } from '../../ledger/store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { IndexedDbStore } from '../../ledger/stores/indexeddb-store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import { verify } from '../../ledger/verify.ts';
import { workbookLedgerStore } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { ALICE, importDraft } from '../support/sample-plan.ts';

const NOW = () => new Date('2021-12-31T00:00:00.000Z');
const signer = signerOfPrivateKey(newPrivateKeyPem());

/** A signed ledger of three events (the importer's enrolment, the plan, a note with an emoji and "_x") in `store`. */
async function fill(store: EventStore): Promise<LedgerEvent[]> {
  const ledger = await Ledger.open(store, { signer, clock: NOW });
  const events = await ledger.append(importDraft());
  events.push(...(await ledger.append({ type: 'progress.noted', at: '2021-01-05T00:00:00.000Z', actor: ALICE, data: { item: 'I.1', note: 'Xong 😀 ke_hoach_x2021_' } })));
  return events;
}

describe('every store keeps a signed event as its one line, and refuses another', () => {
  it('NDJSON: the file holds the stored lines; a space, or a bad UTF-8 byte, is refused at its seq', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-signed-')), 'so.ndjson');
    const events = await fill(await NdjsonStore.open(file));
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(events.map((e) => storedLine(e) + '\n').join(''));
    expect(await verify((await NdjsonStore.open(file)).read(), { now: NOW })).toMatchObject({ ok: true, format: 2, count: 3 });

    const lines = text.split('\n');
    writeFileSync(file, [lines[0], lines[1]!.replace('":', '": '), ...lines.slice(2)].join('\n'));
    expect(await verify((await NdjsonStore.open(file)).read(), { now: NOW })).toMatchObject({ ok: false, seq: 2, code: 'canonical', lineByte: lines[1]!.indexOf('":') + 2 });

    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf(Buffer.from('ễ'));
    bytes[at + 1] = 0x41;
    writeFileSync(file, bytes);
    const result = await verify((await NdjsonStore.open(file)).read(), { now: NOW });
    expect(result).toMatchObject({ ok: false, code: 'parse' });
    expect(!result.ok && result.message_en).toContain(`byte ${at} is not valid UTF-8`);
  });

  it('IndexedDB: each record holds the stored line; another line for the same event is refused', async () => {
    const store = await IndexedDbStore.open(`signed-${Date.now()}`);
    const events = await fill(store);
    const records = await store.db.getAll('events');
    expect(records.map((r) => r.line)).toEqual(events.map(storedLine));
    await store.db.put('events', { ...records[2]!, line: records[2]!.line.replace('{', '{ ') });
    expect(await verify(store.read(), { now: NOW })).toMatchObject({ ok: false, seq: 3, code: 'canonical' });
    await store.close();
  });

  it('the ledger sheet: cells hold the line as `cellText` cuts it; other cells for the same event are refused', async () => {
    const workbook = new ExcelJS.Workbook();
    const events = await fill(workbookLedgerStore(workbook));
    expect(await verify(workbookLedgerStore(workbook).read(), { now: NOW })).toMatchObject({ ok: true, format: 2, count: 3 });
    const sheet = workbook.getWorksheet(LEDGER_SHEET_NAME)!;
    const cell = sheet.getRow(4).getCell(3);
    const text = String(cell.value);
    expect(text).toContain('\\u005fx2021'); // "_x" escaped so spreadsheets keep it, and read back exactly
    // The same JSON value with the emoji written as itself: a different cell text, refused with its cell.
    cell.value = text.replace('\\ud83d\\ude00', '😀');
    const result = await verify(workbookLedgerStore(workbook).read(), { now: NOW });
    expect(result).toMatchObject({ ok: false, seq: 3, code: 'parse' });
    expect(!result.ok && result.message_en).toContain('C4');
    expect(events).toHaveLength(3);
  });
});
