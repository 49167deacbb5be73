import { deriveItem, insertInOrder } from './derive-item.ts';
import { effectiveDate } from './effective-date.ts';
import type { EventOf, LedgerEvent } from './events.ts';
import type { Item } from './plan.ts';
import { entryOf, type EventRef, type ItemState, type LedgerState } from './state.ts';

/**
 * Folds one event into a state, mutating it: called on a plain object during a full replay and on
 * an immer draft when applying one event. Both paths run this same code, which is what makes
 * incremental apply equal a replay from scratch. Events recorded after `knownAt` must not be
 * passed in (the caller stops there); changes effective after `validAt` are counted in `head`
 * and `count` but leave the world untouched.
 */
export function evolve(state: LedgerState, event: LedgerEvent): void {
  state.head = { seq: event.seq, hash: event.hash };
  state.count += 1;
  const item = itemIdOf(event);
  state.events[event.id] = item === undefined ? { seq: event.seq, type: event.type } : { seq: event.seq, type: event.type, item };

  const effective = effectiveDate(event);
  if (effective !== null && effective > state.validAt) return;

  switch (event.type) {
    case 'plan.imported':
      return importPlan(state, event);
    case 'plan.revised':
      return revisePlan(state, event);
    case 'status.changed':
      return updateItem(state, event.data.item, (it) =>
        insertInOrder(it.statuses, {
          ...refOf(event),
          status: event.data.status,
          effective: event.data.effective,
          ...(event.data.note !== undefined && { note: event.data.note }),
          ...(event.data.origin !== undefined && { origin: event.data.origin }),
        }),
      );
    case 'evidence.attached':
      return updateItem(state, event.data.item, (it) =>
        insertInOrder(it.evidence, {
          ...refOf(event),
          document: event.data.document,
          effective: effective!,
          ...(event.data.note !== undefined && { note: event.data.note }),
        }),
      );
    case 'progress.noted':
      return updateItem(state, event.data.item, (it) =>
        insertInOrder(it.notes, {
          ...refOf(event),
          note: event.data.note,
          effective: effective!,
          ...(event.data.percent !== undefined && { percent: event.data.percent }),
        }),
      );
    case 'condition.met':
      return updateItem(state, event.data.item, (it) =>
        insertInOrder(it.conditions, {
          ...refOf(event),
          effective: event.data.effective,
          ...(event.data.due !== undefined && { due: event.data.due }),
          ...(event.data.document !== undefined && { document: event.data.document }),
        }),
      );
    case 'event.voided':
      return voidEvent(state, event);
    case 'report.issued':
      state.reports.push({ ...refOf(event), ...event.data });
      return;
  }
}

function itemIdOf(event: LedgerEvent): string | undefined {
  const data = event.data as { item?: unknown };
  return typeof data.item === 'string' ? data.item : undefined;
}

function refOf(event: LedgerEvent): EventRef {
  return { id: event.id, seq: event.seq, at: event.at, actor: { name: event.actor.name, unit: event.actor.unit } };
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

function addItems(state: LedgerState, items: readonly Item[]): void {
  for (const definition of items) {
    const item = newItemState(definition);
    deriveItem(item, state.validAt);
    state.items[definition.id] = item;
    state.itemOrder.push(definition.id);
  }
}

function importPlan(state: LedgerState, event: EventOf<'plan.imported'>): void {
  const { plan, source, sections, tasks, items } = event.data;
  state.plan = { identity: plan, source, importedBy: refOf(event) };
  state.sections.push(...sections);
  state.tasks.push(...tasks);
  addItems(state, items);
}

function revisePlan(state: LedgerState, event: EventOf<'plan.revised'>): void {
  const { document, sections, tasks, added, amended, withdrawn } = event.data;
  state.revisions.push({ ...refOf(event), document });
  state.sections.push(...sections);
  state.tasks.push(...tasks);
  addItems(state, added);
  for (const { item: id, set } of amended) {
    updateItem(state, id, (it) => {
      it.definition = { ...it.definition, ...set };
    });
  }
  for (const { item: id, reason } of withdrawn) {
    updateItem(state, id, (it) => {
      it.withdrawn = { effective: effectiveDate(event)!, by: refOf(event), ...(reason !== undefined && { reason }) };
    });
  }
}

/** Removes everything a mistaken event contributed; only item-level events can be voided (see rules). */
function voidEvent(state: LedgerState, event: EventOf<'event.voided'>): void {
  const target = event.data.event;
  state.voided[target] = { by: refOf(event), reason: event.data.reason };
  const item = entryOf(state.events, target)?.item;
  if (item === undefined) return;
  updateItem(state, item, (it) => {
    it.statuses = it.statuses.filter((e) => e.id !== target);
    it.evidence = it.evidence.filter((e) => e.id !== target);
    it.notes = it.notes.filter((e) => e.id !== target);
    it.conditions = it.conditions.filter((e) => e.id !== target);
  });
}

function updateItem(state: LedgerState, id: string, change: (item: ItemState) => void): void {
  const item = entryOf(state.items, id);
  // Rules refuse events about unknown items; an item added by a revision not yet in force at validAt is skipped.
  if (!item) return;
  change(item);
  deriveItem(item, state.validAt);
}
