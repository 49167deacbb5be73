// Spawned by the NDJSON crash, concurrency and failed-write tests: a separate process writing one ledger.
import { ConcurrencyError, LedgerError } from '../../../ledger/errors.ts';
import { NdjsonStore } from '../../../ledger/stores/ndjson-store.ts';
import { sampleBodies, sealAfter } from '../sample-events.ts';

const [mode, file, ...rest] = process.argv.slice(2);
if (!mode || !file) throw new Error('usage: ndjson-writer.ts crash|race|big <ledger> ...');
const store = await NdjsonStore.open(file, { lockStaleMs: 2000 });

if (mode === 'crash') {
  // Appends one event at a time and acknowledges each seq only once its append has resolved.
  let head = await store.head();
  for (const body of sampleBodies({ withPlan: head.seq === 0, items: 50, idPrefix: `c${head.seq}-` })) {
    head = await store.append([sealAfter(body, head)], head);
    process.stdout.write(`${head.seq}\n`);
  }
} else if (mode === 'race') {
  // Appends `count` notes, taking the head afresh and retrying whenever the other writer got there first.
  const [prefix = 'r', count = '100'] = rest;
  let retries = 0;
  // Both writers start together: each says it is ready and waits for the word to go.
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.destroy();
  const bodies = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: prefix, clock: () => new Date(), seed: prefix.length * 7 });
  for (let written = 0; written < Number(count); ) {
    const head = await store.head();
    try {
      await store.append([sealAfter(bodies.next().value!, head)], head);
      written++;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      retries++;
    }
  }
  process.stdout.write(`${JSON.stringify({ retries })}\n`);
} else if (mode === 'big') {
  // One event of some 200 KB, for a file-size limit to cut off part way through its write.
  const head = await store.head();
  const body = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: 'big', start: '2021-03-01T01:00:00.000Z' }).next().value!;
  const note = 'Đã tổ chức hội nghị triển khai đến các phòng chuyên môn. '.repeat(1700).slice(0, 100_000);
  try {
    await store.append([sealAfter({ ...body, data: { ...(body.data as object), note } } as typeof body, head)], head);
    process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
  } catch (error) {
    const code = error instanceof LedgerError ? error.code : String(error);
    process.stdout.write(`${JSON.stringify({ ok: false, code, message: (error as Error).message })}\n`);
  }
}
