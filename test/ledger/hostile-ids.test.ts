import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { apply, emptyState, replay } from '../../ledger/replay.ts';
import { seal } from '../../ledger/seal.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verify } from '../../ledger/verify.ts';
import { ALICE, BINH, deadline, item, samplePlan, statusDraft } from '../support/sample-plan.ts';

const clock = () => new Date('2022-01-01T00:00:00.000Z');
// Names that live on Object.prototype: as ids they must be data like any other.
const HOSTILE = ['__proto__', 'constructor', 'toString'] as const;
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const KEYS_BEFORE = prototypeKeys();

/** A plan whose items are named after Object.prototype's members. */
function hostilePlan(): EventDraft {
  const plan = samplePlan();
  const extra = HOSTILE.map((id) => item(id, 'I', deadline('quarter', '2021-06-30')));
  return {
    type: 'plan.imported',
    actor: ALICE,
    at: '2021-01-04T01:00:00.000Z',
    data: { ...plan, items: [...plan.items, ...extra], tasks: [...plan.tasks, ...extra.map((i) => ({ id: i.id, section: 'I', numbering: i.id, text: i.text }))] },
  };
}

async function recorded(): Promise<{ ledger: Ledger; store: MemoryStore; events: LedgerEvent[] }> {
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock });
  const events = await ledger.append(hostilePlan());
  let day = 1;
  for (const id of HOSTILE) {
    events.push(...(await ledger.append({ ...statusDraft(id, 'in_progress', `2021-02-0${day}`, `2021-02-0${day}T03:00:00.000Z`), id })));
    day++;
  }
  events.push(...(await ledger.append({ ...statusDraft('constructor', 'done', '2021-02-05', '2021-02-05T03:00:00.000Z'), id: 'valueOf' })));
  return { ledger, store, events };
}

describe('ids named after Object.prototype members are ordinary ids', () => {
  it('records events with ids "__proto__", "constructor" and "toString" about items of those names', async () => {
    const { ledger, events } = await recorded();
    expect(events.map((e) => e.id).slice(1)).toEqual([...HOSTILE, 'valueOf']);
    const state = ledger.state;
    expect(state.items['constructor']!.statuses.map((s) => s.id)).toEqual(['constructor', 'valueOf']);
    expect(state.items['constructor']!.status).toBe('done');
    expect(state.items['__proto__']!.status).toBe('in_progress');
    expect(state.items['toString']!.definition.id).toBe('toString');
    expect(state.itemOrder.slice(-3)).toEqual([...HOSTILE]);
    for (const id of HOSTILE) expect(state.events.get(id)?.type).toBe('status.changed');
    expect(prototypeKeys()).toEqual(KEYS_BEFORE);
  });

  it('refuses a second event with such an id as a duplicate, and voids one by it', async () => {
    const { ledger } = await recorded();
    for (const id of HOSTILE) {
      const error = await ledger.append({ ...statusDraft('I.1', 'done', '2021-03-01', '2021-03-01T03:00:00.000Z'), id }).catch((e: unknown) => e);
      expect((error as LedgerError).code).toBe('duplicate-id');
    }
    await ledger.append({ type: 'event.voided', actor: BINH, at: '2021-03-02T03:00:00.000Z', data: { event: '__proto__', reason: 'Nhầm' } });
    await ledger.append({ type: 'event.voided', actor: BINH, at: '2021-03-02T03:00:00.000Z', data: { event: 'valueOf', reason: 'Nhầm' } });
    const state = await ledger.replayAt({ validAt: '2021-12-31' });
    expect(state.voided['__proto__']!.reason).toBe('Nhầm');
    expect(state.voided['constructor']).toBeUndefined();
    expect(state.items['__proto__']!.statuses).toEqual([]);
    expect(state.items['constructor']!.statuses.map((s) => s.id)).toEqual(['constructor']);
    expect(state.items['constructor']!.status).toBe('in_progress');
    const voidOfUnknown = await ledger
      .append({ type: 'event.voided', actor: BINH, at: '2021-03-02T03:00:00.000Z', data: { event: 'hasOwnProperty', reason: 'Nhầm' } })
      .catch((e: unknown) => e);
    expect((voidOfUnknown as LedgerError).code).toBe('unknown-event');
  });

  it('refuses an event about an item that only Object.prototype would have', async () => {
    const ledger = await Ledger.open(new MemoryStore(), { clock });
    await ledger.append({ type: 'plan.imported', actor: ALICE, at: '2021-01-04T01:00:00.000Z', data: samplePlan() });
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const error = await ledger.append(statusDraft(id, 'done', '2021-03-01', '2021-03-01T03:00:00.000Z')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as LedgerError).code).toBe('unknown-item');
    }
  });

  it('verifies, reopens and replays such a ledger, from stored JSON, without touching Object.prototype', async () => {
    const { store, ledger } = await recorded();
    const records = [];
    for await (const r of store.read()) records.push(r);
    expect(await verify(records)).toMatchObject({ ok: true, count: 5 });
    const reopened = await Ledger.open(store, { clock });
    expect(reopened.state).toEqual(ledger.state);
    const events = records.map((r) => ('value' in r ? (r.value as LedgerEvent) : null)!);
    const options = { validAt: '2021-12-31', knownAt: '2021-12-31T00:00:00.000Z' };
    let incremental = emptyState(options);
    for (const event of events) incremental = apply(incremental, event);
    expect(incremental).toEqual(replay(events, options));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(prototypeKeys()).toEqual(KEYS_BEFORE);
  });

  it('replays crafted events about "__proto__" items and events without the rules, harmlessly', () => {
    // What a ledger file written by something else might hold: replay alone does not judge.
    const plan = seal({ v: 1, seq: 1, id: 'p', at: '2021-01-04T01:00:00.000Z', actor: ALICE, prev: '0'.repeat(64), type: 'plan.imported', data: samplePlan() } as never);
    const about = (seq: number, prev: string, type: string, data: object, id = `e${seq}`) =>
      seal({ v: 1, seq, id, at: `2021-02-0${seq}T03:00:00.000Z`, actor: ALICE, prev, type, data } as never);
    const a = about(2, plan.hash, 'status.changed', { item: '__proto__', status: 'done', effective: '2021-02-02' }, '__proto__');
    const b = about(3, a.hash, 'progress.noted', { item: 'constructor', note: 'polluted', effective: '2021-02-03' });
    const c = about(4, b.hash, 'event.voided', { event: '__proto__', reason: 'x' });
    const d = about(5, c.hash, 'event.voided', { event: 'toString', reason: 'x' });
    const events = JSON.parse(JSON.stringify([plan, a, b, c, d])) as LedgerEvent[];
    const state = replay(events, { validAt: '2021-12-31', knownAt: '2021-12-31T00:00:00.000Z' });
    expect(state.count).toBe(5);
    expect(Object.keys(state.items)).toEqual(['I.1', 'I.2', 'II.1', 'II.2', 'II.3']);
    expect(state.voided['__proto__']!.reason).toBe('x');
    expect(state.events.get('__proto__')).toMatchObject({ seq: 2, type: 'status.changed', item: '__proto__' });
    expect(({} as { polluted?: unknown; statuses?: unknown; notes?: unknown }).notes).toBeUndefined();
    expect(prototypeKeys()).toEqual(KEYS_BEFORE);
  });
});
