import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { describeStoreConformance } from '../stores/conformance.ts';
import { describePlanEventStore } from './plan-event-store-behaviour.ts';
import { createPlan } from './support/plan-fixture.ts';
import { sharedDatabase } from './support/shared-database.ts';

const dataDir = join(mkdtempSync(join(tmpdir(), 'cchc-pglite-')), 'db');
const openHandle = sharedDatabase(() => openDatabase(dataDir));

let plans = 0;
describeStoreConformance('PGlite', async () => {
  const db = await openHandle();
  const planId = await createPlan(db, `conformance-${++plans}`);
  await db.close();
  return { open: async () => PlanEventStore.open(await openHandle(), planId, { closeDatabase: true }), concurrentHandles: true };
});

describe('PGlite, held open', () => {
  // Starting PGlite takes seconds: these tests share one start (the conformance suite restarts it).
  let held: Database;
  beforeAll(async () => (held = await openHandle()));
  afterAll(() => held.close());
  describePlanEventStore('PGlite', openHandle);
});

describe('PGlite data directory', () => {
  it('is one program\'s at a time: a second open is refused with a bilingual error until the first closes', async () => {
    const first = await openDatabase(dataDir);
    const second = await openDatabase(dataDir).catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'storage', messageVi: expect.stringContaining('đang được một chương trình khác dùng') });
    await first.close();
    const third = await openDatabase(dataDir);
    expect(await third.query('select count(*)::integer as n from schema_migration')).toEqual([{ n: 1 }]);
    await third.close();
  });
});
