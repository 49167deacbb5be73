import { isDraft } from 'immer';
import type { IsoDate } from './dates.ts';
import type { Entry, EventIndex } from './event-index.ts';
import type { ConditionEntry, ItemState } from './state.ts';
import type { Status } from './status.ts';

// A ledger of a million events holds a million entries in its items' histories. Held as objects
// they cost about 120 bytes each (the entry, its slot, its id string); held here as the positions
// of their events in the event index (which keeps what each entry says as columns), 4 bytes. The
// lists a reader asks for (`item.statuses` ...) are made then, once, and kept: readers see plain
// arrays of plain entries, as before. The fold, the rules and projections work on the positions.

export type EntryKind = 'statuses' | 'evidence' | 'notes' | 'conditions';
export const ENTRY_KINDS: readonly EntryKind[] = ['statuses', 'evidence', 'notes', 'conditions'];

/**
 * The array a list of positions grows in, shared with the lists it grew from: each sees its own
 * first `length`. Once a projection has taken a list (`shared`), an entry that goes before others
 * is inserted into a copy; until then the fold inserts it in place.
 */
interface Store {
  array: Int32Array;
  used: number;
  shared: boolean;
}

/** An item's entries of one kind as positions of their events in `index`, in effective-then-seq order. */
class Positions {
  constructor(
    readonly index: EventIndex | null,
    readonly store: Store,
    readonly length: number,
  ) {}

  at(i: number): number {
    return this.store.array[i]!;
  }

  /** This list with one more entry, in order; in the array it shares when this list is the last grown there. */
  with(index: EventIndex, position: number): Positions {
    const length = this.length;
    let i = length;
    while (i > 0 && comesAfter(index, this.at(i - 1), position)) i--;
    const store = this.store;
    if (store.used === length && (i === length || !store.shared)) {
      if (length === store.array.length) {
        const bigger = new Int32Array(Math.max(4, length * 2));
        bigger.set(store.array);
        store.array = bigger;
      }
      store.array.copyWithin(i + 1, i, length);
      store.array[i] = position;
      store.used = length + 1;
      return new Positions(index, store, length + 1);
    }
    const array = new Int32Array(Math.max(4, length + 1 + (length >> 1)));
    array.set(store.array.subarray(0, i));
    array[i] = position;
    array.set(store.array.subarray(i, length), i + 1);
    return new Positions(index, { array, used: length + 1, shared: false }, length + 1);
  }

  /** This list as a projection takes it: later insertions before its end go to a copy. */
  taken(): Positions {
    this.store.shared = true;
    return this;
  }

  /** The entries `keep` says yes to; this list when that is all of them. */
  filter(keep: (position: number) => boolean): Positions {
    const array = this.store.array;
    let i = 0;
    while (i < this.length && keep(array[i]!)) i++;
    if (i === this.length) return this;
    const kept = new Int32Array(Math.max(4, this.length));
    kept.set(array.subarray(0, i));
    let length = i;
    for (i++; i < this.length; i++) if (keep(array[i]!)) kept[length++] = array[i]!;
    return new Positions(this.index, { array: kept, used: length, shared: false }, length);
  }

  entries(): Entry[] {
    const list: Entry[] = [];
    for (let i = 0; i < this.length; i++) list.push(this.index!.entryAt(this.at(i)));
    return list;
  }
}

function noPositions(): Positions {
  return new Positions(null, { array: new Int32Array(0), used: 0, shared: false }, 0);
}

/** Orders entries the way replay decides between them: latest effective date wins, ties by seq. */
function byEffectiveThenSeq(a: { effective: IsoDate; seq: number }, b: { effective: IsoDate; seq: number }): number {
  return a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : a.seq - b.seq;
}

/** Inserts keeping effective-then-seq order; almost always at the end, so search from there. */
export function insertInOrder<T extends { effective: IsoDate; seq: number }>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && byEffectiveThenSeq(list[i - 1]!, entry) > 0) i--;
  list.splice(i, 0, entry);
}

/** Whether the entry at `a` goes after that at `b`: latest effective date last, ties by seq (as byEffectiveThenSeq). */
function comesAfter(index: EventIndex, a: number, b: number): boolean {
  const ea = index.effectiveAt(a);
  const eb = index.effectiveAt(b);
  return ea > eb || (ea === eb && index.seqAt(a) > index.seqAt(b));
}

/** An item's four lists, each positions until a reader asks for it, then the entries made for it. */
class ItemEntries {
  statuses: Positions | Entry[] = noPositions();
  evidence: Positions | Entry[] = noPositions();
  notes: Positions | Entry[] = noPositions();
  conditions: Positions | Entry[] = noPositions();
  /** The item is frozen: so is every list made for it. */
  frozen = false;
}

// Not enumerable, and a symbol: JSON, spreading, equality in tests and immer's freeze see the four
// lists as the item's own fields (through their getters) and nothing of how they are held.
const ENTRIES = Symbol('entries');
type HeldItem = ItemState & { [ENTRIES]?: ItemEntries };

function entriesOf(item: ItemState, kind: EntryKind): Entry[] {
  const held = (item as HeldItem)[ENTRIES]!;
  const list = held[kind];
  if (Array.isArray(list)) return list;
  const made = list.entries();
  if (held.frozen) deepFreeze(made);
  held[kind] = made;
  return made;
}

const DESCRIPTORS: PropertyDescriptorMap = Object.fromEntries(
  ENTRY_KINDS.map((kind) => [
    kind,
    {
      enumerable: true,
      configurable: false,
      get(this: ItemState) {
        return entriesOf(this, kind);
      },
      set(this: ItemState, list: Entry[]) {
        const held = (this as HeldItem)[ENTRIES]!;
        if (held.frozen) throw new TypeError(`Cannot assign to read only property '${kind}' of a frozen item`);
        held[kind] = list;
      },
    },
  ]),
);

/** Makes `item`'s four lists (already among its fields, for their order) held as positions, empty. */
export function holdEntries(item: ItemState): ItemState {
  Object.defineProperty(item, ENTRIES, { value: new ItemEntries(), enumerable: false });
  return Object.defineProperties(item, DESCRIPTORS);
}

/** The list as positions, when `item` holds it so and may change in place (not an immer draft). */
function positionsOf(item: ItemState, kind: EntryKind): Positions | null {
  if (isDraft(item)) return null;
  const list = (item as HeldItem)[ENTRIES]?.[kind];
  return list instanceof Positions ? list : null;
}

/** Adds the entry the event at `position` of `index` made to `item`'s list of `kind`, in effective-then-seq order. */
export function addEntry(item: ItemState, kind: EntryKind, index: EventIndex, position: number): void {
  const positions = positionsOf(item, kind);
  if (positions) {
    (item as HeldItem)[ENTRIES]![kind] = positions.with(index, position);
    return;
  }
  insertInOrder(item[kind] as Entry[], index.entryAt(position));
}

/** Removes the entries of the events with id `id` (at `positions` of the event index) from every list of `item`. */
export function removeEntries(item: ItemState, id: string, positions: ReadonlySet<number>): void {
  for (const kind of ENTRY_KINDS) {
    const held = positionsOf(item, kind);
    if (held) {
      (item as HeldItem)[ENTRIES]![kind] = held.filter((position) => !positions.has(position));
      continue;
    }
    const list = item[kind] as Entry[];
    if (list.some((e) => e.id === id)) item[kind] = list.filter((e) => e.id !== id) as never;
  }
}

/** `view`'s list of `kind`: `known`'s entries effective by `validAt` and recorded after seq `since` (shared, unless `copy`). */
export function takeEntries(view: ItemState, known: ItemState, kind: EntryKind, validAt: IsoDate, since: number, copy: boolean): void {
  const positions = positionsOf(known, kind);
  if (positions && positionsOf(view, kind)) {
    const index = positions.index;
    (view as HeldItem)[ENTRIES]![kind] = index === null ? positions.taken() : positions.filter((p) => index.effectiveAt(p) <= validAt && index.seqAt(p) > since).taken();
    return;
  }
  const entries = known[kind] as Entry[];
  let list = entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.effective > validAt || entry.seq <= since) {
      list = entries.filter((e) => e.effective <= validAt && e.seq > since);
      break;
    }
  }
  view[kind] = (list === entries && copy ? entries.slice() : list) as never;
}

/** The item's current status: that of its last status entry, if any. */
export function lastStatus(item: ItemState): Status | undefined {
  const positions = positionsOf(item, 'statuses');
  if (!positions) return item.statuses.at(-1)?.status;
  return positions.length === 0 ? undefined : positions.index!.statusAt(positions.at(positions.length - 1));
}

/** The status the item had at `date`: the last change effective by then (ties: the later recorded). */
export function statusOn(item: ItemState, date: IsoDate): Status {
  const positions = positionsOf(item, 'statuses');
  if (!positions) {
    const entries = item.statuses;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.effective <= date) return entries[i]!.status;
    return 'not_started';
  }
  const index = positions.index;
  for (let i = positions.length - 1; i >= 0; i--) if (index!.effectiveAt(positions.at(i)) <= date) return index!.statusAt(positions.at(i));
  return 'not_started';
}

/** The date the item's current run of `done` began, or null when it is not done. */
export function completionDate(item: ItemState): IsoDate | null {
  const positions = positionsOf(item, 'statuses');
  if (!positions) {
    const entries = item.statuses;
    let i = entries.length - 1;
    if (i < 0 || entries[i]!.status !== 'done') return null;
    while (i > 0 && entries[i - 1]!.status === 'done') i--;
    return entries[i]!.effective;
  }
  const index = positions.index!;
  let i = positions.length - 1;
  if (i < 0 || index.statusAt(positions.at(i)) !== 'done') return null;
  while (i > 0 && index.statusAt(positions.at(i - 1)) === 'done') i--;
  return index.effectiveAt(positions.at(i));
}

/** The item's last condition entry (the trigger in force), if any. */
export function lastCondition(item: ItemState): ConditionEntry | undefined {
  const positions = positionsOf(item, 'conditions');
  if (!positions) return item.conditions.at(-1);
  return positions.length === 0 ? undefined : (positions.index!.entryAt(positions.at(positions.length - 1)) as ConditionEntry);
}

/**
 * Freezes a state deeply, as immer's `freeze(state, true)` does, but leaves the lists items hold
 * as positions as they are: each is made, frozen, when a reader asks for it. Class instances (the
 * event index) are left as they are, as immer leaves them.
 */
export function freezeState<T>(state: T): T {
  deepFreeze(state);
  return state;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return;
  Object.freeze(value);
  const held = (value as HeldItem)[ENTRIES];
  if (held) {
    held.frozen = true;
    for (const kind of ENTRY_KINDS) if (Array.isArray(held[kind])) deepFreeze(held[kind]);
  }
  for (const key of Object.keys(value)) {
    if (held && (ENTRY_KINDS as readonly string[]).includes(key)) continue;
    deepFreeze((value as Record<string, unknown>)[key]);
  }
}
