import { deriveItem, insertInOrder } from './derive-item.ts';
import { effectiveDate } from './effective-date.ts';
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
  state.events = state.events.with(event.id, event.seq, event.type, item === undefined ? undefined : intern(item));

  const effective = effectiveDate(event);
  if (effective !== null && effective > state.validAt) return;

  switch (event.type) {
    case 'plan.imported':
    case 'plan.revised':
      state.planChanges.push(event);
      return applyPlanChange(state, event, derive);
    case 'status.changed': {
      const { data } = event;
      const entry: StatusEntry = { ...refOf(event), status: intern(data.status), effective: intern(data.effective) };
      if (data.note !== undefined) entry.note = data.note;
      if (data.origin !== undefined) entry.origin = data.origin;
      return updateItem(state, data.item, derive, (it) => insertInOrder(it.statuses, entry));
    }
    case 'evidence.attached': {
      const { data } = event;
      const entry: EvidenceEntry = { ...refOf(event), document: internDocument(data.document), effective: intern(effective!) };
      if (data.note !== undefined) entry.note = data.note;
      return updateItem(state, data.item, derive, (it) => insertInOrder(it.evidence, entry));
    }
    case 'progress.noted': {
      const { data } = event;
      const entry: NoteEntry = { ...refOf(event), note: data.note, effective: intern(effective!) };
      if (data.percent !== undefined) entry.percent = data.percent;
      return updateItem(state, data.item, derive, (it) => insertInOrder(it.notes, entry));
    }
    case 'condition.met': {
      const { data } = event;
      const entry: ConditionEntry = { ...refOf(event), effective: intern(data.effective) };
      if (data.due !== undefined) entry.due = intern(data.due);
      if (data.document !== undefined) entry.document = internDocument(data.document);
      return updateItem(state, data.item, derive, (it) => insertInOrder(it.conditions, entry));
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

/** A document reference whose recurring parts (kind, number, date, issuer) are shared copies. */
function internDocument(document: DocumentRef): DocumentRef {
  const out: DocumentRef = { kind: intern(document.kind) };
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
