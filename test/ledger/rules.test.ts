import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import type { EventDraft } from '../../ledger/events.ts';
import { ALICE, BINH, importDraft, statusDraft } from '../support/sample-plan.ts';

const clock = () => new Date('2022-01-01T00:00:00.000Z');

async function openWithPlan() {
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock });
  await ledger.append(importDraft());
  return { store, ledger };
}

async function refusal(ledger: Ledger, draft: EventDraft): Promise<LedgerError> {
  const before = ledger.head;
  const error = await ledger.append(draft).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  expect(ledger.head).toEqual(before); // nothing recorded
  return error as LedgerError;
}

describe('append refuses what the rules forbid, naming the item and field', () => {
  it('an unknown item', async () => {
    const { ledger } = await openWithPlan();
    const e = await refusal(ledger, statusDraft('IX.9', 'done', '2021-03-01', '2021-03-01T03:00:00.000Z'));
    expect(e.code).toBe('unknown-item');
    expect(e.details).toMatchObject({ item: 'IX.9', field: 'item' });
    expect(e.messageVi).toContain('IX.9');
  });

  it('an item event before any plan', async () => {
    const ledger = await Ledger.open(new MemoryStore(), { clock });
    expect((await refusal(ledger, statusDraft('I.1', 'done', '2021-03-01', '2021-03-01T03:00:00.000Z'))).code).toBe('no-plan');
  });

  it('a second plan import', async () => {
    const { ledger } = await openWithPlan();
    expect((await refusal(ledger, importDraft('2021-01-05T01:00:00.000Z'))).code).toBe('plan-exists');
  });

  it('an effective date after the day it is recorded', async () => {
    const { ledger } = await openWithPlan();
    const e = await refusal(ledger, statusDraft('I.1', 'done', '2021-03-02', '2021-03-01T03:00:00.000Z'));
    expect(e.code).toBe('effective-after-recorded');
    expect(e.details.field).toBe('effective');
  });

  it('judges the effective date in Vietnam time: 20:00 UTC is already the next day', async () => {
    const { ledger } = await openWithPlan();
    await expect(ledger.append(statusDraft('I.1', 'done', '2021-03-02', '2021-03-01T20:00:00.000Z'))).resolves.toHaveLength(1);
  });

  it('the same status again, and reopening a done item without a note', async () => {
    const { ledger } = await openWithPlan();
    await ledger.append(statusDraft('I.1', 'done', '2021-03-01', '2021-03-01T03:00:00.000Z'));
    expect((await refusal(ledger, statusDraft('I.1', 'done', '2021-03-02', '2021-03-02T03:00:00.000Z'))).code).toBe('transition');
    const reopen = await refusal(ledger, statusDraft('I.1', 'in_progress', '2021-03-03', '2021-03-03T03:00:00.000Z'));
    expect(reopen.details).toMatchObject({ item: 'I.1', field: 'note' });
    await expect(
      ledger.append(statusDraft('I.1', 'in_progress', '2021-03-03', '2021-03-03T03:00:00.000Z', 'Sở Tư pháp trả lại hồ sơ')),
    ).resolves.toHaveLength(1);
  });

  it('judges a late-recorded change against the history at its own effective date', async () => {
    const { ledger } = await openWithPlan();
    await ledger.append(statusDraft('I.1', 'done', '2021-03-10', '2021-03-10T03:00:00.000Z'));
    // Started on 01/03: before the done, so not a reopening.
    await expect(ledger.append(statusDraft('I.1', 'in_progress', '2021-03-01', '2021-03-11T03:00:00.000Z'))).resolves.toHaveLength(1);
  });

  it('changes to a withdrawn item', async () => {
    const { ledger } = await openWithPlan();
    await ledger.append({
      type: 'plan.revised',
      actor: ALICE,
      at: '2021-06-01T03:00:00.000Z',
      data: { document: { kind: 'Kế hoạch', number: '50/KH-UBND', date: '2021-06-01' }, withdrawn: [{ item: 'II.3' }] },
    });
    expect((await refusal(ledger, statusDraft('II.3', 'done', '2021-06-02', '2021-06-02T03:00:00.000Z'))).code).toBe('withdrawn-item');
    // Work done before the withdrawal can still be recorded.
    await expect(ledger.append(statusDraft('II.3', 'done', '2021-05-20', '2021-06-02T03:00:00.000Z'))).resolves.toHaveLength(1);
  });

  it('voids of unknown, already voided or unvoidable events', async () => {
    const { ledger } = await openWithPlan();
    const [change] = await ledger.append(statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'));
    const voidOf = (event: string, at: string): EventDraft => ({ type: 'event.voided', actor: BINH, at, data: { event, reason: 'Nhầm' } });
    expect((await refusal(ledger, voidOf('no-such-id', '2021-02-02T03:00:00.000Z'))).code).toBe('unknown-event');
    await ledger.append(voidOf(change!.id, '2021-02-02T03:00:00.000Z'));
    expect((await refusal(ledger, voidOf(change!.id, '2021-02-03T03:00:00.000Z'))).code).toBe('already-voided');
    const importId = (await ledger.replayAt()).plan!.importedBy.id;
    expect((await refusal(ledger, voidOf(importId, '2021-02-03T03:00:00.000Z'))).code).toBe('not-voidable');
  });

  it('a trigger for an item whose deadline has none', async () => {
    const { ledger } = await openWithPlan();
    const e = await refusal(ledger, { type: 'condition.met', actor: BINH, at: '2021-02-01T03:00:00.000Z', data: { item: 'I.1', effective: '2021-02-01' } });
    expect(e.code).toBe('no-condition');
  });

  it('malformed data, with the field path', async () => {
    const { ledger } = await openWithPlan();
    const e = await refusal(ledger, statusDraft('I.1', 'finished' as 'done', '2021-03-01', '2021-03-01T03:00:00.000Z'));
    expect(e.code).toBe('schema');
    expect(e.details.field).toBe('data.status');
  });

  it('a recorded time earlier than the previous event or in the future', async () => {
    const { ledger } = await openWithPlan();
    expect((await refusal(ledger, statusDraft('I.1', 'done', '2020-12-01', '2020-12-01T03:00:00.000Z'))).code).toBe('clock');
    expect((await refusal(ledger, statusDraft('I.1', 'done', '2022-02-01', '2022-02-01T03:00:00.000Z'))).code).toBe('clock');
  });

  it('a batch is all or nothing', async () => {
    const { ledger, store } = await openWithPlan();
    const head = await store.head();
    await expect(
      ledger.append([statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'), statusDraft('I.1', 'in_progress', '2021-02-02', '2021-02-02T03:00:00.000Z')]),
    ).rejects.toBeInstanceOf(LedgerError);
    expect(await store.head()).toEqual(head);
  });
});

describe('optimistic concurrency', () => {
  it('a writer whose view is stale fails cleanly and writes nothing; after reopening it succeeds', async () => {
    const store = new MemoryStore();
    const first = await Ledger.open(store, { clock });
    await first.append(importDraft());
    const a = await Ledger.open(store, { clock });
    const b = await Ledger.open(store, { clock });
    await a.append(statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'));
    const error = await b.append(statusDraft('I.2', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z')).catch((e: unknown) => e);
    expect((error as LedgerError).code).toBe('concurrency');
    expect((await store.head()).seq).toBe(2);
    const again = await Ledger.open(store, { clock });
    await expect(again.append(statusDraft('I.2', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'))).resolves.toHaveLength(1);
    expect((await store.head()).seq).toBe(3);
  });
});
