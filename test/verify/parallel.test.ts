// The parallel verifier (cli/verify-pool.ts: per-line checks on worker threads, the rest in order)
// must give exactly the sequential verdict — same seq, code and message — whatever was tampered with.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import { precheckingBy, VerifyPool } from '../../cli/verify-pool.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify, type VerifyOptions } from '../../ledger/verify.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import { sampleEvents } from '../stores/sample-events.ts';
import { ALICE, BINH, importDraft } from '../support/sample-plan.ts';

const NOW = () => new Date('2021-12-31T00:00:00.000Z');
const at = (day: number) => new Date(Date.parse('2021-01-05T03:00:00.000Z') + day * 86_400_000).toISOString();
const dir = mkdtempSync(join(tmpdir(), 'cchc-parallel-'));
let files = 0;
let pool: VerifyPool;

// Batches of 3 lines: a small ledger crosses many batches and workers, in and out of order. Format 1
// ledgers go to the workers too here (by default they stay on the main thread).
beforeAll(() => void (pool = new VerifyPool(2)));
afterAll(() => pool.close());

/** Both verdicts on `bytes` read back from a file, as `cchc verify` reads it: in order alone, and with the pool. */
async function bothVerdicts(bytes: Buffer, options: VerifyOptions = {}) {
  const file = join(dir, `ledger-${files++}.ndjson`);
  writeFileSync(file, bytes);
  const run = async (parallel: boolean) => {
    const store = await NdjsonStore.open(file);
    try {
      return await verify(store.read(), { now: NOW, ...options, ...(parallel && { prechecking: precheckingBy(pool, { batchLines: 3, unsigned: true, minLines: 0 }) }) });
    } finally {
      await store.close();
    }
  };
  return { sequential: await run(false), parallel: await run(true) };
}

/** Changes one byte of one line (never its newline) by `delta`. */
function withByteChanged(lines: readonly Buffer[], index: number, position: number, delta: number): Buffer {
  const line = Buffer.from(lines[index]!);
  const where = position % (line.length - 1);
  line[where] = (line[where]! + delta) % 256;
  return Buffer.concat([...lines.slice(0, index), line, ...lines.slice(index + 1)]);
}

/** A signed ledger: Alice imports, enrolls Bình, both record, and Bình's key is revoked part-way. */
async function signedEvents(admin: Signer, member: Signer): Promise<LedgerEvent[]> {
  const ledger = await Ledger.open(new MemoryStore(), { clock: NOW, signer: admin });
  const events: LedgerEvent[] = [...(await ledger.append(importDraft(at(0))))];
  const steps: Array<[EventDraft, Signer]> = [
    [{ type: 'key.enrolled', at: at(0.1), actor: ALICE, data: { key: member.fingerprint, publicKey: member.publicKey, person: BINH, role: 'member' } }, admin],
    [{ type: 'status.changed', at: at(1), actor: BINH, data: { item: 'II.1', status: 'in_progress', effective: '2021-01-06', note: 'Bắt đầu' } }, member],
    [{ type: 'progress.noted', at: at(2), actor: ALICE, data: { item: 'I.1', note: 'Đã có dự thảo', percent: 40 } }, admin],
    [{ type: 'evidence.attached', at: at(3), actor: BINH, data: { item: 'II.1', document: { kind: 'Báo cáo', number: '12/BC-STP', date: '2021-01-08' } } }, member],
    [{ type: 'status.changed', at: at(4), actor: BINH, data: { item: 'II.1', status: 'done', effective: '2021-01-09' } }, member],
    [{ type: 'key.revoked', at: at(5), actor: ALICE, data: { key: member.fingerprint, from: at(5), reason: 'Chuyển công tác' } }, admin],
    [{ type: 'progress.noted', at: at(6), actor: ALICE, data: { item: 'I.1', note: 'Đã trình', percent: 80 } }, admin],
  ];
  for (const [draft, signer] of steps) events.push(...(await ledger.append(draft, { signer })));
  return events;
}

describe('the parallel verifier gives the sequential verdict', () => {
  const unsigned = sampleEvents(24, { items: 12 });
  const UNSIGNED = unsigned.map((e) => Buffer.from(`${JSON.stringify(e)}\n`, 'utf8'));
  let SIGNED: Buffer[];
  let OTHER: Buffer[];

  beforeAll(async () => {
    const [admin, member] = [signerOfPrivateKey(newPrivateKeyPem()), signerOfPrivateKey(newPrivateKeyPem())];
    SIGNED = (await signedEvents(admin, member)).map((e) => Buffer.from(`${storedLine(e)}\n`, 'utf8'));
    OTHER = (await signedEvents(admin, member)).map((e) => Buffer.from(`${storedLine(e)}\n`, 'utf8'));
  });

  it('takes from the workers every schema check, hash and signature of an intact ledger', async () => {
    const prechecks = async (buffers: Buffer[]) => {
      const lines = buffers.map((l) => l.toString().trimEnd());
      const found = [];
      for await (const { precheck } of precheckingBy(pool, { batchLines: 3, unsigned: true, minLines: 0 })(lines.map((line, i) => ({ value: JSON.parse(line), line, where: { line: i + 1 } })))) found.push(precheck);
      expect(found).toHaveLength(lines.length);
      return found;
    };
    const ledgerId = JSON.parse(SIGNED[0]!.toString()).id;
    for (const precheck of await prechecks(SIGNED)) expect(precheck).toEqual({ hashHolds: true, schemaHolds: true, signedBy: { ledgerId, publicKey: expect.any(String) } });
    for (const precheck of await prechecks(UNSIGNED)) expect(precheck).toEqual({ hashHolds: true, schemaHolds: true });
    // By default an unsigned ledger is checked on the main thread alone.
    const alone = [];
    for await (const { precheck } of precheckingBy(pool)(UNSIGNED.map((l, i) => ({ value: JSON.parse(l.toString()), line: l.toString().trimEnd(), where: { line: i + 1 } })))) alone.push(precheck);
    expect(alone).toEqual(UNSIGNED.map(() => undefined));
  });

  it('a short signed ledger is checked on this thread alone, starting no worker, unless the pool already runs', async () => {
    const idle = new VerifyPool(2);
    const records = () => SIGNED.map((l, i) => ({ value: JSON.parse(l.toString()), line: l.toString().trimEnd(), where: { line: i + 1 } }));
    const alone = [];
    for await (const { precheck } of precheckingBy(idle)(records())) alone.push(precheck);
    expect(alone).toEqual(SIGNED.map(() => undefined));
    expect(idle.started).toBe(false);
    // Once it runs (a province report warms it over many short plans), short ledgers use it too.
    const vouched = [];
    for await (const { precheck } of precheckingBy(idle, { minLines: 0 })(records())) vouched.push(precheck);
    expect(idle.started).toBe(true);
    const after = [];
    for await (const { precheck } of precheckingBy(idle)(records())) after.push(precheck);
    expect(after).toEqual(vouched);
    expect(after.every((p) => p?.signedBy !== undefined)).toBe(true);
    await idle.close();
  });

  it('a line longer than a batch may hold is checked on this thread alone, the others on the workers', async () => {
    const records = () => SIGNED.map((l, i) => ({ value: JSON.parse(l.toString()), line: l.toString().trimEnd(), where: { line: i + 1 } }));
    const longest = Math.max(...SIGNED.map((l) => l.toString().trimEnd().length));
    const found = [];
    for await (const { precheck } of precheckingBy(pool, { minLines: 0, batchChars: longest - 1 })(records())) found.push(precheck);
    expect(found).toEqual(SIGNED.map((l) => (l.toString().trimEnd().length === longest ? undefined : expect.objectContaining({ hashHolds: true, schemaHolds: true }))));
    const sequential = await verifyAndReplay(records(), { knownAt: '2099-01-01T00:00:00.000Z', validAt: '2099-01-01' });
    const parallel = await verifyAndReplay(records(), { knownAt: '2099-01-01T00:00:00.000Z', validAt: '2099-01-01', prechecking: precheckingBy(pool, { minLines: 0, batchChars: longest - 1 }) });
    expect(parallel.verification).toEqual(sequential.verification);
    expect(parallel.state).toEqual(sequential.state);
  });

  it('on intact ledgers of both formats', async () => {
    for (const lines of [UNSIGNED, SIGNED]) {
      const { sequential, parallel } = await bothVerdicts(Buffer.concat(lines));
      expect(sequential.ok).toBe(true);
      expect(parallel).toEqual(sequential);
    }
  });

  it('with any byte of any event changed, format 1 and format 2 (signed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 255 }), async (signed, index, position, delta) => {
        const lines = signed ? SIGNED : UNSIGNED;
        const { sequential, parallel } = await bothVerdicts(withByteChanged(lines, index % lines.length, position, delta));
        expect(sequential.ok).toBe(false);
        expect(parallel).toEqual(sequential);
      }),
      { numRuns: 200 },
    );
  });

  it('with events deleted, swapped, duplicated or copied from another ledger', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.constantFrom('delete', 'swap', 'duplicate', 'copy'), async (a, b, change) => {
        const lines = [...SIGNED];
        const i = a % lines.length;
        const j = b % lines.length;
        if (change === 'delete') lines.splice(i, 1);
        if (change === 'swap') [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        if (change === 'duplicate') lines.splice(i, 0, lines[i]!);
        if (change === 'copy') lines[i] = OTHER[i]!;
        const { sequential, parallel } = await bothVerdicts(Buffer.concat(lines), { anchor: { seq: SIGNED.length, hash: JSON.parse(SIGNED.at(-1)!.toString()).hash } });
        expect(parallel).toEqual(sequential);
      }),
      { numRuns: 80 },
    );
  });

  it('and verify+replay builds the same state', async () => {
    const records = (lines: Buffer[]) => lines.map((l, i) => ({ value: JSON.parse(l.toString()), line: l.toString().trimEnd(), where: { line: i + 1 } }));
    const options = { knownAt: '2021-12-31T00:00:00.000Z', validAt: '2021-12-31', now: NOW };
    for (const lines of [UNSIGNED, SIGNED]) {
      const sequential = await verifyAndReplay(records(lines), options);
      const parallel = await verifyAndReplay(records(lines), { ...options, prechecking: precheckingBy(pool, { batchLines: 5, unsigned: true, minLines: 0 }) });
      expect(parallel.verification).toEqual(sequential.verification);
      expect(parallel.state).toEqual(sequential.state);
    }
  });
});
