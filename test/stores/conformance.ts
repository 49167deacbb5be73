import { describe, expect, it } from 'vitest';
import { ConcurrencyError, LedgerError } from '../../ledger/errors.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { normalizeText } from '../../ledger/seal.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import { sampleBodies, sampleEvents, sealAfter } from './sample-events.ts';

export interface StoreHarness {
  /** Opens the ledger under test; every call opens the same ledger anew, as another program or a restart would. */
  open(): Promise<EventStore>;
  /** Whether two handles may append to one ledger at once (a workbook file in memory has no lock: false). */
  concurrentHandles: boolean;
}

async function readAll(store: EventStore): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  for await (const raw of store.read()) out.push(raw);
  return out;
}

function valuesOf(records: RawEvent[]): unknown[] {
  return records.map((r) => {
    if ('parseError' in r) throw new Error(`unexpected parse error at ${JSON.stringify(r.where)}: ${r.parseError}`);
    return r.value;
  });
}

const headOf = (events: readonly LedgerEvent[]): Head => {
  const last = events[events.length - 1]!;
  return { seq: last.seq, hash: last.hash };
};

/** Follow-up events to `head`, from the same realistic generator (changes only, no second plan). */
function changesAfter(head: Head, count: number, idPrefix: string): LedgerEvent[] {
  return sampleEvents(count, { withPlan: false, idPrefix, start: '2021-06-01T01:00:00.000Z' }, head);
}

/** Decomposed Vietnamese (e + U+0302 + U+0301 ...) that sealing turns into NFC, plus a character outside the BMP. */
const DECOMPOSED_VI = 'Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng – ba\u0301o ca\u0301o ke\u0302\u0301t qua\u0309 thu\u031b\u0323c hie\u0323\u0302n 😀';

/** The behaviour every EventStore must have, run against one store implementation. */
export function describeStoreConformance(name: string, createHarness: () => Promise<StoreHarness>): void {
  describe(`EventStore conformance: ${name}`, () => {
    it('an empty ledger has the genesis head and no records', async () => {
      const store = await (await createHarness()).open();
      expect(await store.head()).toEqual(EMPTY_HEAD);
      expect(await readAll(store)).toEqual([]);
      await store.close();
    });

    it('appends one event, then many, and reads back identical bytes in order with a location each', async () => {
      const store = await (await createHarness()).open();
      const events = sampleEvents(41);
      expect(await store.append(events.slice(0, 1), EMPTY_HEAD)).toEqual(headOf(events.slice(0, 1)));
      expect(await store.append(events.slice(1, 31), headOf(events.slice(0, 1)))).toEqual(headOf(events.slice(0, 31)));
      let head = headOf(events.slice(0, 31));
      for (const event of events.slice(31)) head = await store.append([event], head);
      expect(await store.head()).toEqual(headOf(events));
      const records = await readAll(store);
      expect(valuesOf(records).map((v) => JSON.stringify(v))).toEqual(events.map((e) => JSON.stringify(e)));
      expect(valuesOf(records)).toEqual(events);
      for (const r of records) expect(Object.keys(r.where).length).toBeGreaterThan(0);
      expect(await verify(store.read())).toEqual({ ok: true, count: 41, head: headOf(events), format: 1 });
      await store.close();
    });

    it('refuses an append from a stale head with ConcurrencyError and writes nothing', async () => {
      const store = await (await createHarness()).open();
      const events = sampleEvents(5);
      await store.append(events, EMPTY_HEAD);
      const stale = headOf(events.slice(0, 3));
      const late = changesAfter(stale, 2, 'late');
      const error = await store.append(late, stale).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(await store.head()).toEqual(headOf(events));
      expect(valuesOf(await readAll(store))).toEqual(events);
      // From the genesis head too, when the ledger is not empty.
      expect(await store.append(sampleEvents(1), EMPTY_HEAD).catch((e: unknown) => e)).toBeInstanceOf(ConcurrencyError);
      expect(valuesOf(await readAll(store))).toHaveLength(5);
      await store.close();
    });

    it('refuses events that do not continue the expected head, writing nothing', async () => {
      const store = await (await createHarness()).open();
      const events = sampleEvents(3);
      await store.append(events, EMPTY_HEAD);
      const next = changesAfter(headOf(events), 2, 'gap');
      const error = await store.append(next.slice(1), headOf(events)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).code).toBe('sequence');
      expect(await store.head()).toEqual(headOf(events));
      await store.close();
    });

    it('keeps its head and records when reopened', async () => {
      const harness = await createHarness();
      const first = await harness.open();
      const events = sampleEvents(12);
      await first.append(events.slice(0, 7), EMPTY_HEAD);
      await first.append(events.slice(7), headOf(events.slice(0, 7)));
      await first.close();
      const again = await harness.open();
      expect(await again.head()).toEqual(headOf(events));
      expect(valuesOf(await readAll(again))).toEqual(events);
      const more = changesAfter(headOf(events), 3, 'more');
      await again.append(more, headOf(events));
      await again.close();
      const third = await harness.open();
      expect(await third.head()).toEqual(headOf(more));
      expect(await verify(third.read())).toMatchObject({ ok: true, count: 15 });
      await third.close();
    });

    it('stores large events whole: a 2,000-item plan and a 100,000-character note', async () => {
      const harness = await createHarness();
      const store = await harness.open();
      const [plan] = sampleEvents(1, { items: 2000 });
      const bodies = sampleBodies({ withPlan: false, changes: ['note'], start: '2021-02-01T01:00:00.000Z', idPrefix: 'big' });
      const body = bodies.next().value!;
      // Boundaries of 30,000-character cells fall inside Vietnamese words and next to a surrogate pair.
      const long = ('Tổ chức triển khai thực hiện 😀 ' + '=+-@'.repeat(3)).repeat(4000).slice(0, 100_000).replace(/[\ud800-\udbff]$/, '.');
      const bigNote = sealAfter({ ...body, data: { ...(body.data as object), note: long } } as typeof body, headOf([plan!]));
      expect(JSON.stringify(plan).length).toBeGreaterThan(1_000_000);
      await store.append([plan!], EMPTY_HEAD);
      await store.append([bigNote], headOf([plan!]));
      await store.close();
      const again = await harness.open();
      const values = valuesOf(await readAll(again));
      // Compared as booleans: a diff of two megabyte lines helps nobody.
      expect(values.map((v) => JSON.stringify(v))[0] === JSON.stringify(plan)).toBe(true);
      expect(values.map((v) => JSON.stringify(v))[1] === JSON.stringify(bigNote)).toBe(true);
      expect(values).toHaveLength(2);
      expect(await verify(again.read())).toMatchObject({ ok: true, count: 2 });
      await again.close();
    });

    it('round-trips Vietnamese text in NFC, whatever form it was typed in', async () => {
      const harness = await createHarness();
      const store = await harness.open();
      const [plan] = sampleEvents(1);
      const body = sampleBodies({ withPlan: false, changes: ['note'], start: '2021-02-01T01:00:00.000Z', idPrefix: 'vi' }).next().value!;
      const typed = { ...body, actor: { name: DECOMPOSED_VI.slice(0, 20), unit: 'Sở Nội vụ' }, data: { ...(body.data as object), note: DECOMPOSED_VI } };
      const event = sealAfter(normalizeText(typed) as typeof body, headOf([plan!]));
      await store.append([plan!, event], EMPTY_HEAD);
      await store.close();
      const again = await harness.open();
      const [, stored] = valuesOf(await readAll(again)) as LedgerEvent[];
      const note = (stored!.data as { note: string }).note;
      expect(note).toBe(DECOMPOSED_VI.normalize('NFC'));
      expect(note).not.toBe(DECOMPOSED_VI);
      expect(note).toContain('Nguyễn Thị Hồng');
      expect(stored).toEqual(event);
      expect(await verify(again.read())).toMatchObject({ ok: true, count: 2 });
      await again.close();
    });

    it('lets exactly one of two racing appends from the same head through', async () => {
      const harness = await createHarness();
      const a = await harness.open();
      const b = harness.concurrentHandles ? await harness.open() : a;
      const events = sampleEvents(2);
      await a.append(events, EMPTY_HEAD);
      const head = headOf(events);
      const fromA = changesAfter(head, 3, 'a');
      const fromB = changesAfter(head, 3, 'b');
      const results = await Promise.allSettled([a.append(fromA, head), b.append(fromB, head)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ConcurrencyError);
      const winner = results[0]!.status === 'fulfilled' ? fromA : fromB;
      expect(valuesOf(await readAll(a))).toEqual([...events, ...winner]);
      await a.close();
      if (b !== a) await b.close();
    });
  });
}
