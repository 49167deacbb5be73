import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { apply, emptyState, replay } from '../../ledger/replay.ts';
import { computeHash, normalizeText } from '../../ledger/seal.ts';
import { EMPTY_HEAD, type RawEvent } from '../../ledger/store.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verify } from '../../ledger/verify.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import { ALICE, BINH, deadline, importDraft, item } from '../support/sample-plan.ts';

// The plan's five items, and three a revision may add.
const ITEMS = ['I.1', 'I.2', 'II.1', 'II.2', 'II.3', 'III.1', 'III.2', 'III.3'];
const STATUSES = ['not_started', 'in_progress', 'done', 'on_hold'] as const;
const DAY = 86_400_000;
const START = Date.parse('2021-01-05T03:00:00.000Z');

/** One step a user might take: a change, a note, evidence, a trigger, a void of an earlier event, or a revision of the plan. */
const stepFields = {
  kind: fc.constantFrom('status', 'status', 'status', 'note', 'evidence', 'condition', 'void', 'revise'),
  item: fc.constantFrom(...ITEMS),
  status: fc.constantFrom(...STATUSES),
  daysLater: fc.integer({ min: 0, max: 12 }),
  daysBack: fc.integer({ min: 0, max: 40 }),
  pick: fc.nat(),
  note: fc.option(fc.constantFrom('Đã gửi báo cáo', 'Chờ ý kiến Sở Tư pháp', 'Làm lại theo góp ý'), { nil: undefined }),
};
const step = fc.record(stepFields);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** A revision dated `effective`: adds an item, moves one's deadline, withdraws one, or several at once. */
function revision(s: Step, at: string, effective: string): EventDraft {
  const document = { kind: 'Kế hoạch', number: `${s.pick % 900}/KH-UBND`, date: effective };
  const due = new Date(Date.parse(effective) + ((s.pick % 5) - 2) * 30 * DAY).toISOString().slice(0, 10);
  const moved = { item: s.item, set: { timeline: deadline('date', due) }, was: {} };
  const added = item(`III.${(s.pick % 3) + 1}`, 'II', deadline(s.pick % 2 ? 'quarter' : 'relative', s.pick % 2 ? due : null, { offset: { amount: 5, unit: 'days' } }));
  const data =
    s.pick % 4 === 0
      ? { document, added: [added] }
      : s.pick % 4 === 1
        ? { document, amended: [moved] }
        : s.pick % 4 === 2
          ? { document, withdrawn: [{ item: s.item, reason: 'Không còn phù hợp' }] }
          : { document, added: [added], amended: [moved] };
  return { type: 'plan.revised', actor: BINH, at, data };
}

/** Appends the steps that the rules accept; returns every event recorded. */
async function history(steps: Step[]): Promise<LedgerEvent[]> {
  const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2023-01-01T00:00:00.000Z') });
  const events = await ledger.append(importDraft());
  let t = START;
  for (const s of steps) {
    t += s.daysLater * DAY;
    const at = new Date(t).toISOString();
    const effective = new Date(t - s.daysBack * DAY).toISOString().slice(0, 10);
    const draft: EventDraft =
      s.kind === 'status'
        ? { type: 'status.changed', actor: ALICE, at, data: { item: s.item, status: s.status, effective, ...(s.note && { note: s.note }) } }
        : s.kind === 'note'
          ? { type: 'progress.noted', actor: ALICE, at, data: { item: s.item, note: s.note ?? 'Đang làm', effective } }
          : s.kind === 'evidence'
            ? { type: 'evidence.attached', actor: BINH, at, data: { item: s.item, document: { kind: 'Báo cáo', number: `${s.pick % 50}/BC-SNV`, ...(s.pick % 3 ? { date: effective } : {}) } } }
            : s.kind === 'condition'
              ? { type: 'condition.met', actor: ALICE, at, data: { item: s.item, effective } }
              : s.kind === 'revise'
                ? revision(s, at, effective)
                : { type: 'event.voided', actor: ALICE, at, data: { event: events[s.pick % events.length]!.id, reason: 'Nhầm' } };
    try {
      events.push(...(await ledger.append(draft)));
    } catch (error) {
      if (!(error instanceof LedgerError)) throw error;
    }
  }
  return events;
}

const validDates = fc.constantFrom('2021-01-01', '2021-02-15', '2021-03-14', '2021-06-14', '2021-09-14', '2021-12-14', '2022-06-30');

const lengths: number[] = [];
describe('ledger properties', () => {
  it('applying events one at a time equals replaying them from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 40, size: 'max' }), validDates, async (steps, validAt) => {
        const events = await history(steps);
        const options = { validAt, knownAt: '2022-12-31T00:00:00.000Z' };
        let incremental = emptyState(options);
        for (const event of events) incremental = apply(incremental, event);
        expect(incremental).toEqual(replay(events, options));
        lengths.push(events.length);
      }),
      { numRuns: 60 },
    );
    // The generator must produce real histories, not plans that every rule refused.
    expect(Math.max(...lengths)).toBeGreaterThan(15);
  });

  it("a revision's changes show from its effective date: replay at any date equals applying at that date", async () => {
    // The same property, on histories rich in revisions: what projecting from "everything in force" must get right.
    const revising = fc.record({ ...stepFields, kind: fc.constantFrom('status', 'revise', 'revise', 'evidence', 'void') });
    let revisions = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(step, revising), { minLength: 5, maxLength: 30, size: 'max' }), validDates, async (steps, validAt) => {
        const events = await history(steps);
        revisions += events.filter((e) => e.type === 'plan.revised').length;
        const options = { validAt, knownAt: '2022-12-31T00:00:00.000Z' };
        let incremental = emptyState(options);
        for (const event of events) incremental = apply(incremental, event);
        expect(incremental).toEqual(replay(events, options));
      }),
      { numRuns: 60 },
    );
    expect(revisions).toBeGreaterThan(30);
  });

  it('verifying and replaying in one pass gives what verify and replay give apart; a ledger projects what it knows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30, size: 'max' }), validDates, fc.integer({ min: 0, max: 400 }), async (steps, validAt, days) => {
        const events = await history(steps);
        const records: RawEvent[] = events.map((e, i) => ({ value: JSON.parse(JSON.stringify(e)), where: { key: i + 1 } }));
        const knownAt = new Date(START + days * DAY).toISOString();
        const { verification, state } = await verifyAndReplay(records, { knownAt, validAt });
        expect(verification).toEqual(await verify(records));
        expect(state).toEqual(replay(events, { knownAt, validAt }));

        const store = new MemoryStore();
        await store.append(events, EMPTY_HEAD);
        const ledger = await Ledger.open(store, { clock: () => new Date('2023-01-01T00:00:00.000Z') });
        expect(await ledger.replayAt({ knownAt, validAt })).toEqual(state);
        const everything = { knownAt: '2022-12-31T00:00:00.000Z', validAt };
        expect(await ledger.replayAt(everything)).toEqual(replay(events, everything));
      }),
      { numRuns: 40 },
    );
  });

  it('replay is monotone in knownAt: knowing later never forgets an event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30, size: 'max' }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), validDates, async (steps, d1, d2, validAt) => {
        const events = await history(steps);
        const [early, late] = [Math.min(d1, d2), Math.max(d1, d2)].map((d) => new Date(START + d * DAY).toISOString());
        const a = replay(events, { knownAt: early!, validAt });
        const b = replay(events, { knownAt: late!, validAt });
        expect(a.count).toBeLessThanOrEqual(b.count);
        for (const [id, info] of a.events) expect(b.events.get(id)).toEqual(info);
        for (const id of Object.keys(a.voided)) expect(b.voided[id]).toEqual(a.voided[id]);
      }),
      { numRuns: 60 },
    );
  });

  it('Vietnamese text in NFC and NFD hashes identically once recorded', async () => {
    const vietnamese = fc.string({ unit: fc.constantFrom(...'aăâeêioôơuưyđAĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựýỳỷỹỵ ,.-/0123456789'.split('')) });
    await fc.assert(
      fc.asyncProperty(vietnamese, vietnamese, async (note, name) => {
        const draftIn = (form: 'NFC' | 'NFD') => ({
          type: 'progress.noted' as const,
          actor: { name: `${name} X`.normalize(form), unit: 'Sở Nội vụ'.normalize(form) },
          at: '2021-02-01T03:00:00.000Z',
          id: 'fixed-id',
          data: { item: 'I.1', note: `${note} ghi chú`.normalize(form) },
        });
        const hashes = [];
        for (const form of ['NFC', 'NFD'] as const) {
          const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2022-01-01T00:00:00.000Z') });
          await ledger.append({ ...importDraft(), id: 'import-id' });
          const [event] = await ledger.append(draftIn(form));
          expect(event!.data).toEqual(normalizeText(event!.data));
          hashes.push(event!.hash);
        }
        expect(hashes[0]).toBe(hashes[1]);
      }),
      { numRuns: 50 },
    );
  });

  it('the hash does not depend on the order of keys (RFC 8785)', () => {
    const a = { v: 1, seq: 1, id: 'x', at: '2021-01-01T00:00:00.000Z', actor: { name: 'A', unit: 'B' }, type: 'progress.noted', data: { item: 'I.1', note: 'n' }, prev: '0'.repeat(64) };
    const b = { prev: a.prev, data: { note: 'n', item: 'I.1' }, type: a.type, actor: { unit: 'B', name: 'A' }, at: a.at, id: 'x', seq: 1, v: 1 };
    expect(computeHash(b as never)).toBe(computeHash(a as never));
  });
});
