// Spawned by the batch test: appends two events as one batch, and dies (SIGKILL) part way through
// writing them into the ledger, with the first whole and the second cut, as a power cut leaves it.
import { open } from 'node:fs/promises';
import { Ledger } from '../../../ledger/ledger.ts';
import { NdjsonStore } from '../../../ledger/stores/ndjson-store.ts';
import { statusDraft } from '../../support/sample-plan.ts';

const [file] = process.argv.slice(2);
const probe = await open(process.argv[1]!, 'r');
const prototype = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
await probe.close();
const write = prototype.write;
prototype.write = async function (this: unknown, ...args: unknown[]) {
  const [buffer, offset, length, position] = args as [Buffer, number, number, number];
  const bytes = buffer.subarray(offset, offset + length);
  const firstNewline = bytes.indexOf(0x0a);
  // The ledger's write (after its first event; a journal starts at byte 0) holding two lines: cut it.
  if (position > 0 && firstNewline !== -1 && bytes.indexOf(0x0a, firstNewline + 1) !== -1) {
    await write.call(this, buffer, offset, firstNewline + 1 + 40, position);
    await (this as { sync(): Promise<void> }).sync();
    process.kill(process.pid, 'SIGKILL');
  }
  return write.apply(this, args);
};
const store = await NdjsonStore.open(file!);
const ledger = await Ledger.open(store);
await ledger.append([
  statusDraft('I.1', 'in_progress', '2021-02-01', '2021-02-01T01:00:00.000Z'),
  statusDraft('I.2', 'in_progress', '2021-02-01', '2021-02-01T01:00:00.000Z'),
]);
process.stdout.write('appended\n');
