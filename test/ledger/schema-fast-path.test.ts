// schemaFastPath (ledger/schema-fast-path.ts) lets the checks in order skip zod: it may give an output
// only where zod accepts the value unchanged, and then exactly zod's (the same JSON, keys in the same
// order). Checked here against zod itself, on an event of every type and on thousands of variants of
// them, each one change away (a key gone, a key added, a value replaced by one at or past a limit).
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import { FORMAT_SIGNED, FORMAT_UNSIGNED, LedgerEvent } from '../../ledger/events.ts';
import { ASK_ZOD, schemaFastPath } from '../../ledger/schema-fast-path.ts';
import { sampleEvents } from '../stores/sample-events.ts';
import { ALICE, BINH, samplePlan } from '../support/sample-plan.ts';

const fast = schemaFastPath(LedgerEvent);
/** Whether the fast path gives an output (else it asks zod). */
const holds = (value: unknown) => fast(value) !== ASK_ZOD;
const HASH = 'ab'.repeat(32);
const KEY = 'cd'.repeat(32);

/** zod's verdict as the fast path must match it: accepted, with the same JSON out. */
function zodKeepsAsIs(value: unknown): boolean {
  const parsed = LedgerEvent.safeParse(value);
  return parsed.success && canonicalJson(parsed.data) === canonicalJson(value);
}

/** The fast path's output is zod's, to the order of the keys. */
function sameAsZod(value: unknown): void {
  const parsed = LedgerEvent.safeParse(value);
  expect(parsed.success).toBe(true);
  expect(JSON.stringify(fast(value))).toBe(JSON.stringify(parsed.data));
}

function signed(seq: number, type: string, data: unknown, actor = ALICE) {
  return {
    v: FORMAT_SIGNED,
    seq,
    id: `e-${seq}`,
    at: `2021-03-${String(seq).padStart(2, '0')}T02:00:00.000Z`,
    actor,
    prev: HASH,
    sig: { alg: 'Ed25519', key: KEY, value: 'ef'.repeat(64) },
    hash: HASH,
    type,
    data,
  };
}

const DECISION = { kind: 'Quyết định', number: '12/QĐ-UBND', date: '2021-01-04', issuer: 'UBND tỉnh Bến Tre', title: 'Phân công', link: 'https://example.vn/qd12' };

/** An event of every type, every optional field somewhere, as the ledger would store them. */
const EVENTS: unknown[] = [
  ...sampleEvents(12, { items: 3 }),
  signed(1, 'key.enrolled', { key: KEY, publicKey: HASH, person: ALICE, role: 'admin', decision: DECISION, legal: { alg: 'RSA-SHA256', certificate: 'TUlJQg==', value: '0a1b' } }),
  signed(2, 'plan.imported', samplePlan()),
  signed(3, 'plan.revised', {
    document: DECISION,
    source: { file: 'phuluc-2.xlsx', sha256: HASH, columns: [{ column: 'B', header: 'Nội dung', field: 'text' }] },
    sections: [],
    tasks: [],
    added: [],
    amended: [{ item: 'I.1', set: { output: 'Quyết định' }, was: { output: 'Báo cáo' } }],
    withdrawn: [{ item: 'II.3', reason: 'Không còn phù hợp' }],
  }),
  signed(4, 'status.changed', { item: 'I.1', status: 'done', effective: '2021-03-03', note: 'Xong', origin: 'co-author' }, BINH),
  signed(5, 'evidence.attached', { item: 'I.1', document: DECISION, effective: '2021-03-04', origin: 'outside-addin' }),
  signed(6, 'progress.noted', { item: 'I.2', note: 'Đã có dự thảo', percent: 40, effective: '2021-03-05' }),
  signed(7, 'condition.met', { item: 'II.2', effective: '2021-03-06', document: DECISION, due: '2021-04-30', note: 'Đã có Quyết định' }),
  signed(8, 'event.voided', { event: 'e-6', reason: 'Ghi nhầm mục' }),
  signed(9, 'report.issued', {
    period: '2021-Q1',
    cutoff: { from: '2021-01-01', to: '2021-03-31' },
    knownAt: '2021-04-01T00:00:00.000Z',
    head: { seq: 8, hash: HASH },
    file: { name: 'bao-cao-2021-Q1.xlsx', sha256: HASH },
    document: { name: 'bao-cao-2021-Q1.docx', sha256: HASH },
  }),
  signed(10, 'key.revoked', { key: KEY, from: '2021-03-10T00:00:00.000Z', reason: 'Chuyển công tác' }),
];

/** Values at and past the schemas' limits, of every JSON kind. */
const REPLACEMENTS: unknown[] = [
  null, true, false, 0, -1, 1, 2, 1.5, 100, 101, 1989, 1990, 2100, 2101, 2 ** 53, '', ' ', 'x', 'x'.repeat(201), 'x'.repeat(100_001),
  '2021-02-28', '2021-02-29', '2020-02-29', '2021-13-01', '2021-03-01T00:00:00.000Z', '2021-03-01T24:00:00.000Z', '2021-03-01T00:00:00Z',
  'I.1', 'I 1', HASH, HASH.toUpperCase(), HASH.slice(1), 'ef'.repeat(64), 'Ed25519', 'done', 'admin', 'member', 'co-author',
  'plan.imported', 'key.revoked', '2021-Q1', '2021-Q2', 'RSA-SHA256', 'TUlJQg', [], [{}], {}, { name: 'x' },
];

/** Every value one change away from `value`: at each place a key removed or added, or the value replaced. */
function* variants(value: unknown): Generator<unknown> {
  for (const replacement of REPLACEMENTS) yield replacement;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield [...value.slice(0, i), ...value.slice(i + 1)];
      for (const changed of variants(value[i])) yield value.map((item, j) => (j === i ? changed : item));
    }
    yield [...value, value[0] ?? {}];
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    yield { ...object, unknown: 1 };
    for (const key of Object.keys(object)) {
      const { [key]: _, ...rest } = object;
      yield rest;
      for (const changed of variants(object[key])) yield { ...object, [key]: changed };
    }
  }
}

describe('schemaFastPath: the schema without zod, never saying more than zod', () => {
  it('takes every event of every type as it is, as zod does', () => {
    const types = new Set<string>();
    for (const event of EVENTS) {
      types.add((event as { type: string }).type);
      expect(zodKeepsAsIs(event)).toBe(true);
      expect(holds(event)).toBe(true);
      sameAsZod(event);
    }
    expect(types.size).toBe(10);
    expect(new Set(EVENTS.map((e) => (e as { v: number }).v))).toEqual(new Set([FORMAT_UNSIGNED, FORMAT_SIGNED]));
  });

  it("gives an output for a variant only where zod accepts it unchanged, and zod's output", () => {
    let seen = 0;
    let held = 0;
    for (const event of EVENTS) {
      for (const variant of variants(event)) {
        seen++;
        if (!holds(variant)) continue;
        held++;
        expect(zodKeepsAsIs(variant), JSON.stringify(variant).slice(0, 300)).toBe(true);
        sameAsZod(variant);
      }
    }
    // Both answers were given many times: the variants reach past the limits and stay within them.
    expect(seen).toBeGreaterThan(20_000);
    expect(held).toBeGreaterThan(1_000);
    expect(seen - held).toBeGreaterThan(10_000);
  });

  it('leaves to zod what zod would change: a default to fill in, an unknown key to drop', () => {
    const revised = EVENTS.find((e) => (e as { type: string }).type === 'plan.revised') as { data: Record<string, unknown> };
    const { withdrawn: _, ...withoutDefaulted } = revised.data;
    const defaulted = { ...revised, data: withoutDefaulted };
    expect(LedgerEvent.safeParse(defaulted).success).toBe(true);
    expect(holds(defaulted)).toBe(false);

    const strip = z.object({ a: z.string() });
    expect(strip.safeParse({ a: 'x', b: 1 }).success).toBe(true);
    expect(schemaFastPath(strip)({ a: 'x', b: 1 })).toBe(ASK_ZOD);
    expect(schemaFastPath(strip)({ a: 'x' })).toEqual({ a: 'x' });
  });

  it('answers "ask zod" for what it does not know: transforms, values a check rewrites, coercion', () => {
    expect(schemaFastPath(z.string().transform((s) => s.length))('abc')).toBe(ASK_ZOD);
    expect(schemaFastPath(z.string().trim())('abc')).toBe(ASK_ZOD);
    expect(schemaFastPath(z.coerce.number())(3)).toBe(ASK_ZOD);
    expect(schemaFastPath(z.lazy(() => z.string()))('abc')).toBe(ASK_ZOD);
    expect(schemaFastPath(z.union([z.string(), z.number()]))('abc')).toBe(ASK_ZOD);
    expect(schemaFastPath(z.union([z.literal(1), z.literal(2)]))(2)).toBe(2);
  });

  it('gives the keys in the schema\'s order, as zod does, whatever their order in the value', () => {
    const event = EVENTS.find((e) => (e as { type: string }).type === 'plan.revised') as Record<string, unknown>;
    const reversed = JSON.parse(JSON.stringify(event, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(event));
    sameAsZod(reversed);
    expect(JSON.stringify(fast(reversed))).toBe(JSON.stringify(fast(event)));
  });
});
