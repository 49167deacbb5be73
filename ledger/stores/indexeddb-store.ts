import { parseLedgerJson } from '../ledger-json.ts';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ConcurrencyError, LedgerError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../store.ts';
import { storedLine } from '../stored-line.ts';
import { headAfter, sameHead } from './append-check.ts';

const STORE = 'events';
const READ_BATCH = 500;

/** One stored event: its stored line (ledger/stored-line.ts), so it reads back byte for byte; seq and hash beside it for the head. */
interface StoredEvent {
  seq: number;
  hash: string;
  line: string;
}

interface LedgerDb extends DBSchema {
  events: { key: number; value: StoredEvent };
}

export interface IndexedDbStoreOptions {
  /** Prefix that keeps ledgers of different users or workbooks apart in one origin. */
  partitionKey?: string;
}

/** The database holding one ledger. */
export function ledgerDatabaseName(ledgerName: string, partitionKey?: string): string {
  return `${partitionKey ?? ''}cchc-ledger:${ledgerName}`;
}

/**
 * A ledger in the browser's IndexedDB: one database per ledger, one object store keyed by seq.
 * The head check and the write happen in one readwrite transaction; the events arrive sealed, so
 * nothing but IndexedDB requests is awaited inside it (any other await would let it commit early).
 */
export class IndexedDbStore implements EventStore {
  private constructor(
    readonly databaseName: string,
    readonly db: IDBPDatabase<LedgerDb>,
  ) {}

  static async open(ledgerName: string, options: IndexedDbStoreOptions = {}): Promise<IndexedDbStore> {
    const name = ledgerDatabaseName(ledgerName, options.partitionKey);
    try {
      const db = await openDB<LedgerDb>(name, 1, {
        upgrade(database) {
          database.createObjectStore(STORE, { keyPath: 'seq' });
        },
        // A newer version of this program wants to upgrade the database: let it.
        blocking() {
          db.close();
        },
      });
      return new IndexedDbStore(name, db);
    } catch (error) {
      throw storageError(name, error);
    }
  }

  async head(): Promise<Head> {
    try {
      const cursor = await this.db.transaction(STORE).store.openCursor(null, 'prev');
      return cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : EMPTY_HEAD;
    } catch (error) {
      throw storageError(this.databaseName, error);
    }
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    const next = headAfter(events, expected);
    const records: StoredEvent[] = events.map((e) => ({ seq: e.seq, hash: e.hash, line: storedLine(e) }));
    const tx = this.db.transaction(STORE, 'readwrite', { durability: 'strict' });
    let stored: Head;
    try {
      const cursor = await tx.store.openCursor(null, 'prev');
      stored = cursor ? { seq: cursor.value.seq, hash: cursor.value.hash } : EMPTY_HEAD;
    } catch (error) {
      await tx.done.catch(() => undefined);
      throw storageError(this.databaseName, error);
    }
    if (!sameHead(stored, expected)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new ConcurrencyError(expected, stored);
    }
    try {
      await Promise.all([...records.map((r) => tx.store.add(r)), tx.done]);
    } catch (error) {
      await tx.done.catch(() => undefined);
      // Another connection added the same seq first: the same situation as a stale head.
      if ((error as { name?: unknown }).name === 'ConstraintError') throw new ConcurrencyError(expected, await this.head());
      throw storageError(this.databaseName, error);
    }
    return next;
  }

  /** In batches, each in its own short transaction: a reader that awaits between events never holds one open. */
  async *read(): AsyncIterable<RawEvent> {
    let after = 0;
    for (;;) {
      let batch: StoredEvent[];
      try {
        batch = await this.db.getAll(STORE, IDBKeyRange.lowerBound(after, true), READ_BATCH);
      } catch (error) {
        throw storageError(this.databaseName, error);
      }
      for (const record of batch) yield parseRecord(record);
      const last = batch[batch.length - 1];
      if (batch.length < READ_BATCH || !last) return;
      after = last.seq;
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

function parseRecord(record: StoredEvent): RawEvent {
  const where = { key: record.seq };
  if (typeof record.line !== 'string') return { parseError: 'bản ghi không có dòng JSON / record holds no JSON line', where };
  const read = parseLedgerJson(record.line);
  if ('value' in read) return { value: read.value, line: record.line, where };
  if (read.index === null) return { parseError: read.problem.en, where };
  return { parseError: `${read.problem.vi} (ký tự ${read.index + 1}) / ${read.problem.en} (character ${read.index + 1})`, where };
}

function storageError(databaseName: string, error: unknown): LedgerError {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new LedgerError(
    'storage',
    `Không truy cập được cơ sở dữ liệu của sổ trong trình duyệt (${databaseName}): ${reason}.`,
    `Could not use the ledger's browser database (${databaseName}): ${reason}.`,
  );
}
