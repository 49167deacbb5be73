import { instantMillis, type IsoInstant } from './dates.ts';
import type { Actor, EventType, LedgerEvent } from './events.ts';
import { intern, internActor } from './intern.ts';

/** What is known of an earlier event without reading it again: to refuse a reused id, to void it, to say who recorded it when. */
export interface EventInfo {
  seq: number;
  type: EventType;
  /** The item the event is about, for item-level events. */
  item?: string;
  at: IsoInstant;
  actor: Actor;
}

const TYPES: readonly EventType[] = ['plan.imported', 'plan.revised', 'status.changed', 'evidence.attached', 'progress.noted', 'condition.met', 'event.voided', 'report.issued'];
const TYPE_CODES = new Map<string, number>(TYPES.map((type, code) => [type, code]));
const TYPE_BITS = 8; // TYPES.length, as a factor: kind = item number * TYPE_BITS + type code

/** A growable column of numbers, in a typed array: 4 or 8 bytes an event instead of a JS array's slot and slack. */
function grown<T extends Int32Array | Float64Array>(column: T, length: number): T {
  if (length < column.length) return column;
  const bigger = new (column.constructor as new (size: number) => T)(Math.max(1024, column.length * 2));
  bigger.set(column);
  return bigger;
}

/**
 * The events folded so far, in order, grown by many states at once: each state sees the first
 * `length`. Besides its id (a string the entries hold anyway) an event costs its position in a Map
 * and 16 bytes of columns: type and item, recorded time, author.
 */
class EventLog {
  /** id -> position of its first event. Insertion order is position order. */
  readonly positions = new Map<string, number>();
  length = 0;
  /** position -> item number * TYPE_BITS + type code (item number 0: no item). */
  kinds = new Int32Array(1024);
  /** position -> `at` in milliseconds since 1970. */
  ats = new Float64Array(1024);
  /** position -> author number. */
  authors = new Int32Array(1024);
  readonly itemIds: string[] = [''];
  readonly itemNumbers = new Map<string, number>();
  readonly actors: Actor[] = [];
  readonly actorNumbers = new Map<Actor, number>();
  // The id looked up last and its position: checking an event asks for its id three times (the
  // checker, the rules, the push), and in a Map of a million ids each lookup is a cache miss.
  #lastId = '';
  #lastPosition: number | undefined = undefined;
  /** position -> seq, where it is not position + 1 (a replay of events that are not one chain). */
  readonly oddSeqs = new Map<number, number>();
  /** position -> `at`, where it is not an instant as toISOString writes it (a replay of unchecked events). */
  readonly oddAts = new Map<number, string>();

  positionOf(id: string): number | undefined {
    if (id !== this.#lastId) {
      this.#lastId = id;
      this.#lastPosition = this.positions.get(id);
    }
    return this.#lastPosition;
  }

  /** A log of the first `size` events only: for a state that grows from an older one that another state grew first. */
  prefix(size: number): EventLog {
    const copy = new EventLog();
    for (const [id, position] of this.positions) {
      if (position >= size) break;
      copy.positions.set(id, position);
    }
    copy.length = size;
    copy.kinds = this.kinds.slice();
    copy.ats = this.ats.slice();
    copy.authors = this.authors.slice();
    copy.itemIds.push(...this.itemIds.slice(1));
    for (const [item, number] of this.itemNumbers) copy.itemNumbers.set(item, number);
    copy.actors.push(...this.actors);
    for (const [actor, number] of this.actorNumbers) copy.actorNumbers.set(actor, number);
    for (const [position, seq] of this.oddSeqs) if (position < size) copy.oddSeqs.set(position, seq);
    for (const [position, at] of this.oddAts) if (position < size) copy.oddAts.set(position, at);
    return copy;
  }

  push(event: LedgerEvent, item: string | undefined): void {
    const position = this.length;
    // A reused id keeps its first event: the one the rules and voids refer to.
    if (this.positionOf(event.id) === undefined) {
      this.positions.set(event.id, position);
      this.#lastPosition = position;
    }
    this.kinds = grown(this.kinds, position);
    this.ats = grown(this.ats, position);
    this.authors = grown(this.authors, position);
    this.kinds[position] = this.#itemNumber(item) * TYPE_BITS + TYPE_CODES.get(event.type)!;
    const millis = instantMillis(event.at);
    if (millis === null) this.oddAts.set(position, event.at);
    else this.ats[position] = millis;
    this.authors[position] = this.#actorNumber(event.actor);
    if (event.seq !== position + 1) this.oddSeqs.set(position, event.seq);
    this.length = position + 1;
  }

  info(position: number): EventInfo {
    const kind = this.kinds[position]!;
    const number = Math.floor(kind / TYPE_BITS);
    const info: EventInfo = {
      seq: this.oddSeqs.get(position) ?? position + 1,
      type: TYPES[kind % TYPE_BITS]!,
      at: this.oddAts.get(position) ?? new Date(this.ats[position]!).toISOString(),
      actor: this.actors[this.authors[position]!]!,
    };
    if (number !== 0) info.item = this.itemIds[number]!;
    return info;
  }

  #itemNumber(item: string | undefined): number {
    if (item === undefined) return 0;
    let number = this.itemNumbers.get(item);
    if (number === undefined) {
      number = this.itemIds.length;
      this.itemIds.push(intern(item));
      this.itemNumbers.set(item, number);
    }
    return number;
  }

  #actorNumber(actor: Actor): number {
    const shared = internActor(actor);
    let number = this.actorNumbers.get(shared);
    if (number === undefined) {
      number = this.actors.length;
      this.actors.push(shared);
      this.actorNumbers.set(shared, number);
    }
    return number;
  }
}

/**
 * Every event known to a state, by id: its seq, type, item, time and author. Immutable for its
 * holder: `with` returns a new index and leaves this one as it was, sharing storage while states
 * grow one after the other (a replay, a ledger's appends), so an event costs a few bytes, not a
 * copy. Iterating yields `[id, info]` in order (an id reused by a later event once, with its first
 * event), so that equal indexes compare equal in tests.
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
    const position = this.#log.positionOf(id);
    return position !== undefined && position < this.size;
  }

  get(id: string): EventInfo | undefined {
    const position = this.#log.positionOf(id);
    return position !== undefined && position < this.size ? this.#log.info(position) : undefined;
  }

  /** The id of the event with this seq, if this index holds it (an id reused later answers for its first event only). */
  idOfSeq(seq: number): string | undefined {
    for (const [id, position] of this.#log.positions) {
      if (position >= this.size) break;
      if ((this.#log.oddSeqs.get(position) ?? position + 1) === seq) return id;
    }
    return undefined;
  }

  /** This index and one more event, about `item` if it is an item's. */
  with(event: LedgerEvent, item: string | undefined): EventIndex {
    let log = this.#log;
    if (log.length !== this.size) log = log.prefix(this.size);
    log.push(event, item);
    return new EventIndex(log, this.size + 1);
  }

  *[Symbol.iterator](): IterableIterator<[string, EventInfo]> {
    for (const [id, position] of this.#log.positions) {
      if (position >= this.size) break;
      yield [id, this.#log.info(position)];
    }
  }
}
