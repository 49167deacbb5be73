import type { EventType } from './events.ts';

/** What the rules need to know of an earlier event: to refuse a reused id, and to void it. */
export interface EventInfo {
  seq: number;
  type: EventType;
  /** The item the event is about, for item-level events. */
  item?: string;
}

const TYPES: readonly EventType[] = ['plan.imported', 'plan.revised', 'status.changed', 'evidence.attached', 'progress.noted', 'condition.met', 'event.voided', 'report.issued'];
const TYPE_CODES = new Map<string, number>(TYPES.map((type, code) => [type, code]));

/**
 * The events folded so far, in order, grown by many states at once: each state sees the first
 * `size`. Ids are kept once (the same strings the entries hold), the rest in flat arrays.
 */
class EventLog {
  readonly positions = new Map<string, number>();
  readonly ids: string[] = [];
  readonly seqs: number[] = [];
  readonly types: number[] = [];
  readonly items: string[] = []; // '' for events about no item

  /** A log of the first `size` events only: for a state that grows from an older one that another state grew first. */
  prefix(size: number): EventLog {
    const copy = new EventLog();
    for (let p = 0; p < size; p++) copy.push(this.ids[p]!, this.seqs[p]!, this.types[p]!, this.items[p]!);
    return copy;
  }

  push(id: string, seq: number, type: number, item: string): void {
    // A reused id keeps its first event: the one the rules and voids refer to.
    if (!this.positions.has(id)) this.positions.set(id, this.ids.length);
    this.ids.push(id);
    this.seqs.push(seq);
    this.types.push(type);
    this.items.push(item);
  }
}

/**
 * Every event id known to a state, with its seq, type and item. Immutable for its holder: `with`
 * returns a new index and leaves this one as it was, sharing storage while states grow one after
 * the other (a replay, a ledger's appends), so an event costs a few array slots, not a copy.
 * Iterating yields `[id, info]` in order, so that equal indexes compare equal in tests.
 */
export class EventIndex implements Iterable<[string, EventInfo]> {
  readonly #log: EventLog;
  /** How many events this index holds. */
  readonly size: number;

  private constructor(log: EventLog, size: number) {
    this.#log = log;
    this.size = size;
  }

  static empty(): EventIndex {
    return new EventIndex(new EventLog(), 0);
  }

  has(id: string): boolean {
    const position = this.#log.positions.get(id);
    return position !== undefined && position < this.size;
  }

  get(id: string): EventInfo | undefined {
    const position = this.#log.positions.get(id);
    return position !== undefined && position < this.size ? this.#info(position) : undefined;
  }

  /** The id of the event with this seq, if this index holds it. */
  idOfSeq(seq: number): string | undefined {
    const log = this.#log;
    // In a chain, seq n sits at position n - 1; a replay of something else may number otherwise.
    if (seq >= 1 && seq <= this.size && log.seqs[seq - 1] === seq) return log.ids[seq - 1];
    for (let p = 0; p < this.size; p++) if (log.seqs[p] === seq) return log.ids[p];
    return undefined;
  }

  /** This index and one more event. */
  with(id: string, seq: number, type: EventType, item: string | undefined): EventIndex {
    let log = this.#log;
    if (log.ids.length !== this.size) log = log.prefix(this.size);
    log.push(id, seq, TYPE_CODES.get(type)!, item ?? '');
    return new EventIndex(log, this.size + 1);
  }

  *[Symbol.iterator](): IterableIterator<[string, EventInfo]> {
    for (let p = 0; p < this.size; p++) yield [this.#log.ids[p]!, this.#info(p)];
  }

  #info(position: number): EventInfo {
    const log = this.#log;
    const item = log.items[position]!;
    const info: EventInfo = { seq: log.seqs[position]!, type: TYPES[log.types[position]!]! };
    if (item !== '') info.item = item;
    return info;
  }
}
