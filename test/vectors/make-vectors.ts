/**
 * The format-2 test vectors (test/vectors/format-2.json): a small signed ledger, every step of each
 * event (signed content, signature, canonical body, hash, stored line) and ledgers that must be
 * refused, each with the code and seq a verifier must answer. Reproducible: keys come from fixed
 * seeds, ids and times are given, and Ed25519 signatures are deterministic.
 * Regenerate with `node --import tsx test/vectors/make-vectors.ts` (the test checks they match).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '#digest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { seal } from '../../ledger/seal.ts';
import { signedContent, type Signer } from '../../ledger/signed-content.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';

export const ADMIN = { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ' };
export const MEMBER = { name: 'Trần Văn Bình', unit: 'Sở Tư pháp' };
const seedOf = (label: string) => sha256Hex(`cchc test vector key: ${label}`);
const SEEDS = { admin: seedOf('admin'), member: seedOf('member') };
const signer = (seed: string) => signerOfSeed(Buffer.from(seed, 'hex'));

/** The one-item plan of every vector ledger (its output has an emoji and quotes: escapes are part of the test). */
export const PLAN = {
  plan: { issuer: 'UBND tỉnh Bến Tre', number: '7018/KH-UBND', date: '2020-12-29', year: 2021, title: 'Kế hoạch cải cách hành chính năm 2021' },
  source: { file: 'phuluc.xlsx', sheet: 'Sheet1', sha256: 'a'.repeat(64) },
  sections: [{ id: 'I', numeral: 'I', title: 'Cải cách thể chế', area: 'institutions' as const }],
  tasks: [{ id: 'I.1', section: 'I', numbering: '1', text: 'Rà soát văn bản quy phạm pháp luật' }],
  items: [
    {
      id: 'I.1',
      section: 'I',
      task: 'I.1',
      numbering: '1',
      text: 'Rà soát văn bản quy phạm pháp luật',
      output: 'Báo cáo 😀 "kết quả"',
      timeline: { raw: 'Quý II', kind: 'quarter' as const, start: null, due: '2021-06-30', milestones: [] },
      lead: [{ name: 'Sở Tư pháp', raw: 'Sở Tư pháp', group: false }],
      leadText: 'Sở Tư pháp',
      coordinating: [],
      coordinatingText: '',
    },
  ],
};

async function ledgerOf(ledgerId: string, extra: (admin: Signer, member: Signer) => Array<[EventDraft, Signer]>): Promise<LedgerEvent[]> {
  const admin = signer(SEEDS.admin);
  const member = signer(SEEDS.member);
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock: () => new Date('2021-12-31T00:00:00.000Z') });
  const drafts: Array<[EventDraft, Signer]> = [
    [{ type: 'key.enrolled', id: ledgerId, at: '2021-01-04T01:00:00.000Z', actor: ADMIN, data: { key: admin.fingerprint, publicKey: admin.publicKey, person: ADMIN, role: 'admin' } }, admin],
    [{ type: 'plan.imported', id: `${ledgerId}-plan`, at: '2021-01-04T01:00:01.000Z', actor: ADMIN, data: PLAN }, admin],
    [{ type: 'key.enrolled', id: `${ledgerId}-key-2`, at: '2021-01-04T01:02:00.000Z', actor: ADMIN, data: { key: member.fingerprint, publicKey: member.publicKey, person: MEMBER, role: 'member' } }, admin],
    ...extra(admin, member),
  ];
  const events: LedgerEvent[] = [];
  for (const [draft, by] of drafts) events.push(...(await ledger.append(draft, { signer: by })));
  return events;
}

const status = (id: string, at: string, value: 'in_progress' | 'done', effective: string): EventDraft => ({
  type: 'status.changed',
  id,
  at,
  actor: MEMBER,
  data: { item: 'I.1', status: value, effective, note: 'Đã hoàn thành\tđúng hạn — ghi chú \\ "trích dẫn"' },
});

/** Seals events again after `from` so that the chain holds: what someone rewriting a ledger would do. */
function rechain(events: LedgerEvent[], from: number): LedgerEvent[] {
  const out = events.slice(0, from);
  for (let i = from; i < events.length; i++) {
    const { hash: _hash, ...body } = events[i]!;
    out.push(seal({ ...body, prev: i === 0 ? '0'.repeat(64) : out[i - 1]!.hash } as Omit<LedgerEvent, 'hash'>));
  }
  return out;
}

const file = (lines: string[]) => Buffer.from(lines.map((l) => l + '\n').join(''), 'utf8');

export async function makeVectors(): Promise<unknown> {
  const ledgerId = 'a3c2f0d2-3a1c-4c55-9a55-5d0b6f1e2c11';
  const good = await ledgerOf(ledgerId, (_admin, member) => [
    [status(`${ledgerId}-4`, '2021-05-20T02:00:00.000Z', 'in_progress', '2021-05-20'), member],
    [status(`${ledgerId}-5`, '2021-06-28T09:30:00.000Z', 'done', '2021-06-28'), member],
  ]);
  const lines = good.map(storedLine);
  const admin = signer(SEEDS.admin);
  const member = signer(SEEDS.member);
  const keyOf = (fingerprint: string) => [admin, member].find((s) => s.fingerprint === fingerprint)!;

  const bad: Array<{ name: string; why: string; ndjson: Buffer; expect: { code: string; seq: number } }> = [];
  const withLine = (i: number, line: string) => lines.map((l, j) => (j === i ? line : l));

  // A signed field changed and every hash after it recomputed: only the signature catches it.
  const edited = good.map((e) => structuredClone(e));
  (edited[4]!.data as { status: string }).status = 'in_progress';
  (edited[3]!.data as { status: string }).status = 'done';
  bad.push({ name: 'edited-and-rechained', why: 'seq 4: status changed to done and the chain recomputed; the signature no longer matches', ndjson: file(rechain(edited, 3).map(storedLine)), expect: { code: 'signature', seq: 4 } });
  const renamed = good.map((e) => structuredClone(e));
  renamed[3]!.actor = ADMIN;
  bad.push({ name: 'actor-changed', why: 'seq 4: actor changed to the administrator, chain recomputed', ndjson: file(rechain(renamed, 3).map(storedLine)), expect: { code: 'signature', seq: 4 } });

  bad.push({ name: 'hash-wrong', why: 'seq 3: the hash member is not SHA-256 of the body', ndjson: file(withLine(2, lines[2]!.replace(/"hash":"[0-9a-f]/, (m) => m.slice(0, -1) + (m.endsWith('0') ? '1' : '0')))), expect: { code: 'hash', seq: 3 } });

  // The same event in other bytes: refused where they differ, whatever JSON.parse would make of them.
  bad.push({ name: 'whitespace', why: 'seq 2: a space after the first colon', ndjson: file(withLine(1, lines[1]!.replace('":', '": '))), expect: { code: 'canonical', seq: 2 } });
  bad.push({ name: 'duplicate-key', why: 'seq 2: "at" given twice (JSON.parse keeps the last)', ndjson: file(withLine(1, lines[1]!.replace('{"actor"', `{"at":"2020-01-01T00:00:00.000Z","actor"`))), expect: { code: 'canonical', seq: 2 } });
  bad.push({ name: 'number-form', why: 'seq 2: the year written 2021.0', ndjson: file(withLine(1, lines[1]!.replace('"year":2021', '"year":2021.0'))), expect: { code: 'canonical', seq: 2 } });
  bad.push({ name: 'escape', why: 'seq 2: a letter written as a \\u escape', ndjson: file(withLine(1, lines[1]!.replace('"Sheet1"', '"\\u0053heet1"'))), expect: { code: 'canonical', seq: 2 } });
  bad.push({ name: 'key-order', why: 'seq 5: the hash member first instead of last', ndjson: file(withLine(4, `{"hash":"${good[4]!.hash}",${lines[4]!.slice(1, -75)}}`)), expect: { code: 'canonical', seq: 5 } });
  const utf8 = file(lines);
  const at = utf8.indexOf(Buffer.from('ễ', 'utf8'), utf8.indexOf(0x0a) + 1);
  const broken = Buffer.from(utf8);
  broken[at + 2] = 0x20; // the third byte of a three-byte sequence
  bad.push({ name: 'invalid-utf8', why: 'seq 2: an invalid UTF-8 sequence', ndjson: broken, expect: { code: 'parse', seq: 2 } });

  // An event signed for another ledger (same people, same keys) placed on this chain.
  const other = await ledgerOf('0f6e9b1d-8c52-4a0e-b7a4-2b9f4e7d1a90', (_a, m) => [[status('copied-event', '2021-05-20T02:00:00.000Z', 'in_progress', '2021-05-20'), m]]);
  const copied = rechain([...good.slice(0, 3), other[3]!, ...good.slice(4)], 3);
  bad.push({ name: 'copied-from-another-ledger', why: 'seq 4: an event of another ledger, re-chained here', ndjson: file(copied.map(storedLine)), expect: { code: 'signature', seq: 4 } });

  // The member's key revoked from 1 June; an event it signs after that is refused.
  const revocation = seal({
    ...(await signedEvent({ v: 2, id: `${ledgerId}-revoke`, at: '2021-05-31T00:00:00.000Z', actor: ADMIN, type: 'key.revoked', data: { key: member.fingerprint, from: '2021-06-01T00:00:00.000Z', reason: 'Chuyển công tác' } }, admin, ledgerId)),
    seq: 5,
    prev: good[3]!.hash,
  } as Omit<LedgerEvent, 'hash'>);
  const late = rechain([...good.slice(0, 4), revocation, { ...good[4]!, seq: 6 }], 4);
  bad.push({ name: 'revoked-key', why: "seq 6: signed by the member's key after its revocation from 2021-06-01", ndjson: file(late.map(storedLine)), expect: { code: 'signature', seq: 6 } });

  const unsigned = good.map((e) => structuredClone(e));
  delete unsigned[3]!.sig;
  bad.push({ name: 'unsigned', why: 'seq 4: no signature', ndjson: file(rechain(unsigned, 3).map(storedLine)), expect: { code: 'signature', seq: 4 } });

  return {
    about:
      'CCHC ledger event format 2 test vectors. Keys: Ed25519 from the 32-byte seeds given. For each event: the signed content (UTF-8, RFC 8785), the signature over it, the canonical body (the event without "hash"), its SHA-256, and the stored line. "bad": whole NDJSON files (base64) that a verifier must refuse, with the code and seq.',
    ledgerId,
    keys: [
      { role: 'admin', person: ADMIN, seed: SEEDS.admin, publicKey: admin.publicKey, fingerprint: admin.fingerprint },
      { role: 'member', person: MEMBER, seed: SEEDS.member, publicKey: member.publicKey, fingerprint: member.fingerprint },
    ],
    events: good.map((event, i) => ({
      seq: event.seq,
      signedContent: signedContent(ledgerId, event, event.sig!.key),
      signature: event.sig!.value,
      publicKey: keyOf(event.sig!.key).publicKey,
      body: canonicalJson(event, 'hash'),
      hash: event.hash,
      line: lines[i],
    })),
    ndjson: file(lines).toString('base64'),
    bad: bad.map((b) => ({ name: b.name, why: b.why, expect: b.expect, ndjson: b.ndjson.toString('base64') })),
  };
}

async function signedEvent<T extends { v: 2; id: string; at: string; actor: { name: string; unit: string }; type: string; data: unknown }>(event: T, by: Signer, ledgerId: string) {
  const sig = { alg: 'Ed25519' as const, key: by.fingerprint, value: await by.sign(signedContent(ledgerId, event as never, by.fingerprint)) };
  return { ...event, sig };
}

export const VECTORS_FILE = fileURLToPath(new URL('./format-2.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(VECTORS_FILE, JSON.stringify(await makeVectors(), null, 2) + '\n');
  process.stdout.write(`${VECTORS_FILE}\n`);
}
