import { deriveItem, insertInOrder } from './derive-item.ts';
import { effectiveDate } from './effective-date.ts';
import type { IsoDate } from './dates.ts';
import { itemOf, type DocumentRef, type EventOf, type LedgerEvent } from './events.ts';
import { intern, internActor } from './intern.ts';
import type { Item } from './plan.ts';
import {
  entryOf,
  type ConditionEntry,
  type EventRef,
  type EvidenceEntry,
  type ItemState,
  type LedgerState,
  type NoteEntry,
  type PlanChange,
  type StatusEntry,
} from './state.ts';

/**
 * Folds one event into a state, mutating it: called on a plain object during a replay or a check,
 * and on an immer draft when applying one event. Both paths run this same code, which is what
 * makes incremental apply equal a replay from scratch. Events recorded after `knownAt` must not
 * be passed in (the caller stops there); changes effective after `validAt` are counted in `head`,
 * `count` and `events` but leave the world untouched. With `derive` false the items' derived
 * fields (status, due, assessment ...) are left for `deriveItems`, once at the end of a long fold.
 */
export function evolve(state: LedgerState, event: LedgerEvent, derive = true): void {
  state.head = { seq: event.seq, hash: event.hash };
  state.count += 1;
  const item = itemOf(event);
  state.events = state.events.with(event, item === undefined ? undefined : intern(item));

  const effective = effectiveDate(event);
  if (effective !== null && effective > state.validAt) return;

  switch (event.type) {
    case 'plan.imported':
    case 'plan.revised':
      state.planChanges.push(event);
      return applyPlanChange(state, event, derive);
    case 'status.changed': {
      const entry = statusEntry(event);
      return updateItem(state, event.data.item, derive, (it) => insertInOrder(it.statuses, entry));
    }
    case 'evidence.attached': {
      const entry = evidenceEntry(event, intern(effective!));
      return updateItem(state, event.data.item, derive, (it) => insertInOrder(it.evidence, entry));
    }
    case 'progress.noted': {
      const entry = noteEntry(event, intern(effective!));
      return updateItem(state, event.data.item, derive, (it) => insertInOrder(it.notes, entry));
    }
    case 'condition.met': {
      const entry = conditionEntry(event);
      return updateItem(state, event.data.item, derive, (it) => insertInOrder(it.conditions, entry));
    }
    case 'event.voided':
      return voidEvent(state, event, derive);
    case 'report.issued':
      state.reports.push({ ...refOf(event), ...event.data });
      return;
  }
}

/** Recomputes every item's derived fields at the state's `validAt`: the end of a fold run with `derive` false. */
export function deriveItems(state: LedgerState): void {
  for (const id of state.itemOrder) deriveItem(state.items[id]!, state.validAt);
}

/**
 * The plan's part of a change to it: identity, sections, tasks, items added, amended, withdrawn.
 * Also how a projection rebuilds the plan at an earlier date (ledger/project.ts).
 */
export function applyPlanChange(state: LedgerState, event: PlanChange, derive: boolean): void {
  if (event.type === 'plan.imported') {
    // A second import is refused by the rules; a replay that meets one keeps the first plan.
    if (state.plan) return;
    const { plan, source, sections, tasks, items } = event.data;
    state.plan = { identity: plan, source, importedBy: refOf(event) };
    state.sections.push(...sections);
    state.tasks.push(...tasks);
    return addItems(state, items, derive);
  }
  const { document, sections, tasks, added, amended, withdrawn } = event.data;
  state.revisions.push({ ...refOf(event), document });
  state.sections.push(...sections);
  state.tasks.push(...tasks);
  addItems(state, added, derive);
  for (const { item: id, set } of amended) {
    updateItem(state, id, derive, (it) => {
      it.definition = { ...it.definition, ...set };
    });
  }
  for (const { item: id, reason } of withdrawn) {
    updateItem(state, id, derive, (it) => {
      it.withdrawn = { effective: effectiveDate(event)!, by: refOf(event), ...(reason !== undefined && { reason }) };
    });
  }
}

function refOf(event: LedgerEvent): EventRef {
  return { id: event.id, seq: event.seq, at: event.at, actor: internActor(event.actor) };
}

// A ledger holds an entry per event, a million of them: each is one object literal with exactly its
// fields (spreading a shared part, or adding optional fields afterwards, gave entries a hidden class
// or a property store of their own in V8: 100 to 200 bytes more each), its recurring strings shared.

function statusEntry({ id, seq, data }: EventOf<'status.changed'>): StatusEntry {
  const status = intern(data.status);
  const effective = intern(data.effective);
  const { note, origin } = data;
  if (note === undefined) return origin === undefined ? { id, seq, status, effective } : { id, seq, status, effective, origin };
  return origin === undefined ? { id, seq, status, effective, note: intern(note) } : { id, seq, status, effective, note: intern(note), origin };
}

function evidenceEntry({ id, seq, data }: EventOf<'evidence.attached'>, effective: IsoDate): EvidenceEntry {
  const document = internDocument(data.document);
  return data.note === undefined ? { id, seq, document, effective } : { id, seq, document, effective, note: intern(data.note) };
}

function noteEntry({ id, seq, data }: EventOf<'progress.noted'>, effective: IsoDate): NoteEntry {
  const note = intern(data.note);
  return data.percent === undefined ? { id, seq, note, effective } : { id, seq, note, percent: data.percent, effective };
}

function conditionEntry({ id, seq, data }: EventOf<'condition.met'>): ConditionEntry {
  const effective = intern(data.effective);
  const document = data.document === undefined ? undefined : internDocument(data.document);
  if (data.due === undefined) return document === undefined ? { id, seq, effective } : { id, seq, effective, document };
  const due = intern(data.due);
  return document === undefined ? { id, seq, effective, due } : { id, seq, effective, due, document };
}

/** A document reference whose recurring parts (kind, number, date, issuer) are shared copies. */
function internDocument(document: DocumentRef): DocumentRef {
  // Built from `{}`, which V8 gives room for four fields in the object itself (a literal of one would spill the rest).
  const out = {} as DocumentRef;
  out.kind = intern(document.kind);
  if (document.number !== undefined) out.number = intern(document.number);
  if (document.date !== undefined) out.date = intern(document.date);
  if (document.issuer !== undefined) out.issuer = intern(document.issuer);
  if (document.title !== undefined) out.title = document.title;
  if (document.link !== undefined) out.link = document.link;
  return out;
}

function newItemState(definition: Item): ItemState {
  return {
    definition,
    statuses: [],
    status: 'not_started',
    completedOn: null,
    evidence: [],
    notes: [],
    conditions: [],
    conditionMetOn: null,
    due: definition.timeline.due,
    withdrawn: null,
    assessment: 'waiting',
    daysOverdue: 0,
  };
}

function addItems(state: LedgerState, items: readonly Item[], derive: boolean): void {
  for (const definition of items) {
    // An id added twice is refused by the rules; a replay that meets one keeps the first item.
    if (entryOf(state.items, definition.id)) continue;
    const item = newItemState(definition);
    if (derive) deriveItem(item, state.validAt);
    state.items[definition.id] = item;
    state.itemOrder.push(definition.id);
  }
}

/** Removes everything a mistaken event contributed; only item-level events can be voided (see rules). */
function voidEvent(state: LedgerState, event: EventOf<'event.voided'>, derive: boolean): void {
  const target = event.data.event;
  state.voided[target] = { by: refOf(event), reason: event.data.reason };
  const item = state.events.get(target)?.item;
  if (item === undefined) return;
  updateItem(state, item, derive, (it) => {
    it.statuses = without(it.statuses, target);
    it.evidence = without(it.evidence, target);
    it.notes = without(it.notes, target);
    it.conditions = without(it.conditions, target);
  });
}

function without<T extends { id: string }>(entries: T[], id: string): T[] {
  return entries.some((e) => e.id === id) ? entries.filter((e) => e.id !== id) : entries;
}

function updateItem(state: LedgerState, id: string, derive: boolean, change: (item: ItemState) => void): void {
  const item = entryOf(state.items, id);
  // Rules refuse events about unknown items; an item added by a revision not yet in force at validAt is skipped.
  if (!item) return;
  change(item);
  if (derive) deriveItem(item, state.validAt);
}
