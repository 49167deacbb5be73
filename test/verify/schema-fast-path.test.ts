// The event schema's fast path (ledger/event-fast-path.ts) may only give an output where zod accepts the value
// and gives back the same JSON; wherever it is unsure zod decides. Checked over good events of every
// type and over the same events broken in every member, with values JSON can hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMAT_SIGNED, LedgerEvent } from '../../ledger/events.ts';
import { eventFastPath } from '../../ledger/event-fast-path.ts';
import { ASK_ZOD } from '../../ledger/schema-fast-path.ts';
import { sampleEvents } from '../stores/sample-events.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const unsigned = sampleEvents(400, { items: 30, changes: ['status', 'evidence', 'note'] }) as unknown as Json[];
const signed = unsigned.map((event) => ({
  ...(event as Record<string, Json>),
  v: FORMAT_SIGNED,
  sig: { alg: 'Ed25519', key: 'ab'.repeat(32), value: 'cd'.repeat(64) },
})) as Json[];
const conditions: Json[] = [
  { ...(unsigned[1] as Record<string, Json>), type: 'condition.met', data: { item: 'I.1', effective: '2021-02-01' } },
  {
    ...(unsigned[1] as Record<string, Json>),
    type: 'condition.met',
    data: { item: 'I.1', effective: '2021-02-01', due: '2021-03-01', note: 'Đã có quyết định', document: { kind: 'Quyết định', number: '1/QĐ-UBND', date: '2021-01-30' } },
  },
];
const CORPUS: Json[] = [...unsigned, ...signed, ...conditions];
const HOT = new Set(['status.changed', 'evidence.attached', 'progress.noted', 'condition.met']);

/** The verdict of the fast path, held to zod's: "holds" only where zod gives back the same JSON. */
function expectAgreement(value: Json): boolean {
  const fast = eventFastPath(value);
  const holds = fast !== ASK_ZOD;
  if (holds) {
    const parsed = LedgerEvent.safeParse(value);
    expect(parsed.success, JSON.stringify(value)).toBe(true);
    expect(parsed.data).toStrictEqual(value);
    expect(fast).toStrictEqual(parsed.data);
  }
  return holds;
}

/** Every path to a member of `value` (objects and arrays), the root excluded. */
function pathsOf(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [[...prefix, key], ...pathsOf((value as Record<string, Json>)[key]!, [...prefix, key])]);
}

/** `value` with the member at `path` set to `to` (deleted when `to` is undefined), the rest shared. */
function withMember(value: Json, path: Array<string | number>, to: Json | undefined): Json {
  const copy: Record<string, Json> | Json[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, Json>) };
  const [key, ...rest] = path;
  const inner = rest.length === 0 ? to : withMember((copy as Record<string, Json>)[key!]!, rest, to);
  if (inner === undefined) delete (copy as Record<string, Json>)[key!];
  else (copy as Record<string, Json>)[key!] = inner;
  return copy;
}

// Values near every edge the schema draws: empty and blank text, long text, dates that do not
// exist, instants without milliseconds, hex of the wrong case or length, numbers out of range.
const EDGES: Json[] = [
  '', ' ', '\u00a0', ...[64, 100, 200, 300, 2_000, 100_000].flatMap((n) => ['x'.repeat(n), 'x'.repeat(n + 1)]), '2021-02-29', '2020-02-29', '2021-13-01', '2021-1-01',
  '2021-01-05T03:00:00Z', '2021-01-05T24:00:00.000Z', 'A'.repeat(64), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(128), 'I.1', 'I 1', 'done',
  'finished', 'outside-addin', 'co-author', 'Ed25519', 0, -0, -1, 1.5, 100, 100.5, 2 ** 53, 1e21, true, null, [], {}, { kind: 'Báo cáo' },
  { name: 'A', unit: 'B' }, { name: 'A', unit: 'B', x: 1 },
];

describe("the schema's fast path", () => {
  it('holds for every good event of the hot types, in both formats, and agrees with zod on the rest', () => {
    for (const value of CORPUS) {
      const type = (value as { type: string }).type;
      const holds = expectAgreement(value);
      if (HOT.has(type)) expect(holds, type).toBe(true);
    }
  });

  it('says "holds" only where zod gives back the same JSON, whatever member is changed or removed', () => {
    let [seen, held] = [0, 0];
    fc.assert(
      fc.property(
        fc.constantFrom(...CORPUS),
        fc.nat(),
        fc.oneof(fc.constantFrom(...EDGES), fc.jsonValue() as fc.Arbitrary<Json>, fc.constant(undefined)),
        (event, at, to) => {
          const paths = pathsOf(event);
          seen++;
          if (expectAgreement(withMember(event, paths[at % paths.length]!, to))) held++;
        },
      ),
      { numRuns: 5_000 },
    );
    // Both answers were given, so the agreement was asserted and zod was asked.
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(seen);
  });

  it('leaves to zod a member added anywhere, and keys such as "__proto__" or a type such as "constructor"', () => {
    const event = unsigned.find((e) => (e as { type: string }).type === 'status.changed') as Record<string, Json>;
    expect(eventFastPath(event)).not.toBe(ASK_ZOD);
    for (const path of [[], ['data'], ['actor']]) expect(expectAgreement(withMember(event, [...path, 'extra'], 1))).toBe(false);
    const text = JSON.stringify(event);
    for (const member of ['{', '"data":{', '"actor":{']) expect(expectAgreement(JSON.parse(text.replace(member, `${member}"__proto__":1,`)))).toBe(false);
    expect(expectAgreement({ ...event, type: 'constructor' })).toBe(false);
    expectAgreement({ ...event, sig: { alg: 'Ed25519', key: 'ab'.repeat(32), value: 'cd'.repeat(64) } });
  });
});
