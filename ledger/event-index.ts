import { instantMillis, type IsoDate, type IsoInstant } from './dates.ts';
import { effectiveDate } from './effective-date.ts';
import type { Actor, DocumentRef, EventType, LedgerEvent, Origin } from './events.ts';
import { ChunkedColumn } from './chunked-column.ts';
import { hexDigit } from './hex-digit.ts';
import { intern, internActor, internDocument } from './intern.ts';
import type { ConditionEntry, EvidenceEntry, NoteEntry, StatusEntry } from './state.ts';
import type { Status } from './status.ts';

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

/** An item's entry, as its event recorded it: what an item's history lists hold (ledger/item-entries.ts). */
export type Entry = StatusEntry | EvidenceEntry | NoteEntry | ConditionEntry;

const NONE = -1;
/** A UUID as `crypto.randomUUID` writes it, 36 characters, kept as its 16 bytes; other ids are kept as they are. */
const UUID_LENGTH = 36;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Writes the 16 bytes of a lowercase UUID into `out`; false when `id` is not one. */
function packUuid(id: string, out: Uint8Array): boolean {
  if (id.length !== UUID_LENGTH) return false;
  let byte = 0;
  for (let i = 0; i < UUID_LENGTH; ) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== 0x2d) return false;
      i++;
      continue;
    }
    const high = hexDigit(id.charCodeAt(i));
    const low = hexDigit(id.charCodeAt(i + 1));
    if (high < 0 || low < 0) return false;
    out[byte++] = (high << 4) | low;
    i += 2;
  }
  return true;
}

/** FNV-1a: where an id's search starts in the table of positions (over a UUID's bytes, or another id's characters). */
function hashOfBytes(bytes: Uint8Array, start: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + 16; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function hashOfText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The events folded so far, in order, grown by many states at once: each state sees the first
 * `length`. An event costs columns only, no object or string: its id, a UUID, as 16 bytes and a slot
 * in an open-addressing table of positions (a Map of a million id strings cost 84 bytes an event),
 * type and item, recorded time, author, and for an item's entry what the entry says (effective
 * date, status, note, due date as numbers of shared texts; a document or percent by its number in a
 * list aside, where a Map by position held half a million of them in 14 MB at a million events).
 */
class EventLog {
  length = 0;
  /** position -> its id's 16 bytes, when the id is a UUID as `crypto.randomUUID` writes it. */
  idBytes = new ChunkedColumn((size) => new Uint8Array(size), 16);
  /** position -> its id, when that is not such a UUID (ids are any text of 1 to 100 characters). */
  readonly oddIds = new Map<number, string>();
  /** Open addressing, linear probing: position + 1 of an id's first event, 0 for an empty slot; at most half full. */
  table = new Int32Array(2048);
  /** Positions whose id an earlier event already had (a replay of unchecked events): not in the table. */
  readonly repeats = new Set<number>();
  /** position -> item number * TYPE_BITS + type code (item number 0: no item). */
  kinds = new ChunkedColumn((size) => new Int32Array(size));
  /** position -> `at` in milliseconds since 1970. */
  ats = new ChunkedColumn((size) => new Float64Array(size));
  /** position -> author number. */
  authors = new ChunkedColumn((size) => new Int32Array(size));
  /** position -> text number of an entry's effective date. */
  effectives = new ChunkedColumn((size) => new Int32Array(size));
  /**
   * position -> for a status change, the text number of its status; a progress note, of its note; a
   * trigger, of its due date (NONE: none); an evidence, the detail number of its document.
   */
  firsts = new ChunkedColumn((size) => new Int32Array(size));
  /**
   * position -> for a status change or evidence, the text number of its note (NONE: none); a
   * progress note, the detail number of its percent; a trigger, of its document (NONE: none).
   */
  seconds = new ChunkedColumn((size) => new Int32Array(size));
  /** position -> a status change's origin (seldom given). */
  readonly origins = new Map<number, Origin>();
  /** Texts entries share (dates, statuses, notes), numbered, and documents and percents; append-only, so shared by a log's prefixes. */
  readonly texts: string[] = [];
  readonly textNumbers: Map<string, number> = new Map();
  readonly details: Array<DocumentRef | number> = [];
  readonly itemIds: string[] = [''];
  readonly itemNumbers = new Map<string, number>();
  readonly actors: Actor[] = [];
  readonly actorNumbers = new Map<Actor, number>();
  // The id looked up last and its position: checking an event asks for its id three times (the
  // checker, the rules, the push), each lookup a cache miss in a table of a million ids.
  #lastId = '';
  #lastPosition: number | undefined = undefined;
  /** The id being looked up: its 16 bytes, if it is a UUID. */
  readonly #scratch = new Uint8Array(16);
  #scratchIsUuid = false;
  /** position -> seq, where it is not position + 1 (a replay of events that are not one chain). */
  readonly oddSeqs = new Map<number, number>();
  /** position -> `at`, where it is not an instant as toISOString writes it (a replay of unchecked events). */
  readonly oddAts = new Map<number, string>();

  constructor(shared?: { texts: string[]; textNumbers: Map<string, number>; details: Array<DocumentRef | number> }) {
    if (shared) {
      this.texts = shared.texts;
      this.textNumbers = shared.textNumbers;
      this.details = shared.details;
    }
  }

  positionOf(id: string): number | undefined {
    if (id !== this.#lastId) {
      this.#lastId = id;
      this.#lastPosition = this.#find(id);
    }
    return this.#lastPosition;
  }

  idAt(position: number): string {
    const odd = this.oddIds.get(position);
    if (odd !== undefined) return odd;
    const b = this.idBytes.chunkOf(position);
    const at = this.idBytes.offsetOf(position);
    const hex = (from: number, to: number) => {
      let text = '';
      for (let i = at + from; i < at + to; i++) text += HEX[b[i]!]!;
      return text;
    };
    return `${hex(0, 4)}-${hex(4, 6)}-${hex(6, 8)}-${hex(8, 10)}-${hex(10, 16)}`;
  }

  seqAt(position: number): number {
    return this.oddSeqs.get(position) ?? position + 1;
  }

  /** A log of the first `size` events only: for a state that grows from an older one that another state grew first. */
  prefix(size: number): EventLog {
    const copy = new EventLog(this);
    copy.idBytes = this.idBytes.copy();
    for (const [position, id] of this.oddIds) if (position < size) copy.oddIds.set(position, id);
    copy.table = new Int32Array(this.table.length);
    copy.length = size;
    for (let position = 0; position < size; position++) {
      if (this.repeats.has(position)) copy.repeats.add(position);
      else copy.#place(position);
    }
    copy.kinds = this.kinds.copy();
    copy.ats = this.ats.copy();
    copy.authors = this.authors.copy();
    copy.effectives = this.effectives.copy();
    copy.firsts = this.firsts.copy();
    copy.seconds = this.seconds.copy();
    for (const [position, origin] of this.origins) if (position < size) copy.origins.set(position, origin);
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
    this.#keepId(event.id, position);
    this.kinds.set(position, this.#itemNumber(item) * TYPE_BITS + TYPE_CODES.get(event.type)!);
    const millis = instantMillis(event.at);
    if (millis === null) this.oddAts.set(position, event.at);
    else this.ats.set(position, millis);
    this.authors.set(position, this.#actorNumber(event.actor));
    if (event.seq !== position + 1) this.oddSeqs.set(position, event.seq);
    this.#keepEntry(event, position);
    this.length = position + 1;
  }

  info(position: number): EventInfo {
    const kind = this.kinds.get(position);
    const number = Math.floor(kind / TYPE_BITS);
    const info: EventInfo = {
      seq: this.seqAt(position),
      type: TYPES[kind % TYPE_BITS]!,
      at: this.oddAts.get(position) ?? new Date(this.ats.get(position)).toISOString(),
      actor: this.actors[this.authors.get(position)]!,
    };
    if (number !== 0) info.item = this.itemIds[number]!;
    return info;
  }

  /** The effective date of the entry an item-level event made. */
  effectiveAt(position: number): IsoDate {
    return this.texts[this.effectives.get(position)] as IsoDate;
  }

  /** The status a status change set. */
  statusAt(position: number): Status {
    return this.texts[this.firsts.get(position)] as Status;
  }

  /** The entry an item-level event made, as a new object with exactly its fields, in the order the fold wrote them. */
  entryAt(position: number): Entry {
    const id = this.idAt(position);
    const seq = this.seqAt(position);
    const effective = this.effectiveAt(position);
    const first = this.firsts.get(position);
    const second = this.seconds.get(position);
    switch (TYPES[this.kinds.get(position) % TYPE_BITS]) {
      case 'status.changed': {
        const status = this.texts[first] as Status;
        const origin = this.origins.get(position);
        if (second === NONE) return origin === undefined ? { id, seq, status, effective } : { id, seq, status, effective, origin };
        const note = this.texts[second]!;
        return origin === undefined ? { id, seq, status, effective, note } : { id, seq, status, effective, note, origin };
      }
      case 'evidence.attached': {
        const document = this.details[first] as DocumentRef;
        return second === NONE ? { id, seq, document, effective } : { id, seq, document, effective, note: this.texts[second]! };
      }
      case 'progress.noted': {
        const note = this.texts[first]!;
        return second === NONE ? { id, seq, note, effective } : { id, seq, note, percent: this.details[second] as number, effective };
      }
      default: {
        const document = second === NONE ? undefined : (this.details[second] as DocumentRef);
        if (first === NONE) return document === undefined ? { id, seq, effective } : { id, seq, effective, document };
        const due = this.texts[first] as IsoDate;
        return document === undefined ? { id, seq, effective, due } : { id, seq, effective, due, document };
      }
    }
  }

  #keepEntry(event: LedgerEvent, position: number): void {
    let first = NONE;
    let second = NONE;
    switch (event.type) {
      case 'status.changed':
        first = this.#textNumber(event.data.status);
        if (event.data.note !== undefined) second = this.#textNumber(event.data.note);
        if (event.data.origin !== undefined) this.origins.set(position, event.data.origin);
        break;
      case 'evidence.attached':
        if (event.data.note !== undefined) second = this.#textNumber(event.data.note);
        first = this.#detailNumber(internDocument(event.data.document));
        break;
      case 'progress.noted':
        first = this.#textNumber(event.data.note);
        if (event.data.percent !== undefined) second = this.#detailNumber(event.data.percent);
        break;
      case 'condition.met':
        if (event.data.due !== undefined) first = this.#textNumber(event.data.due);
        if (event.data.document !== undefined) second = this.#detailNumber(internDocument(event.data.document));
        break;
      default:
        break;
    }
    const date = effectiveDate(event);
    this.effectives.set(position, date === null ? NONE : this.#textNumber(date));
    this.firsts.set(position, first);
    this.seconds.set(position, second);
  }

  #detailNumber(detail: DocumentRef | number): number {
    this.details.push(detail);
    return this.details.length - 1;
  }

  #textNumber(text: string): number {
    return numberIn(this.texts, this.textNumbers, text);
  }

  #keepId(id: string, position: number): void {
    const found = this.positionOf(id);
    // positionOf left the id's bytes in the scratch, if it is a UUID.
    if (this.#scratchIsUuid) this.idBytes.chunkOf(position).set(this.#scratch, this.idBytes.offsetOf(position));
    else this.oddIds.set(position, id);
    // A reused id keeps its first event: the one the rules and voids refer to.
    if (found !== undefined) {
      this.repeats.add(position);
      return;
    }
    if ((position + 1) * 2 > this.table.length) this.#growTable(position);
    this.#place(position);
    this.#lastPosition = position;
  }

  /** Puts a kept id's position in the table. */
  #place(position: number): void {
    const odd = this.oddIds.get(position);
    const mask = this.table.length - 1;
    let slot = (odd === undefined ? hashOfBytes(this.idBytes.chunkOf(position), this.idBytes.offsetOf(position)) : hashOfText(odd)) & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = position + 1;
  }

  #growTable(positions: number): void {
    this.table = new Int32Array(this.table.length * 2);
    for (let position = 0; position < positions; position++) if (!this.repeats.has(position)) this.#place(position);
  }

  /** The position of the first event with this id, comparing the real ids of events whose ids hash alike. */
  #find(id: string): number | undefined {
    const scratch = this.#scratch;
    const uuid = packUuid(id, scratch);
    this.#scratchIsUuid = uuid;
    const mask = this.table.length - 1;
    const column = this.idBytes;
    const odds = this.oddIds;
    for (let slot = (uuid ? hashOfBytes(scratch, 0) : hashOfText(id)) & mask; ; slot = (slot + 1) & mask) {
      const held = this.table[slot]!;
      if (held === 0) return undefined;
      const position = held - 1;
      const odd = odds.size === 0 ? undefined : odds.get(position);
      if (!uuid) {
        if (odd === id) return position;
        continue;
      }
      if (odd !== undefined) continue;
      const bytes = column.chunkOf(position);
      const at = column.offsetOf(position);
      let same = true;
      for (let i = 0; i < 16; i++) {
        if (bytes[at + i] !== scratch[i]) {
          same = false;
          break;
        }
      }
      if (same) return position;
    }
  }

  #itemNumber(item: string | undefined): number {
    return item === undefined ? 0 : numberIn(this.itemIds, this.itemNumbers, item);
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
    const log = this.#log;
    // In one chain an event's seq is its position + 1.
    const guess = seq - 1;
    if (guess >= 0 && guess < this.size && log.seqAt(guess) === seq && !log.repeats.has(guess)) return log.idAt(guess);
    for (let position = 0; position < this.size; position++) {
      if (log.seqAt(position) === seq && !log.repeats.has(position)) return log.idAt(position);
    }
    return undefined;
  }

  /** Where the first event with this id is in the index (its entries' lists hold positions), if the index holds it. */
  positionOf(id: string): number | undefined {
    const position = this.#log.positionOf(id);
    return position !== undefined && position < this.size ? position : undefined;
  }

  /** Where the events with this id are in the index: the first, and any that reused its id. */
  positionsOf(id: string): Set<number> {
    const positions = new Set<number>();
    const first = this.positionOf(id);
    if (first === undefined) return positions;
    positions.add(first);
    for (const position of this.#log.repeats) if (position < this.size && this.#log.idAt(position) === id) positions.add(position);
    return positions;
  }

  /** The seq of the event at `position`. */
  seqAt(position: number): number {
    return this.#log.seqAt(position);
  }

  /** The effective date of the entry the item-level event at `position` made. */
  effectiveAt(position: number): IsoDate {
    return this.#log.effectiveAt(position);
  }

  /** The status the status change at `position` set. */
  statusAt(position: number): Status {
    return this.#log.statusAt(position);
  }

  /** The entry the item-level event at `position` made, as a new object. */
  entryAt(position: number): Entry {
    return this.#log.entryAt(position);
  }

  /** This index and one more event, about `item` if it is an item's. */
  with(event: LedgerEvent, item: string | undefined): EventIndex {
    let log = this.#log;
    if (log.length !== this.size) log = log.prefix(this.size);
    log.push(event, item);
    return new EventIndex(log, this.size + 1);
  }

  *[Symbol.iterator](): IterableIterator<[string, EventInfo]> {
    const log = this.#log;
    for (let position = 0; position < this.size; position++) if (!log.repeats.has(position)) yield [log.idAt(position), log.info(position)];
  }
}

/** The number of `text` in a table of texts (its place in `list`), added at the end when it is new. */
function numberIn(list: string[], numbers: Map<string, number>, text: string): number {
  let number = numbers.get(text);
  if (number === undefined) {
    number = list.length;
    list.push(intern(text));
    numbers.set(text, number);
  }
  return number;
}
