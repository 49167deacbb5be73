import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { IndexedDbStore, ledgerDatabaseName } from '../../ledger/stores/indexeddb-store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { decodeRow } from '../../ledger/stores/sheet-rows.ts';
import { verify } from '../../ledger/verify.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';

/** A ledger of three events; returns its file and its lines. */
async function threeEvents(): Promise<{ file: string; lines: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-meaning-')), 'ledger.ndjson');
  const store = await NdjsonStore.open(file);
  const ledger = await Ledger.open(store);
  await ledger.append(importDraft());
  await ledger.append(statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T01:00:00.000Z', 'Đang làm'));
  await ledger.append(statusDraft('I.2', 'in_progress', '2021-02-02', '2021-02-02T01:00:00.000Z'));
  await store.close();
  return { file, lines: readFileSync(file, 'utf8').trim().split('\n') };
}

/**
 * Line 2 with a decoy: `"status":"done"` first, then the real `"status":"in_progress"`. JSON.parse
 * keeps the last (so the hash, over the last, still matches); a reader keeping the first sees "done".
 */
const withDecoy = (line: string) => line.replace('"status":"in_progress"', '"status":"done","status":"in_progress"');

describe('a stored line has one meaning', () => {
  it('verify refuses a key given twice, naming the seq, line and byte, and changes nothing', async () => {
    const { file, lines } = await threeEvents();
    lines[1] = withDecoy(lines[1]!);
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    const before = readFileSync(file);
    const r = runCli(['verify', file]);
    expect(r.code).toBe(1);
    const byte = Buffer.byteLength(`${lines[0]}\n`) + Buffer.byteLength(lines[1]!.slice(0, lines[1]!.indexOf('"status":"in_progress"')));
    expect(r.stdout).toContain(`First bad event: seq 2 (file ${file}, line 2, byte ${Buffer.byteLength(`${lines[0]}\n`)})`);
    expect(r.stdout).toContain(`the key "status" appears twice in one object (at byte ${byte})`);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);

  it('verify refuses bytes that are not UTF-8 (decoded lossily they would verify), naming the byte', async () => {
    const { file, lines } = await threeEvents();
    const good = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
    const at = good.indexOf('Đang làm') + 1; // inside "Đ" (C4 90): C4 becomes C0, never UTF-8
    good[at - 1] = 0xc0;
    writeFileSync(file, good);
    const r = runCli(['verify', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('First bad event: seq 2');
    expect(r.stdout).toContain(`byte ${at - 1} is not valid UTF-8`);
    expect(readFileSync(file).equals(good)).toBe(true);
  }, 60_000);

  it('the ledger sheet and IndexedDB refuse a key given twice as well', async () => {
    const { lines } = await threeEvents();
    const decoy = withDecoy(lines[1]!);
    const value = JSON.parse(decoy) as { seq: number; hash: string };
    const row = decodeRow([value.seq, value.hash, decoy], 3);
    expect(row).toMatchObject({ parseError: expect.stringContaining('the key "status" appears twice') as unknown, where: { row: 3 } });

    const name = `one-meaning-${Date.now()}`;
    const db = await openDB(ledgerDatabaseName(name), 1, { upgrade: (d) => void d.createObjectStore('events', { keyPath: 'seq' }) });
    const stored = [lines[0]!, decoy, lines[2]!];
    await Promise.all(stored.map((line, i) => db.put('events', { seq: i + 1, hash: sha256Hex(canonicalJson(JSON.parse(line), 'hash')), line })));
    db.close();
    const result = await verify((await IndexedDbStore.open(name)).read());
    expect(result).toMatchObject({ ok: false, code: 'parse', seq: 2 });
    expect(!result.ok && result.message_en).toContain('the key "status" appears twice');
  });
});
