import { ConcurrencyError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../store.ts';
import { storedLine } from '../stored-line.ts';
import { headAfter, sameHead } from './append-check.ts';

/**
 * A ledger held in memory, for tests and previews. It keeps each event as its stored line, like the
 * other stores, so what is read back is a fresh value with exactly the bytes that were given.
 */
export class MemoryStore implements EventStore {
  readonly #lines: string[] = [];
  #head: Head = EMPTY_HEAD;

  async head(): Promise<Head> {
    return this.#head;
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    const next = headAfter(events, expected);
    if (!sameHead(this.#head, expected)) throw new ConcurrencyError(expected, this.#head);
    for (const event of events) this.#lines.push(storedLine(event));
    this.#head = next;
    return next;
  }

  async *read(): AsyncIterable<RawEvent> {
    // Up to the length at the start: a read sees the ledger as it was when it began.
    const length = this.#lines.length;
    for (let i = 0; i < length; i++) {
      const line = this.#lines[i]!;
      yield { value: JSON.parse(line), line, where: { key: i + 1 } };
    }
  }

  async close(): Promise<void> {}
}
