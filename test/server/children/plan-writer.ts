// Spawned by the two-process test: a separate process appending notes to one plan of a database.
import { ConcurrencyError } from '../../../ledger/errors.ts';
import { openDatabase } from '../../../server/db/open-database.ts';
import { PlanEventStore } from '../../../server/plan-event-store.ts';
import { sampleBodies, sealAfter } from '../../stores/sample-events.ts';

const [url, planId, prefix, count] = process.argv.slice(2);
if (!url || !planId || !prefix || !count) throw new Error('usage: plan-writer.ts <database url> <plan> <id prefix> <count>');
const db = await openDatabase(url, { maxConnections: 1 });
const store = await PlanEventStore.open(db, planId);

// Both writers start together: each says it is ready and waits for the word to go.
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();

// Appends one note at a time, taking the head afresh and retrying whenever the other got there
// first; prints each event's id once its append has resolved (committed), and nothing before.
const bodies = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: prefix, clock: () => new Date(), seed: prefix.length * 7 });
let retries = 0;
for (let written = 0; written < Number(count); ) {
  const head = await store.head();
  const event = sealAfter(bodies.next().value!, head);
  try {
    await store.append([event], head);
    process.stdout.write(`${event.id}\n`);
    written++;
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
    retries++;
  }
}
process.stdout.write(`${JSON.stringify({ retries })}\n`);
await db.close();
