import { describe, expect, it } from 'vitest';
import { ConcurrencyError, LedgerError } from '../../ledger/errors.ts';
import { signerOfSeed } from '../../cli/key-file.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { EMPTY_HEAD, type Head } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import type { Database } from '../../server/db/database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { readProvinceLog } from '../../server/province-log.ts';
import { sampleBodies, sampleEvents, sealAfter } from '../stores/sample-events.ts';
import { importDraft, statusDraft } from '../support/sample-plan.ts';
import { createPlan } from './support/plan-fixture.ts';

const headOf = (events: ReadonlyArray<{ seq: number; hash: string }>): Head => ({ seq: events.at(-1)!.seq, hash: events.at(-1)!.hash });

/** What the province's store does beyond the EventStore conformance suite, on one driver. */
export function describePlanEventStore(name: string, openDatabase: () => Promise<Database>): void {
  let plans = 0;
  const newPlan = async (db: Database) => createPlan(db, `${name}-plan-${++plans}`);

  describe(`PlanEventStore on ${name}`, () => {
    it('the database itself refuses an event that forks or breaks a chain, and any change to a recorded one', async () => {
      const db = await openDatabase();
      const planId = await newPlan(db);
      const store = await PlanEventStore.open(db, planId);
      const events = sampleEvents(3);
      await store.append(events, EMPTY_HEAD);
      const insert = (seq: number, prev: string) =>
        db.query(`insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line) values ($1, $2, $3, $4, $5, '{}')`, [
          planId,
          seq,
          `forged-${seq}-${prev.slice(0, 4)}`,
          prev,
          'f'.repeat(64),
        ]);
      const codeOf = (p: Promise<unknown>) => p.then(() => 'inserted', (e: { code?: string }) => e.code);
      expect(await codeOf(insert(2, events[0]!.hash))).toBe('CC001'); // a second event at seq 2: a fork
      expect(await codeOf(insert(4, events[1]!.hash))).toBe('CC001'); // seq 4 not linked to seq 3
      expect(await codeOf(insert(5, events[2]!.hash))).toBe('CC001'); // a gap
      expect(await codeOf(db.query(`update plan_event set line = '{}' where plan_id = $1 and seq = 2`, [planId]))).toBe('CC002');
      expect(await codeOf(db.query(`delete from plan_event where plan_id = $1`, [planId]))).toBe('CC002');
      expect(await codeOf(db.query(`truncate plan_event cascade`))).toBe('CC002');
      expect(await verify(store.read())).toEqual({ ok: true, count: 3, head: headOf(events), format: 1 });
      await db.close();
    });

    it('appendWith decides with the head locked: a second writer waits, then sees the first one\'s head', async () => {
      const a = await openDatabase();
      const b = await openDatabase();
      const planId = await newPlan(a);
      const [storeA, storeB] = [await PlanEventStore.open(a, planId), await PlanEventStore.open(b, planId)];
      const events = sampleEvents(4);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const seenByB: Head[] = [];
      const first = storeA.appendWith(async (head) => {
        expect(head).toEqual(EMPTY_HEAD);
        await gate; // A holds the lock while it "runs the rules"
        return events.slice(0, 2);
      });
      await new Promise((r) => setTimeout(r, 50));
      const second = storeB.appendWith((head) => {
        seenByB.push(head);
        return head.seq === 2 ? events.slice(2) : [];
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(seenByB).toEqual([]); // B could not look at the head while A was deciding
      release();
      expect((await first).head).toEqual(headOf(events.slice(0, 2)));
      expect(await second).toMatchObject({ head: headOf(events), positions: [expect.any(Number), expect.any(Number)] });
      expect(seenByB).toEqual([headOf(events.slice(0, 2))]);
      await a.close();
      await b.close();
    });

    it('a decision that throws, or returns events that do not continue the head, writes nothing and uses no log position', async () => {
      const db = await openDatabase();
      const store = await PlanEventStore.open(db, await newPlan(db));
      const events = sampleEvents(3);
      const before = (await readProvinceLog(db, 0, 1)).highWater;
      const refusal = new LedgerError('transition', 'Không được chuyển trạng thái.', 'Transition not allowed.');
      await expect(
        store.appendWith(async (_head, tx) => {
          await tx.query(`insert into person (id, agency_id, full_name) values ('rolled-back', 'so-noi-vu', 'Trần Văn An')`);
          throw refusal;
        }),
      ).rejects.toBe(refusal);
      expect(await db.query(`select 1 from person where id = 'rolled-back'`)).toEqual([]);
      await expect(store.appendWith(() => events.slice(1))).rejects.toMatchObject({ code: 'sequence' });
      expect(await store.head()).toEqual(EMPTY_HEAD);
      expect((await readProvinceLog(db, 0, 1)).highWater).toBe(before);
      const { positions } = await store.appendWith(() => events);
      expect(positions).toEqual([before + 1, before + 2, before + 3]);
      await db.close();
    });

    it('refuses an event id the plan already holds, and a plan that does not exist, with typed bilingual errors', async () => {
      const db = await openDatabase();
      const store = await PlanEventStore.open(db, await newPlan(db));
      const events = sampleEvents(2);
      await store.append(events.slice(0, 1), EMPTY_HEAD);
      const again = { ...events[1]!, id: events[0]!.id };
      const error = await store.append([again], headOf(events.slice(0, 1))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect(error).toMatchObject({ code: 'duplicate-id', messageVi: expect.stringContaining('cùng mã') });
      expect(await store.head()).toEqual(headOf(events.slice(0, 1)));
      const missing = await PlanEventStore.open(db, 'khong-co').catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'storage', messageVi: 'Không có kế hoạch "khong-co" trong cơ sở dữ liệu.' });
      await db.close();
    });

    it('carries a Ledger as any store does: its rules refuse, and a Ledger behind another connection\'s appends reopens and retries', async () => {
      const a = await openDatabase();
      const b = await openDatabase();
      const planId = await newPlan(a);
      const first = await Ledger.open(await PlanEventStore.open(a, planId));
      await first.append(importDraft());
      const behind = await Ledger.open(await PlanEventStore.open(b, planId));
      await first.append(statusDraft('I.1', 'in_progress', '2021-01-05', '2021-01-05T02:00:00.000Z'));
      const stale = await behind.append(statusDraft('I.2', 'in_progress', '2021-01-06', '2021-01-06T02:00:00.000Z')).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(ConcurrencyError);
      const reopened = await Ledger.open(await PlanEventStore.open(b, planId));
      await reopened.append(statusDraft('I.2', 'in_progress', '2021-01-06', '2021-01-06T02:00:00.000Z'));
      const refused = await reopened.append(statusDraft('IX.9', 'done', '2021-01-07', '2021-01-07T02:00:00.000Z')).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'unknown-item' });
      const store = await PlanEventStore.open(a, planId);
      expect(await verify(store.read())).toMatchObject({ ok: true, count: 3 });
      // The first Ledger is behind now: replaying reads the store, with both writers' changes.
      const state = await first.replayAt();
      expect([state.items['I.1']?.status, state.items['I.2']?.status]).toEqual(['in_progress', 'in_progress']);
      await a.close();
      await b.close();
    });

    it('stores text special to SQL and to array literals exactly, several events in one append', async () => {
      const db = await openDatabase();
      const store = await PlanEventStore.open(db, await newPlan(db));
      const [plan] = sampleEvents(1);
      const notes = ['NULL', 'null', '\\', '"', '{a,b}', "'; drop table plan_event; --", 'a\u0000b', 'a\n\tb\r', '\\N', 'ế\u0301 😀'];
      const bodies = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: 'special-', start: '2021-02-01T01:00:00.000Z' });
      const events = [plan!];
      for (const note of notes) {
        const body = bodies.next().value!;
        events.push(sealAfter({ ...body, data: { ...(body.data as object), note } } as typeof body, headOf(events)));
      }
      await store.append(events, EMPTY_HEAD);
      const stored: string[] = [];
      for await (const raw of store.read()) if ('value' in raw) stored.push(JSON.stringify(raw.value));
      expect(stored.length).toBe(events.length);
      expect(stored.every((line, i) => line === JSON.stringify(events[i]))).toBe(true);
      expect(await verify(store.read())).toMatchObject({ ok: true, count: events.length });
      await db.close();
    });

    it('keeps a signed ledger\'s lines byte for byte: it verifies, and a Ledger reopens it and appends', async () => {
      const db = await openDatabase();
      const planId = await newPlan(db);
      const signer = signerOfSeed(new Uint8Array(32).fill(7));
      const clock = () => new Date('2021-06-01T00:00:00.000Z');
      await (await Ledger.open(await PlanEventStore.open(db, planId), { signer, clock })).append(importDraft());
      const reopened = await Ledger.open(await PlanEventStore.open(db, planId), { signer, clock });
      await reopened.append(statusDraft('I.1', 'done', '2021-03-01', '2021-03-02T01:00:00.000Z'));
      const lines: string[] = [];
      for await (const raw of (await PlanEventStore.open(db, planId)).read()) if ('line' in raw && raw.line) lines.push(raw.line);
      expect(lines.length).toBe(3); // the signer's enrolment, the import, the status
      expect(await verify((await PlanEventStore.open(db, planId)).read())).toMatchObject({ ok: true, count: 3, format: 2 });
      await db.close();
    });

    it('a stale head is refused from another connection with ConcurrencyError naming the stored head', async () => {
      const a = await openDatabase();
      const b = await openDatabase();
      const planId = await newPlan(a);
      const events = sampleEvents(3);
      await (await PlanEventStore.open(a, planId)).append(events, EMPTY_HEAD);
      const error = await (await PlanEventStore.open(b, planId)).append(sampleEvents(1), EMPTY_HEAD).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect((error as ConcurrencyError).details.seq).toBe(3);
      await a.close();
      await b.close();
    });
  });
}
