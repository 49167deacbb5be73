import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, LedgerError } from '../../ledger/errors.ts';
import { EMPTY_HEAD, type RawEvent } from '../../ledger/store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { describeStoreConformance } from './conformance.ts';
import { sampleEvents } from './sample-events.ts';

const WRITER = fileURLToPath(new URL('./children/ndjson-writer.ts', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'cchc-ndjson-'));
const linesOf = (events: readonly object[]) => events.map((e) => JSON.stringify(e) + '\n').join('');

async function readAll(store: NdjsonStore): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  for await (const raw of store.read()) out.push(raw);
  return out;
}

describeStoreConformance('NDJSON file', async () => {
  const file = join(tmp(), 'ledger.ndjson');
  return { open: () => NdjsonStore.open(file), concurrentHandles: true };
});

describe('NDJSON store', () => {
  it('writes exactly JSON.stringify(event) + "\\n" per event, creating the file on the first append', async () => {
    const file = join(tmp(), 'so-theo-doi.ndjson');
    const store = await NdjsonStore.open(file);
    expect(existsSync(file)).toBe(false);
    const events = sampleEvents(20);
    await store.append(events.slice(0, 8), EMPTY_HEAD);
    await store.append(events.slice(8), { seq: 8, hash: events[7]!.hash });
    expect(readFileSync(file, 'utf8')).toBe(linesOf(events));
  });

  it('gives each record its file, line and byte offset', async () => {
    const file = join(tmp(), 'ledger.ndjson');
    const events = sampleEvents(6);
    writeFileSync(file, linesOf(events));
    const records = await readAll(await NdjsonStore.open(file));
    let byte = 0;
    records.forEach((r, i) => {
      expect(r.where).toEqual({ file, line: i + 1, byte });
      byte += Buffer.byteLength(JSON.stringify(events[i]) + '\n');
    });
  });

  it('leaves the bytes untouched when an append is refused', async () => {
    const file = join(tmp(), 'ledger.ndjson');
    const store = await NdjsonStore.open(file);
    const events = sampleEvents(4);
    await store.append(events, EMPTY_HEAD);
    const before = readFileSync(file);
    await expect(store.append(sampleEvents(1), EMPTY_HEAD)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('reads the head from the last line, without parsing the lines before it', async () => {
    const file = join(tmp(), 'ledger.ndjson');
    const events = sampleEvents(5);
    const lines = linesOf(events).split('\n');
    lines[1] = 'not json at all';
    writeFileSync(file, lines.join('\n'));
    const store = await NdjsonStore.open(file);
    expect(await store.head()).toEqual({ seq: 5, hash: events[4]!.hash });
    expect(store.tornTail).toBeNull();
    const result = await verify(store.read());
    expect(result).toMatchObject({ ok: false, code: 'parse', seq: 2, where: { file, line: 2 }, countBeforeProblem: 1 });
  });

  describe('a torn last line', () => {
    const whole = sampleEvents(7);
    const torn = JSON.stringify(sampleEvents(8)[7]).slice(0, 123);

    it('is reported on open with its byte offset, blocks appends, and is moved aside by repair', async () => {
      const dir = tmp();
      const file = join(dir, 'ledger.ndjson');
      writeFileSync(file, linesOf(whole) + torn);
      const size = Buffer.byteLength(linesOf(whole));
      const store = await NdjsonStore.open(file);
      expect(store.tornTail).toEqual({ byte: size, length: Buffer.byteLength(torn), reason: 'no-newline' });
      expect(await store.head()).toEqual({ seq: 7, hash: whole[6]!.hash });

      const refused = await store.append(sampleEvents(8).slice(7), { seq: 7, hash: whole[6]!.hash }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(LedgerError);
      expect((refused as LedgerError).code).toBe('storage');
      expect((refused as LedgerError).messageVi).toContain('cchc repair');
      expect((refused as LedgerError).messageEn).toContain(`at byte ${size}`);
      expect(readFileSync(file, 'utf8')).toBe(linesOf(whole) + torn);

      expect(await verify(store.read())).toMatchObject({ ok: false, code: 'parse', seq: 8, where: { file, line: 8, byte: size }, countBeforeProblem: 7 });

      const repaired = await store.repair();
      expect(repaired).toMatchObject({ byte: size, length: Buffer.byteLength(torn) });
      expect(repaired!.movedTo).toMatch(/ledger\.ndjson\.torn-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/);
      expect(readFileSync(repaired!.movedTo, 'utf8')).toBe(torn);
      expect(readFileSync(file, 'utf8')).toBe(linesOf(whole));
      expect(store.tornTail).toBeNull();
      expect(await verify(store.read())).toMatchObject({ ok: true, count: 7 });

      await store.append(sampleEvents(8).slice(7), { seq: 7, hash: whole[6]!.hash });
      expect(await verify(store.read())).toMatchObject({ ok: true, count: 8 });
      expect(await store.repair()).toBeNull();
    });

    it('is not mistaken for the line another process is writing at that moment', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      writeFileSync(file, linesOf(whole));
      const store = await NdjsonStore.open(file);
      const next = JSON.stringify(sampleEvents(8)[7]) + '\n';
      // Another writer holds the lock and has written half of its line when the read reaches the end.
      const release = await lockfile.lock(file, { realpath: false });
      appendFileSync(file, next.slice(0, 50));
      const reading = (async () => {
        const out: RawEvent[] = [];
        for await (const r of store.read()) out.push(r);
        return out;
      })();
      await new Promise((r) => setTimeout(r, 200));
      appendFileSync(file, next.slice(50));
      await release();
      const records = await reading;
      expect(records.every((r) => 'value' in r)).toBe(true);
      expect(records.length === 7 || records.length === 8).toBe(true);
      expect(store.tornTail).toBeNull();
    });

    it('includes a last line that ends in a newline but is not JSON', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      writeFileSync(file, linesOf(whole) + '\0\0\0\0\n');
      const store = await NdjsonStore.open(file);
      expect(store.tornTail).toEqual({ byte: Buffer.byteLength(linesOf(whole)), length: 5, reason: 'not-json' });
      const repaired = await store.repair();
      expect(readFileSync(repaired!.movedTo, 'utf8')).toBe('\0\0\0\0\n');
      expect(readFileSync(file, 'utf8')).toBe(linesOf(whole));
    });

    it('in a ledger of one line leaves an empty ledger after repair', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      writeFileSync(file, '{"v":1,"seq":1,');
      const store = await NdjsonStore.open(file);
      expect(store.tornTail).toEqual({ byte: 0, length: 15, reason: 'no-newline' });
      expect(await store.head()).toEqual(EMPTY_HEAD);
      await store.repair();
      expect(readFileSync(file, 'utf8')).toBe('');
      expect(await store.append(sampleEvents(1), EMPTY_HEAD)).toEqual({ seq: 1, hash: sampleEvents(1)[0]!.hash });
    });
  });

  it('repair does nothing to a whole ledger', async () => {
    const dir = tmp();
    const file = join(dir, 'ledger.ndjson');
    writeFileSync(file, linesOf(sampleEvents(3)));
    expect(await (await NdjsonStore.open(file)).repair()).toBeNull();
    expect(readdirSync(dir)).toEqual(['ledger.ndjson']);
  });

  describe('the lock', () => {
    it('makes an append wait for another holder, then go through', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      const store = await NdjsonStore.open(file);
      const events = sampleEvents(2);
      await store.append(events.slice(0, 1), EMPTY_HEAD);
      const release = await lockfile.lock(file, { realpath: false });
      let done = false;
      const pending = store.append(events.slice(1), { seq: 1, hash: events[0]!.hash }).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(done).toBe(false);
      expect(readFileSync(file, 'utf8')).toBe(linesOf(events.slice(0, 1)));
      await release();
      await pending;
      expect(readFileSync(file, 'utf8')).toBe(linesOf(events));
    });

    it('gives up with a clear message when the lock stays held', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      const store = await NdjsonStore.open(file, { lockRetries: 2 });
      const release = await lockfile.lock(file, { realpath: false });
      const error = await store.append(sampleEvents(1), EMPTY_HEAD).catch((e: unknown) => e);
      await release();
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).messageVi).toContain('đang được một chương trình khác ghi');
      expect(existsSync(file)).toBe(false);
    });

    it('takes over a stale lock left by a process that died', async () => {
      const file = join(tmp(), 'ledger.ndjson');
      mkdirSync(`${file}.lock`);
      const old = new Date(Date.now() - 60_000);
      utimesSync(`${file}.lock`, old, old);
      const store = await NdjsonStore.open(file, { lockStaleMs: 2000, lockRetries: 3 });
      await store.append(sampleEvents(1), EMPTY_HEAD);
      expect(readFileSync(file, 'utf8')).toBe(linesOf(sampleEvents(1)));
      expect(existsSync(`${file}.lock`)).toBe(false);
    });
  });

  it('truncates back to the original bytes when a write fails part way (file size limit)', () => {
    const file = join(tmp(), 'ledger.ndjson');
    const events = sampleEvents(3, { items: 5 });
    writeFileSync(file, linesOf(events));
    const before = readFileSync(file);
    // `ulimit -f` (1 KiB blocks) lets the write start and then fail with EFBIG some 20 KB into the event.
    const limit = Math.ceil(before.length / 1024) + 20;
    const child = spawnSync('bash', ['-c', `ulimit -f ${limit}; exec "${process.execPath}" --import tsx "${WRITER}" big "${file}"`], {
      encoding: 'utf8',
    });
    const outcome = JSON.parse(child.stdout.trim()) as { ok: boolean; code?: string; message?: string };
    expect(outcome).toMatchObject({ ok: false, code: 'storage' });
    expect(outcome.message).toMatch(/EFBIG|too large/i);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
