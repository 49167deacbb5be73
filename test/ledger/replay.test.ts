import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { replay } from '../../ledger/replay.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { ALICE, BINH, importDraft, statusDraft } from '../support/sample-plan.ts';

const clock = () => new Date('2022-01-01T00:00:00.000Z');

async function record(...drafts: Parameters<Ledger['append']>[0][]): Promise<LedgerEvent[]> {
  const ledger = await Ledger.open(new MemoryStore(), { clock });
  const events: LedgerEvent[] = [];
  for (const d of drafts) events.push(...(await ledger.append(d)));
  return events;
}

describe('replay at (knownAt, validAt)', () => {
  it('derives the two-by-two, waiting and withdrawn at the validAt date', async () => {
    const events = await record(
      importDraft(),
      statusDraft('I.1', 'done', '2021-03-20', '2021-03-20T03:00:00.000Z'), // due 31/03: on time
      statusDraft('I.2', 'done', '2021-07-05', '2021-07-05T03:00:00.000Z'), // due 30/06: late by 5 days
      {
        type: 'plan.revised',
        actor: ALICE,
        at: '2021-08-02T03:00:00.000Z',
        data: { document: { kind: 'Kế hoạch', number: '99/KH-UBND', date: '2021-08-01' }, withdrawn: [{ item: 'II.3', reason: 'Không còn phù hợp' }] },
      },
    );
    const atYearEnd = replay(events, { validAt: '2021-12-14' });
    expect(atYearEnd.items['I.1']!.assessment).toBe('done_on_time');
    expect(atYearEnd.items['I.2']!.assessment).toBe('done_late');
    expect(atYearEnd.items['I.2']!.daysOverdue).toBe(5);
    expect(atYearEnd.items['II.1']!.assessment).toBe('waiting');
    expect(atYearEnd.items['II.3']!.assessment).toBe('withdrawn');

    const atQ1 = replay(events, { validAt: '2021-03-14' });
    expect(atQ1.items['I.1']!.assessment).toBe('open_in_time');
    expect(atQ1.items['II.3']!.assessment).toBe('waiting'); // the withdrawal was decided later

    const atJuly1 = replay(events, { validAt: '2021-07-01' });
    expect(atJuly1.items['I.2']!.assessment).toBe('open_overdue');
    expect(atJuly1.items['I.2']!.daysOverdue).toBe(1);
  });

  it('places a late-recorded change at its true date, and knownAt shows what was known then', async () => {
    const events = await record(
      importDraft(),
      statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T03:00:00.000Z'),
      // Done on 10/03 but recorded only on 20/03, after the Q1 cut-off of 14/03.
      statusDraft('I.1', 'done', '2021-03-10', '2021-03-20T03:00:00.000Z'),
    );
    const asSubmitted = replay(events, { validAt: '2021-03-14', knownAt: '2021-03-15T00:00:00.000Z' });
    expect(asSubmitted.items['I.1']!.status).toBe('in_progress');
    const corrected = replay(events, { validAt: '2021-03-14' });
    expect(corrected.items['I.1']!.status).toBe('done');
    expect(corrected.items['I.1']!.completedOn).toBe('2021-03-10');
  });

  it('lets the latest effective date win, ties by seq', async () => {
    const events = await record(
      importDraft(),
      statusDraft('I.1', 'done', '2021-03-05', '2021-03-05T03:00:00.000Z'),
      statusDraft('I.1', 'in_progress', '2021-03-01', '2021-03-06T03:00:00.000Z'), // recorded later, happened earlier
    );
    const state = replay(events, { validAt: '2021-12-31' });
    expect(state.items['I.1']!.statuses.map((s) => s.status)).toEqual(['in_progress', 'done']);
    expect(state.items['I.1']!.status).toBe('done');
  });

  it('stops counting a voided event', async () => {
    const ledger = await Ledger.open(new MemoryStore(), { clock });
    await ledger.append(importDraft());
    const [wrong] = await ledger.append(statusDraft('I.2', 'done', '2021-02-01', '2021-02-01T03:00:00.000Z'));
    await ledger.append({ type: 'event.voided', actor: BINH, at: '2021-02-02T03:00:00.000Z', data: { event: wrong!.id, reason: 'Nhầm nhiệm vụ' } });
    const state = await ledger.replayAt({ validAt: '2021-12-31' });
    expect(state.items['I.2']!.status).toBe('not_started');
    expect(state.voided[wrong!.id]!.reason).toBe('Nhầm nhiệm vụ');
    // Before the void was recorded, the mistake still stood.
    const before = await ledger.replayAt({ validAt: '2021-12-31', knownAt: '2021-02-01T23:00:00.000Z' });
    expect(before.items['I.2']!.status).toBe('done');
  });

  it('starts the clock of a relative deadline when its trigger is recorded', async () => {
    const events = await record(importDraft(), {
      type: 'condition.met',
      actor: BINH,
      at: '2021-05-10T03:00:00.000Z',
      data: { item: 'II.1', effective: '2021-05-07', document: { kind: 'Công văn', number: '12/BNV' } },
    });
    const state = replay(events, { validAt: '2021-06-01' });
    // Friday 07/05 + 10 working days = Friday 21/05.
    expect(state.items['II.1']!.due).toBe('2021-05-21');
    expect(state.items['II.1']!.assessment).toBe('open_overdue');
    expect(replay(events, { validAt: '2021-05-06' }).items['II.1']!.assessment).toBe('waiting');
  });
});
