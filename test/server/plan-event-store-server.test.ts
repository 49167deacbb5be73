import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { describeStoreConformance } from '../stores/conformance.ts';
import { describePlanEventStore } from './plan-event-store-behaviour.ts';
import { createPlan } from './support/plan-fixture.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

let testDatabase: TestDatabase;
let admin: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  admin = await openDatabase(testDatabase.url);
});
afterAll(async () => {
  await admin?.close();
  await testDatabase?.drop();
});

// Every handle is a pool of its own: the racing appends come over separate connections.
const openHandle = () => openDatabase(testDatabase.url, { maxConnections: 2 });

let plans = 0;
describeStoreConformance('PostgreSQL server', async () => {
  const planId = await createPlan(admin, `conformance-${++plans}`);
  return { open: async () => PlanEventStore.open(await openHandle(), planId, { closeDatabase: true }), concurrentHandles: true };
});

describePlanEventStore('PostgreSQL server', openHandle);
