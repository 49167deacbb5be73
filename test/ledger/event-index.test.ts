import { describe, expect, it } from 'vitest';
import { EventIndex } from '../../ledger/event-index.ts';
import type { EventType, LedgerEvent } from '../../ledger/events.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';

const ALICE = { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ' };
/** The parts of an event the index keeps (an item's entry: what a status change or a note says). */
const ev = (id: string, seq: number, type: EventType, at = `2021-03-0${(seq % 9) + 1}T03:00:00.000Z`) =>
  ({ id, seq, type, at, actor: ALICE, data: { status: 'in_progress', note: 'n', effective: '2021-03-01' } }) as unknown as LedgerEvent;
const at = (seq: number) => ({ at: `2021-03-0${(seq % 9) + 1}T03:00:00.000Z`, actor: ALICE });

describe('EventIndex', () => {
  it('answers for its own events only, whichever index grew the shared storage first', () => {
    const base = EventIndex.empty().with(ev('a', 1, 'plan.imported'), undefined).with(ev('b', 2, 'status.changed'), 'I.1');
    const left = base.with(ev('c', 3, 'progress.noted'), 'I.2');
    const right = base.with(ev('d', 3, 'event.voided'), undefined);
    const further = left.with(ev('e', 4, 'status.changed'), 'I.1');
    expect(base.size).toBe(2);
    expect([base.has('c'), base.has('d'), left.has('d'), right.has('c'), right.has('e')]).toEqual([false, false, false, false, false]);
    expect(left.get('c')).toEqual({ seq: 3, type: 'progress.noted', item: 'I.2', ...at(3) });
    expect(right.get('d')).toEqual({ seq: 3, type: 'event.voided', ...at(3) });
    expect(further.get('e')).toEqual({ seq: 4, type: 'status.changed', item: 'I.1', ...at(4) });
    expect([...right].map(([id]) => id)).toEqual(['a', 'b', 'd']);
    expect([...further].map(([id]) => id)).toEqual(['a', 'b', 'c', 'e']);
    expect(right.with(ev('x', 4, 'status.changed'), 'I.1').idOfSeq(4)).toBe('x');
    expect(further.idOfSeq(4)).toBe('e');
    expect(base.idOfSeq(3)).toBeUndefined();
  });

  it('keeps the first event of a reused id, and finds events numbered out of line', () => {
    const index = EventIndex.empty().with(ev('a', 10, 'status.changed'), 'I.1').with(ev('a', 11, 'progress.noted'), 'I.2');
    expect(index.get('a')).toEqual({ seq: 10, type: 'status.changed', item: 'I.1', ...at(10) });
    expect(index.size).toBe(2);
    expect([...index]).toEqual([['a', { seq: 10, type: 'status.changed', item: 'I.1', ...at(10) }]]);
    expect(index.idOfSeq(10)).toBe('a');
    expect(index.idOfSeq(11)).toBeUndefined();
    expect(index.idOfSeq(1)).toBeUndefined();
    const chain = EventIndex.empty().with(ev('x', 1, 'plan.imported'), undefined).with(ev('y', 2, 'report.issued'), undefined);
    expect(chain.with(ev('z', 7, 'status.changed'), 'I.3').get('z')).toEqual({ seq: 7, type: 'status.changed', item: 'I.3', ...at(7) });
    expect(chain.get('y')).toEqual({ seq: 2, type: 'report.issued', ...at(2) });
    // A recorded time that is not as toISOString writes it (an unchecked replay) comes back as it was.
    expect(chain.with(ev('w', 3, 'status.changed', '2021-03-01T10:00:00+07:00'), 'I.1').get('w')?.at).toBe('2021-03-01T10:00:00+07:00');
  });

  it('finds every id among many, UUIDs and any other text alike, and gives each back exactly as it was', () => {
    // UUIDs are kept as 16 bytes, other ids as they are: an uppercase UUID, one with a stray
    // character, Vietnamese text and 100 characters are other ids, never confused with the UUID.
    const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${(n * 7919).toString(16).padStart(12, '0')}`;
    const ids: string[] = [];
    for (let n = 0; n < 3000; n++) ids.push(uuid(n), `e${n}`);
    ids.push(uuid(5000).toUpperCase(), `${uuid(5001).slice(0, 35)}g`, 'mã ghi nhận số 1', 'x'.repeat(100), uuid(5002));
    let index = EventIndex.empty();
    ids.forEach((id, i) => (index = index.with(ev(id, i + 1, 'report.issued'), undefined)));
    expect(ids.every((id) => index.has(id))).toBe(true);
    expect([uuid(5000), uuid(5001), uuid(3000), 'e3000', 'mã ghi nhận số 2', 'x'.repeat(99), uuid(5002).toUpperCase()].some((id) => index.has(id))).toBe(false);
    expect([...index].map(([id]) => id)).toEqual(ids);
    expect(ids.map((id, i) => index.idOfSeq(i + 1) === id && index.get(id)!.seq === i + 1).every(Boolean)).toBe(true);
  });

  it('compares equal to an index of the same events, and unequal otherwise', () => {
    const one = EventIndex.empty().with(ev('a', 1, 'plan.imported'), undefined).with(ev('b', 2, 'status.changed'), 'I.1');
    const two = EventIndex.empty().with(ev('a', 1, 'plan.imported'), undefined).with(ev('b', 2, 'status.changed'), 'I.1');
    expect(one).toEqual(two);
    expect(one).not.toEqual(EventIndex.empty().with(ev('a', 1, 'plan.imported'), undefined).with(ev('b', 2, 'status.changed'), 'I.2'));
  });
});

describe('a refused batch leaves what the ledger knows as it was', () => {
  it('the first event of a refused batch is unknown afterwards: its id can be used, and a void of it is refused', async () => {
    const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2022-01-01T00:00:00.000Z') });
    await ledger.append(importDraft());
    const before = ledger.state;
    const error = await ledger
      .append([
        { ...statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'), id: 'first' },
        { ...statusDraft('I.1', 'in_progress', '2021-02-02', '2021-02-02T03:00:00.000Z'), id: 'second' },
      ])
      .catch((e: unknown) => e);
    expect((error as LedgerError).code).toBe('transition');
    expect(ledger.state).toBe(before);
    expect(ledger.state.events.has('first')).toBe(false);
    const voidOfFirst = await ledger
      .append({ type: 'event.voided', actor: { name: 'A', unit: 'B' }, at: '2021-02-03T03:00:00.000Z', data: { event: 'first', reason: 'x' } })
      .catch((e: unknown) => e);
    expect((voidOfFirst as LedgerError).code).toBe('unknown-event');
    const [again] = await ledger.append({ ...statusDraft('I.1', 'done', '2021-02-04', '2021-02-04T03:00:00.000Z'), id: 'first' });
    expect(ledger.state.events.get('first')).toEqual({ seq: again!.seq, type: 'status.changed', item: 'I.1', at: '2021-02-04T03:00:00.000Z', actor: again!.actor });
    expect(ledger.state.items['I.1']!.status).toBe('done');
  });
});
