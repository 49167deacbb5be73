import { openDatabase } from '../../server/db/open-database.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { describeStoreConformance } from '../stores/conformance.ts';
import { describePlanEventStore } from './plan-event-store-behaviour.ts';
import { createPlan } from './support/plan-fixture.ts';
import { useTestDatabase } from './support/test-database.ts';

const testDatabase = useTestDatabase();

// Every handle is a pool of its own: the racing appends come over separate connections.
const openHandle = () => openDatabase(testDatabase.url, { maxConnections: 2 });

let plans = 0;
describeStoreConformance('PostgreSQL server', async () => {
  const planId = await createPlan(testDatabase.admin, `conformance-${++plans}`);
  return { open: async () => PlanEventStore.open(await openHandle(), planId, { closeDatabase: true }), concurrentHandles: true };
});

describePlanEventStore('PostgreSQL server', openHandle);
