import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import type { Database } from '../../server/db/database.ts';
import { loadMigrations } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { sampleEvents } from '../stores/sample-events.ts';
import { describeStoreConformance } from '../stores/conformance.ts';
import { describePlanEventStore } from './plan-event-store-behaviour.ts';
import { createPlan } from './support/plan-fixture.ts';
import { sharedDatabase } from './support/shared-database.ts';

const parent = mkdtempSync(join(tmpdir(), 'cchc-pglite-'));
const dataDir = join(parent, 'db');
const openHandle = sharedDatabase(() => openDatabase(dataDir));
// A PGlite directory is some 40 MB.
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('PGlite, held open', () => {
  // Starting PGlite takes seconds (creating its directory, tens of seconds on a busy machine), so
  // these tests share one start; restarting it on its directory is tested on its own below.
  let held: Database;
  beforeAll(async () => (held = await openHandle()));
  afterAll(() => held.close());

  let plans = 0;
  describeStoreConformance('PGlite', async () => {
    const planId = await createPlan(held, `conformance-${++plans}`);
    return { open: async () => PlanEventStore.open(await openHandle(), planId, { closeDatabase: true }), concurrentHandles: true };
  });

  describePlanEventStore('PGlite', openHandle);
});

describe('PGlite data directory', () => {
  it('keeps every chain when PGlite is stopped and started again on it', async () => {
    const events = sampleEvents(12);
    const first = await openDatabase(dataDir);
    const planId = await createPlan(first, 'restart');
    await (await PlanEventStore.open(first, planId)).append(events, EMPTY_HEAD);
    await first.close();
    const again = await openDatabase(dataDir);
    const store = await PlanEventStore.open(again, planId);
    expect(await store.head()).toEqual({ seq: 12, hash: events[11]!.hash });
    expect(await verify(store.read())).toMatchObject({ ok: true, count: 12 });
    await again.close();
  });

  it('is one program\'s at a time: a second open is refused with a bilingual error until the first closes', async () => {
    const first = await openDatabase(dataDir);
    const second = await openDatabase(dataDir).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'storage', messageVi: expect.stringContaining('đang được một chương trình khác dùng') });
    await first.close();
    const third = await openDatabase(dataDir);
    expect(await third.query('select count(*)::integer as n from schema_migration')).toEqual([{ n: (await loadMigrations()).length }]);
    await third.close();
  });
});
