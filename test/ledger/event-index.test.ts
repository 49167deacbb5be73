import { describe, expect, it } from 'vitest';
import { EventIndex } from '../../ledger/event-index.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';

describe('EventIndex', () => {
  it('answers for its own events only, whichever index grew the shared storage first', () => {
    const base = EventIndex.empty().with('a', 1, 'plan.imported', undefined).with('b', 2, 'status.changed', 'I.1');
    const left = base.with('c', 3, 'progress.noted', 'I.2');
    const right = base.with('d', 3, 'event.voided', undefined);
    const further = left.with('e', 4, 'status.changed', 'I.1');
    expect(base.size).toBe(2);
    expect([base.has('c'), base.has('d'), left.has('d'), right.has('c'), right.has('e')]).toEqual([false, false, false, false, false]);
    expect(left.get('c')).toEqual({ seq: 3, type: 'progress.noted', item: 'I.2' });
    expect(right.get('d')).toEqual({ seq: 3, type: 'event.voided' });
    expect(further.get('e')).toEqual({ seq: 4, type: 'status.changed', item: 'I.1' });
    expect([...right].map(([id]) => id)).toEqual(['a', 'b', 'd']);
    expect([...further].map(([id]) => id)).toEqual(['a', 'b', 'c', 'e']);
    expect(right.with('x', 4, 'status.changed', 'I.1').idOfSeq(4)).toBe('x');
    expect(further.idOfSeq(4)).toBe('e');
    expect(base.idOfSeq(3)).toBeUndefined();
  });

  it('keeps the first event of a reused id, and finds events numbered out of line', () => {
    const index = EventIndex.empty().with('a', 10, 'status.changed', 'I.1').with('a', 11, 'progress.noted', 'I.2');
    expect(index.get('a')).toEqual({ seq: 10, type: 'status.changed', item: 'I.1' });
    expect(index.size).toBe(2);
    expect(index.idOfSeq(11)).toBe('a');
    expect(index.idOfSeq(1)).toBeUndefined();
  });

  it('compares equal to an index of the same events, and unequal otherwise', () => {
    const one = EventIndex.empty().with('a', 1, 'plan.imported', undefined).with('b', 2, 'status.changed', 'I.1');
    const two = EventIndex.empty().with('a', 1, 'plan.imported', undefined).with('b', 2, 'status.changed', 'I.1');
    expect(one).toEqual(two);
    expect(one).not.toEqual(EventIndex.empty().with('a', 1, 'plan.imported', undefined).with('b', 2, 'status.changed', 'I.2'));
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
    expect(ledger.state.events.get('first')).toEqual({ seq: again!.seq, type: 'status.changed', item: 'I.1' });
    expect(ledger.state.items['I.1']!.status).toBe('done');
  });
});
