import { deriveItem } from './derive-item.ts';
import { effectiveDate } from './effective-date.ts';
import { itemOf, type EventOf, type LedgerEvent } from './events.ts';
import { intern, internActor } from './intern.ts';
import { addEntry, holdEntries, removeEntries, type EntryKind } from './item-entries.ts';
import type { Item } from './plan.ts';
import { entryOf, type EventRef, type ItemState, type LedgerState, type PlanChange } from './state.ts';

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
    case 'status.changed':
      return addTo(state, event.data.item, 'statuses', derive);
    case 'evidence.attached':
      return addTo(state, event.data.item, 'evidence', derive);
    case 'progress.noted':
      return addTo(state, event.data.item, 'notes', derive);
    case 'condition.met':
      return addTo(state, event.data.item, 'conditions', derive);
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

function newItemState(definition: Item): ItemState {
  return holdEntries({
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
  });
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
  const positions = state.events.positionsOf(target);
  updateItem(state, item, derive, (it) => removeEntries(it, target, positions));
}

/** Adds the entry of the event just indexed (the last position of `state.events`) to an item's list. */
function addTo(state: LedgerState, id: string, kind: EntryKind, derive: boolean): void {
  updateItem(state, id, derive, (it) => addEntry(it, kind, state.events, state.events.size - 1));
}

function updateItem(state: LedgerState, id: string, derive: boolean, change: (item: ItemState) => void): void {
  const item = entryOf(state.items, id);
  // Rules refuse events about unknown items; an item added by a revision not yet in force at validAt is skipped.
  if (!item) return;
  change(item);
  if (derive) deriveItem(item, state.validAt);
}
