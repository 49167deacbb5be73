import { ConcurrencyError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import type { PendingEvent } from '../signed-content.ts';
import type { EventStore, Head, RawEvent } from '../store.ts';
import { storedLine } from '../stored-line.ts';
import { headAfter, sameHead } from './append-check.ts';

/**
 * A copy of a ledger that only its service writes (a clone): reads are the copy's events, then the
 * events written here since, placed after them where they would go if nobody else wrote first. A
 * Ledger over this store checks each new draft against the rules at the copy's head and the earlier
 * pending events; what it appends is never written into the copy but handed, without its place
 * (seq, prev, hash), to `keep`, which must make it durable before resolving.
 */
export class PendingOverlayStore implements EventStore {
  readonly #lines: string[] = [];
  #head: Head;
  #keep: ((events: PendingEvent[]) => Promise<void>) | null = null;

  constructor(
    private readonly copy: EventStore,
    copyHead: Head,
  ) {
    this.#head = copyHead;
  }

  /**
   * From now on, appends are new pending events and go to `keep`; before this (while earlier pending
   * events are placed again to rebuild what they change) they are only held here.
   */
  keepNewEventsWith(keep: (events: PendingEvent[]) => Promise<void>): void {
    this.#keep = keep;
  }

  async head(): Promise<Head> {
    return this.#head;
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    const next = headAfter(events, expected);
    if (!sameHead(this.#head, expected)) throw new ConcurrencyError(expected, this.#head);
    await this.#keep?.(events.map(withoutPlace));
    for (const event of events) this.#lines.push(storedLine(event));
    this.#head = next;
    return next;
  }

  async *read(): AsyncIterable<RawEvent> {
    yield* this.copy.read();
    const length = this.#lines.length;
    for (let i = 0; i < length; i++) {
      const line = this.#lines[i]!;
      yield { value: JSON.parse(line), line, where: { key: i + 1 } };
    }
  }

  async close(): Promise<void> {
    await this.copy.close();
  }
}

/** A sealed event as it was signed: without the place that only the service gives it. */
export function withoutPlace(event: LedgerEvent): PendingEvent {
  const { seq: _seq, prev: _prev, hash: _hash, ...pending } = event;
  return pending as PendingEvent;
}
