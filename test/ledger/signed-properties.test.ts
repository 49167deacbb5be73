import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signerOfPrivateKey, newPrivateKeyPem } from '../../cli/key-file.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { seal } from '../../ledger/seal.ts';
import { signedContent, type Signer } from '../../ledger/signed-content.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verify } from '../../ledger/verify.ts';
import { ALICE, BINH, importDraft } from '../support/sample-plan.ts';
import { sampleEvents } from '../stores/sample-events.ts';

const NOW = () => new Date('2021-12-31T00:00:00.000Z');
const at = (day: number, minute = 0) => new Date(Date.parse('2021-01-05T03:00:00.000Z') + day * 86_400_000 + minute * 60_000).toISOString();

let admin: Signer;
let member: Signer;
let good: LedgerEvent[];

/** A signed ledger: Alice imports (enrolled first, as administrator), enrolls Bình, and both record. */
async function signedLedger(ids: string, by = { admin, member }): Promise<{ ledger: Ledger; store: MemoryStore; events: LedgerEvent[] }> {
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock: NOW, signer: by.admin });
  const events: LedgerEvent[] = [];
  events.push(...(await ledger.append({ ...importDraft(at(0)), id: `${ids}-plan` })));
  events.push(
    ...(await ledger.append({ type: 'key.enrolled', id: `${ids}-k`, at: at(0, 1), actor: ALICE, data: { key: by.member.fingerprint, publicKey: by.member.publicKey, person: BINH, role: 'member' } })),
  );
  const changes: Array<[EventDraft, Signer]> = [
    [{ type: 'status.changed', id: `${ids}-1`, at: at(1), actor: BINH, data: { item: 'II.1', status: 'in_progress', effective: '2021-01-06', note: 'Bắt đầu' } }, by.member],
    [{ type: 'progress.noted', id: `${ids}-2`, at: at(2), actor: ALICE, data: { item: 'I.1', note: 'Đã có dự thảo', percent: 40 } }, by.admin],
    [{ type: 'evidence.attached', id: `${ids}-3`, at: at(3), actor: BINH, data: { item: 'II.1', document: { kind: 'Báo cáo', number: '12/BC-STP', date: '2021-01-08' } } }, by.member],
    [{ type: 'status.changed', id: `${ids}-4`, at: at(4), actor: BINH, data: { item: 'II.1', status: 'done', effective: '2021-01-09' } }, by.member],
  ];
  for (const [draft, signer] of changes) events.push(...(await ledger.append(draft, { signer })));
  return { ledger, store, events };
}

const linesOf = (events: readonly LedgerEvent[]) => events.map(storedLine);
const records = (lines: readonly string[]): RawEvent[] => lines.map((line, i) => ({ value: JSON.parse(line), line, where: { key: i + 1 } }));

/** Seals every event from `from` on again, so the chain holds: a forger's best effort without the keys. */
function rechain(events: readonly LedgerEvent[], from: number): LedgerEvent[] {
  const out = events.slice(0, from);
  for (let i = from; i < events.length; i++) {
    const { hash: _hash, ...body } = events[i]!;
    out.push(seal({ ...body, seq: i + 1, prev: i === 0 ? '0'.repeat(64) : out[i - 1]!.hash } as Omit<LedgerEvent, 'hash'>));
  }
  return out;
}

/** Every path to a leaf (string, number or boolean) among an event's signed fields. */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}
const SIGNED = ['id', 'at', 'actor', 'type', 'data', 'sig', 'v'] as const;

function changedAt(event: LedgerEvent, path: string[], salt: number): LedgerEvent {
  const copy = structuredClone(event) as unknown as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  const old = target[last];
  target[last] = typeof old === 'string' ? (path[0] === 'at' ? at(salt % 300, 1 + (salt % 50)) : `${old}${'xyz'[salt % 3]}`) : typeof old === 'number' ? old + 1 + (salt % 3) : !old;
  return copy as unknown as LedgerEvent;
}

beforeAll(async () => {
  admin = signerOfPrivateKey(newPrivateKeyPem());
  member = signerOfPrivateKey(newPrivateKeyPem());
  good = (await signedLedger('a')).events;
});

describe('signed ledgers (format 2)', () => {
  it('verify as signed ledgers, every event by its author', async () => {
    const result = await verify(records(linesOf(good)), { now: NOW });
    expect(result).toMatchObject({ ok: true, count: good.length, format: 2 });
    expect(result.ok && result.keys!.map((k) => [k.person.name, k.role])).toEqual([
      [ALICE.name, 'admin'],
      [BINH.name, 'member'],
    ]);
  });

  it('catch any change to any signed field, even with the whole chain recomputed after it, at that seq', async () => {
    const targets = good.flatMap((event, index) => SIGNED.flatMap((field) => leaves(event[field as keyof LedgerEvent], [field]).map((path) => ({ index, path }))));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.nat(), async ({ index, path }, salt) => {
        const events = good.map((e, i) => (i === index ? changedAt(e, path, salt) : e));
        let lines: string[];
        try {
          lines = linesOf(rechain(events, index));
        } catch {
          return; // a change that cannot even be serialised is no forgery
        }
        const result = await verify(records(lines), { now: NOW });
        expect(result.ok, `${path.join('.')} of seq ${index + 1}`).toBe(false);
        expect(!result.ok && result.seq, `${path.join('.')} of seq ${index + 1}: ${!result.ok && result.message_en}`).toBe(index + 1);
      }),
      { numRuns: 150 },
    );
  });

  it('refuse an event signed for another ledger, by the same people with the same keys', async () => {
    const other = (await signedLedger('b')).events;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: other.length - 1 }), async (index) => {
        const copied = rechain([...good, other[index]!], good.length);
        const result = await verify(records(linesOf(copied)), { now: NOW });
        expect(result).toMatchObject({ ok: false, seq: good.length + 1, code: 'signature' });
      }),
      { numRuns: 6 },
    );
  });

  it("refuse a revoked key's events from the revocation on, and keep those before it", async () => {
    const { ledger, store } = await signedLedger('c');
    await ledger.append({ type: 'key.revoked', at: at(5), actor: ALICE, data: { key: member.fingerprint, from: at(6), reason: 'Chuyển công tác' } });
    // Before `from`, the key still signs; from it on, the ledger refuses it.
    await ledger.append({ type: 'progress.noted', at: at(5, 30), actor: BINH, data: { item: 'II.2', note: 'Còn kịp' } }, { signer: member });
    const refused = ledger.append({ type: 'progress.noted', at: at(6), actor: BINH, data: { item: 'II.2', note: 'Quá muộn' } }, { signer: member });
    await expect(refused).rejects.toMatchObject({ code: 'signature' });
    // A forger who signs with the revoked key and places the event by hand is refused by verify.
    const lines: string[] = [];
    for await (const r of store.read()) lines.push((r as { line: string }).line);
    const last = JSON.parse(lines.at(-1)!) as LedgerEvent;
    const pending = { v: 2 as const, id: 'forged', at: at(7), actor: BINH, type: 'progress.noted' as const, data: { item: 'II.2', note: 'Giả mạo' } };
    const sig = { alg: 'Ed25519' as const, key: member.fingerprint, value: await member.sign(signedContent((JSON.parse(lines[0]!) as LedgerEvent).id, pending, member.fingerprint)) };
    const forged = seal({ ...pending, sig, seq: last.seq + 1, prev: last.hash } as Omit<LedgerEvent, 'hash'>);
    const result = await verify(records([...lines, storedLine(forged)]), { now: NOW });
    expect(result).toMatchObject({ ok: false, seq: last.seq + 1, code: 'signature' });
    expect(!result.ok && result.message_en).toContain('revoked');
    expect(await verify(records(lines), { now: NOW })).toMatchObject({ ok: true });
  });

  it('let only administrators enroll or revoke keys', async () => {
    const { ledger } = await signedLedger('d');
    const stranger = signerOfPrivateKey(newPrivateKeyPem());
    const enrol = ledger.append(
      { type: 'key.enrolled', at: at(5), actor: BINH, data: { key: stranger.fingerprint, publicKey: stranger.publicKey, person: { name: 'X', unit: 'Y' }, role: 'admin' } },
      { signer: member },
    );
    await expect(enrol).rejects.toMatchObject({ code: 'key' });
    await expect(ledger.append({ type: 'progress.noted', at: at(5), actor: ALICE, data: { item: 'I.1', note: 'x' } }, { signer: stranger })).rejects.toMatchObject({ code: 'signature' });
    await expect(ledger.append({ type: 'progress.noted', at: at(5), actor: ALICE, data: { item: 'I.1', note: 'x' } }, { signer: member })).rejects.toBeInstanceOf(LedgerError);
  });

  it('refuse a line that is not the one canonical form of a valid event, at the byte where it differs', async () => {
    const lines = linesOf(good);
    // Forms JSON.parse reads as the same event: whitespace, another order, a duplicate member, an escape, 1.0.
    const variants = (line: string, salt: number): string[] => {
      const value = JSON.parse(line) as Record<string, unknown>;
      const colons = [...line.matchAll(/":/g)].map((m) => m.index! + 2);
      const colon = colons[salt % colons.length]!;
      const letters = [...line.matchAll(/[a-zA-Z]/g)].map((m) => m.index!).filter((i) => inString(line, i));
      const letter = letters[salt % letters.length]!;
      const keys = Object.keys(value);
      const swapped: Record<string, unknown> = {};
      for (const k of [keys[1]!, keys[0]!, ...keys.slice(2)]) swapped[k] = value[k];
      return [
        line.slice(0, colon) + ' ' + line.slice(colon),
        line.slice(0, letter) + `\\u${line.charCodeAt(letter).toString(16).padStart(4, '0')}` + line.slice(letter + 1),
        `{"id":"other",${line.slice(1)}`,
        JSON.stringify(swapped),
        line.replace(/"percent":(\d+)/, '"percent":$1.0').replace(/"seq":(\d+)/, '"seq":$1.0'),
        line + ' ',
      ];
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: lines.length - 1 }), fc.nat(), async (index, salt) => {
        for (const variant of variants(lines[index]!, salt)) {
          if (variant === lines[index]) continue;
          const result = await verify(records(lines.map((l, i) => (i === index ? variant : l))), { now: NOW });
          expect(result, variant.slice(0, 80)).toMatchObject({ ok: false, seq: index + 1, code: 'canonical' });
          let same = 0;
          while (variant.charCodeAt(same) === lines[index]!.charCodeAt(same)) same++;
          expect(!result.ok && result.lineByte).toBe(Buffer.byteLength(variant.slice(0, same)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('leave format 1 ledgers as they are: they verify as unsigned, and take unsigned events even from a writer with a key', async () => {
    const events = sampleEvents(30);
    const v1 = events.map((e) => JSON.stringify(e));
    expect(await verify(records(v1), { now: NOW })).toMatchObject({ ok: true, count: 30, format: 1 });
    const store = new MemoryStore();
    await store.append(events, { seq: 0, hash: '0'.repeat(64) });
    const ledger = await Ledger.open(store, { signer: admin, clock: NOW });
    expect(ledger.format).toBe(1);
    const item = ledger.state.itemOrder[0]!;
    const [added] = await ledger.append({ type: 'progress.noted', actor: ALICE, data: { item, note: 'Vẫn là sổ không ký' } });
    expect(added).toMatchObject({ v: 1 });
    expect(added!.sig).toBeUndefined();
    const lines: string[] = [];
    for await (const r of store.read()) lines.push((r as { line: string }).line);
    expect(await verify(records(lines), { now: NOW })).toMatchObject({ ok: true, count: 31, format: 1 });
  });
});

/** Whether index `i` of a JSON line is inside a string (after an odd number of unescaped quotes). */
function inString(line: string, i: number): boolean {
  let inside = false;
  for (let j = 0; j < i; j++) {
    if (line[j] === '\\') j++;
    else if (line[j] === '"') inside = !inside;
  }
  return inside && line[i - 1] !== '\\';
}
