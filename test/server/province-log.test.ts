import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../ledger/errors.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { readProvinceLog, type LogEntry } from '../../server/province-log.ts';
import { sampleBodies, sampleEvents, sealAfter } from '../stores/sample-events.ts';
import { createPlan } from './support/plan-fixture.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

let testDatabase: TestDatabase;
let admin: Database;
const clients: pg.Client[] = [];
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  admin = await openDatabase(testDatabase.url);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  await admin?.close();
  await testDatabase?.drop();
});

/** A connection of its own, for a test that drives transactions step by step. */
async function connection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  clients.push(client);
  return client;
}

const insertEvent = (client: pg.Client, planId: string, event: LedgerEvent) =>
  client.query('insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line) values ($1, $2, $3, $4, $5, $6)', [
    planId,
    event.seq,
    event.id,
    event.prev,
    event.hash,
    JSON.stringify(event),
  ]);

const settledSoon = (p: Promise<unknown>) => Promise.race([p.then(() => true), new Promise((r) => setTimeout(() => r(false), 300))]);

describe('the province-wide log', () => {
  it('a sequence read by a consumer skips a late commit (the trap, shown on a plain bigserial table)', async () => {
    await admin.exec('create table naive_log (position bigserial primary key, note text)');
    const [early, late] = [await connection(), await connection()];
    await early.query('begin');
    await early.query(`insert into naive_log (note) values ('taken first, committed last')`);
    await late.query('begin');
    await late.query(`insert into naive_log (note) values ('taken second, committed first')`);
    await late.query('commit');
    const seen = (await admin.query<{ position: string }>('select position from naive_log where position > 0 order by position')).map((r) => Number(r.position));
    expect(seen).toEqual([2]); // the consumer now asks for what follows 2 ...
    await early.query('commit');
    expect(await admin.query('select position from naive_log where position > 2')).toEqual([]); // ... and never sees 1
  });

  it('gives no position to a transaction until the one before it has committed: a late committer is never skipped', async () => {
    const [planA, planB] = [await createPlan(admin, 'late-a'), await createPlan(admin, 'late-b')];
    const [a, b] = [await connection(), await connection()];
    const start = (await readProvinceLog(admin, 0, 1)).highWater;
    await a.query('begin');
    await insertEvent(a, planA, sampleEvents(1, { idPrefix: 'a' })[0]!);
    await b.query('begin');
    const bInsert = insertEvent(b, planB, sampleEvents(1, { idPrefix: 'b' })[0]!);
    expect(await settledSoon(bInsert)).toBe(false); // b waits for a position until a ends
    expect(await readProvinceLog(admin, start)).toEqual({ entries: [], highWater: start });
    await a.query('commit');
    await bInsert;
    expect((await readProvinceLog(admin, start)).entries.map((e) => [e.position, e.planId])).toEqual([[start + 1, planA]]);
    await b.query('commit');
    expect((await readProvinceLog(admin, start)).entries.map((e) => [e.position, e.planId])).toEqual([
      [start + 1, planA],
      [start + 2, planB],
    ]);
  });

  it('a rolled-back transaction gives its positions back: no gap', async () => {
    const planId = await createPlan(admin, 'rolled-back');
    const c = await connection();
    const start = (await readProvinceLog(admin, 0, 1)).highWater;
    await c.query('begin');
    await insertEvent(c, planId, sampleEvents(1, { idPrefix: 'gone' })[0]!);
    await c.query('rollback');
    const store = await PlanEventStore.open(admin, planId);
    const events = sampleEvents(2, { idPrefix: 'kept' });
    expect((await store.appendWith(() => events)).positions).toEqual([start + 1, start + 2]);
  });

  it('many appenders on several connections, some slow to commit, and a reader polling concurrently: every event once, in order, none skipped', async () => {
    const PLANS = 3;
    const WRITERS_PER_PLAN = 3;
    const EVENTS_PER_WRITER = 25;
    const planIds = await Promise.all(Array.from({ length: PLANS }, (_, i) => createPlan(admin, `busy-${i}`)));
    const start = (await readProvinceLog(admin, 0, 1)).highWater;
    const acknowledged = new Set<string>();
    for (const planId of planIds) {
      const [plan] = sampleEvents(1, { idPrefix: `${planId}-plan` });
      await (await PlanEventStore.open(admin, planId)).append([plan!], EMPTY_HEAD);
      acknowledged.add(plan!.id);
    }

    // Half the writers go through PlanEventStore (one pool each); the others insert directly and
    // sleep before committing, holding their position open, as a slow service process would.
    const writer = async (planId: string, w: number): Promise<void> => {
      const slow = w % 2 === 1;
      const db = await openDatabase(testDatabase.url, { maxConnections: 1 });
      const store = await PlanEventStore.open(db, planId);
      const bodies = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: `${planId}-w${w}-`, clock: () => new Date(), seed: w + 1 });
      try {
        for (let written = 0; written < EVENTS_PER_WRITER; ) {
          const batch = Math.min(1 + ((written + w) % 3), EVENTS_PER_WRITER - written);
          const head = await store.head();
          const events: LedgerEvent[] = [];
          for (let i = 0; i < batch; i++) events.push(sealAfter(bodies.next().value!, events.at(-1) ?? head));
          try {
            if (slow) {
              await db.transaction(async (tx) => {
                for (const e of events) {
                  await tx.query('insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line) values ($1, $2, $3, $4, $5, $6)', [
                    planId, e.seq, e.id, e.prev, e.hash, JSON.stringify(e),
                  ]);
                }
                await tx.query('select pg_sleep($1)', [Math.random() * 0.02]);
              });
            } else {
              await store.append(events, head);
            }
            for (const e of events) acknowledged.add(e.id);
            written += batch;
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            if (!(error instanceof ConcurrencyError) && code !== 'CC001' && code !== '23505') throw error;
          }
        }
      } finally {
        await db.close();
      }
    };

    let writing = true;
    const seen: LogEntry[] = [];
    const reader = (async () => {
      const db = await openDatabase(testDatabase.url, { maxConnections: 1 });
      let after = start;
      let pages = 0;
      try {
        for (;;) {
          const finished = !writing; // decided before reading: a page read after the last commit
          const page = await readProvinceLog(db, after, 20);
          pages++;
          // Every position up to the high-water mark is readable, and a page is the log's very next entries.
          expect(page.entries.map((e) => e.position)).toEqual(page.entries.map((_, i) => after + 1 + i));
          if (page.entries.length < 20) expect(after + page.entries.length).toBe(page.highWater);
          seen.push(...page.entries);
          after = page.entries.at(-1)?.position ?? after;
          if (finished && page.entries.length === 0) return pages;
          if (page.entries.length === 0) await new Promise((r) => setTimeout(r, 2));
        }
      } finally {
        await db.close();
      }
    })();
    await Promise.all(planIds.flatMap((planId) => Array.from({ length: WRITERS_PER_PLAN }, (_, w) => writer(planId, w))));
    writing = false;
    const pages = await reader;
    expect(pages).toBeGreaterThan(5); // the reader really read while the writers wrote

    // The reader saw every acknowledged event exactly once, and nothing else.
    const ids = seen.map((e) => (JSON.parse(e.line) as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice().sort()).toEqual([...acknowledged].sort());
    expect(ids.length).toBe(PLANS * (1 + WRITERS_PER_PLAN * EVENTS_PER_WRITER));
    // Each plan's chain is whole, and the log lists each plan's events in chain order.
    for (const planId of planIds) {
      const result = await verify((await PlanEventStore.open(admin, planId)).read());
      expect(result).toMatchObject({ ok: true, count: 1 + WRITERS_PER_PLAN * EVENTS_PER_WRITER });
      expect(seen.filter((e) => e.planId === planId).map((e) => e.seq)).toEqual(Array.from({ length: result.ok ? result.count : 0 }, (_, i) => i + 1));
    }
  }, 120_000);
});
