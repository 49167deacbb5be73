import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { apply, replay } from '../../ledger/replay.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { ALICE, importDraft, statusDraft } from '../support/sample-plan.ts';

const clock = () => new Date('2022-01-01T00:00:00.000Z');

async function recorded(): Promise<{ ledger: Ledger; store: MemoryStore; events: LedgerEvent[] }> {
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock });
  const events: LedgerEvent[] = [];
  for (const draft of [
    importDraft(),
    statusDraft('I.1', 'in_progress', '2021-03-01', '2021-03-02T03:00:00.000Z', 'Đang triển khai'),
    statusDraft('I.1', 'done', '2021-03-20', '2021-03-20T03:00:00.000Z'),
    // Recorded later, effective earlier: goes before the entry of 20/03.
    statusDraft('I.1', 'on_hold', '2021-03-10', '2021-04-01T03:00:00.000Z', 'Chờ ý kiến'),
    { type: 'progress.noted', actor: ALICE, at: '2021-04-02T03:00:00.000Z', data: { item: 'I.2', note: 'Đã họp', percent: 40 } },
    { type: 'evidence.attached', actor: ALICE, at: '2021-04-03T03:00:00.000Z', data: { item: 'I.2', document: { kind: 'Báo cáo', number: '12/BC', date: '2021-04-01', title: 'Kết quả' } } },
  ] as Parameters<Ledger['append']>[0][]) {
    events.push(...(await ledger.append(draft)));
  }
  return { ledger, store, events };
}

describe("an item's entry lists, held as positions of their events", () => {
  it('read as plain arrays of plain entries, each with exactly its fields in the order they were always written', async () => {
    const { events } = await recorded();
    const state = replay(events, { validAt: '2021-12-31' });
    const [, inProgress, done, onHold, note, evidence] = events;
    expect(JSON.stringify(state.items['I.1']!.statuses)).toBe(
      JSON.stringify([
        { id: inProgress!.id, seq: 2, status: 'in_progress', effective: '2021-03-01', note: 'Đang triển khai' },
        { id: onHold!.id, seq: 4, status: 'on_hold', effective: '2021-03-10', note: 'Chờ ý kiến' },
        { id: done!.id, seq: 3, status: 'done', effective: '2021-03-20' },
      ]),
    );
    expect(JSON.stringify(state.items['I.2']!.notes)).toBe(JSON.stringify([{ id: note!.id, seq: 5, note: 'Đã họp', percent: 40, effective: '2021-04-02' }]));
    expect(JSON.stringify(state.items['I.2']!.evidence)).toBe(
      JSON.stringify([{ id: evidence!.id, seq: 6, document: { kind: 'Báo cáo', number: '12/BC', date: '2021-04-01', title: 'Kết quả' }, effective: '2021-04-01' }]),
    );
    expect(Object.keys(state.items['I.1']!)).toEqual(['definition', 'statuses', 'status', 'completedOn', 'evidence', 'notes', 'conditions', 'conditionMetOn', 'due', 'withdrawn', 'assessment', 'daysOverdue']);
    expect(state.items['I.1']!.status).toBe('done');
    expect(state.items['I.1']!.completedOn).toBe('2021-03-20');
  });

  it('are frozen with their state, the same array at every read, and left as they were by a change applied to the state', async () => {
    const { events } = await recorded();
    const state = replay(events.slice(0, 3), { validAt: '2021-12-31' });
    const statuses = state.items['I.1']!.statuses;
    expect(state.items['I.1']!.statuses).toBe(statuses);
    expect(Object.isFrozen(statuses) && Object.isFrozen(statuses[0])).toBe(true);
    expect(() => {
      (state.items['I.1'] as { statuses: unknown }).statuses = [];
    }).toThrow(TypeError);
    const next = apply(state, events[3]!);
    const options = { knownAt: state.knownAt, validAt: '2021-12-31' };
    expect(next.items['I.1']!.statuses.map((e) => e.seq)).toEqual([2, 4, 3]);
    expect(state.items['I.1']!.statuses.map((e) => e.seq)).toEqual([2, 3]);
    expect(next).toEqual(replay(events.slice(0, 4), options));
  });

  it('a view taken while the fold goes on keeps its lists when a later entry goes before others', async () => {
    const { store, events } = await recorded();
    // knownAt between the status of 20/03 and the one recorded on 01/04 with an earlier effective date.
    const { state } = await verifyAndReplay(store.read(), { knownAt: '2021-03-25T00:00:00.000Z', validAt: '2021-12-31' });
    expect(state.items['I.1']!.statuses.map((e) => e.seq)).toEqual([2, 3]);
    expect(state).toEqual(replay(events, { knownAt: '2021-03-25T00:00:00.000Z', validAt: '2021-12-31' }));
    const { state: later } = await verifyAndReplay(store.read(), { validAt: '2021-03-15' });
    expect(later.items['I.1']!.statuses.map((e) => e.seq)).toEqual([2, 4]);
    expect(later.items['I.1']!.status).toBe('on_hold');
  });
});
