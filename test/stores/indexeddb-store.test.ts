import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../ledger/errors.ts';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { IndexedDbStore, ledgerDatabaseName } from '../../ledger/stores/indexeddb-store.ts';
import { describeStoreConformance } from './conformance.ts';
import { sampleEvents } from './sample-events.ts';

let counter = 0;

describeStoreConformance('IndexedDB (fake-indexeddb)', async () => {
  const name = `conformance-${++counter}`;
  return { open: () => IndexedDbStore.open(name), concurrentHandles: true };
});

describe('IndexedDB store', () => {
  it('keeps one database per ledger, named with the partition key', async () => {
    expect(ledgerDatabaseName('ke-hoach-2021', 'user-7:')).toBe('user-7:cchc-ledger:ke-hoach-2021');
    const a = await IndexedDbStore.open('shared-name', { partitionKey: 'book-a:' });
    const b = await IndexedDbStore.open('shared-name', { partitionKey: 'book-b:' });
    const events = sampleEvents(3);
    await a.append(events, EMPTY_HEAD);
    expect((await a.head()).seq).toBe(3);
    expect(await b.head()).toEqual(EMPTY_HEAD);
    expect(a.databaseName).toBe('book-a:cchc-ledger:shared-name');
    await a.close();
    await b.close();
    await deleteDB(a.databaseName);
    await deleteDB(b.databaseName);
  });

  it('refuses an append once another connection has added the next seq', async () => {
    const store = await IndexedDbStore.open('raw-writer');
    const events = sampleEvents(2);
    await store.append(events.slice(0, 1), EMPTY_HEAD);
    const other = await IndexedDbStore.open('raw-writer');
    const theirs = sampleEvents(2, { idPrefix: 'other', seed: 9, start: '2021-01-04T01:00:00.000Z' });
    await other.db.add('events', { seq: 2, hash: theirs[1]!.hash, line: JSON.stringify(theirs[1]) });
    await other.close();
    const error = await store.append(events.slice(1), { seq: 1, hash: events[0]!.hash }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((await store.head()).hash).toBe(theirs[1]!.hash);
    await store.close();
  });
});
