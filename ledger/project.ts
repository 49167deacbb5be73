import type { IsoDate, IsoInstant } from './dates.ts';
import { deriveItem } from './derive-item.ts';
import { effectiveDate } from './effective-date.ts';
import { applyPlanChange } from './evolve.ts';
import { ENTRY_KINDS, takeEntries } from './item-entries.ts';
import { emptyState } from './replay.ts';
import type { LedgerState } from './state.ts';

export interface ProjectOptions {
  /** The `knownAt` the view carries (default: the state's). The state must know exactly the events known then. */
  knownAt?: IsoInstant;
  /** Give the view arrays of its own, for a state that will go on being folded in place. */
  copy?: boolean;
}

/**
 * The same events seen at an earlier `validAt`: the plan rebuilt from the changes in force then,
 * each item's entries effective by then, everything derived again. From the state the rules keep
 * (everything in force), this is a replay at any date without reading the ledger again; it equals
 * folding the events with that `validAt` from the start (property-tested). Entry lists nothing is
 * taken from are shared with `state`, not copied, unless `copy`.
 */
export function project(state: LedgerState, validAt: IsoDate, options: ProjectOptions = {}): LedgerState {
  if (validAt > state.validAt) {
    throw new RangeError(`cannot project a state valid at ${state.validAt} to the later date ${validAt}`);
  }
  const view = emptyState({ knownAt: options.knownAt ?? state.knownAt, validAt });
  view.head = state.head;
  view.count = state.count;
  view.events = state.events;
  // Voids and report anchors are facts about the record, in force whatever the date.
  view.voided = options.copy ? Object.assign(Object.create(null) as LedgerState['voided'], state.voided) : state.voided;
  view.reports = options.copy ? [...state.reports] : state.reports;

  // The seq from which each item is in the view's plan: entries recorded before it are not its own.
  const since = new Map<string, number>();
  for (const change of state.planChanges) {
    const effective = effectiveDate(change);
    if (effective !== null && effective > validAt) continue;
    const before = view.itemOrder.length;
    view.planChanges.push(change);
    applyPlanChange(view, change, false);
    for (let i = before; i < view.itemOrder.length; i++) since.set(view.itemOrder[i]!, change.seq);
  }
  for (const id of view.itemOrder) {
    const item = view.items[id]!;
    const known = state.items[id]!;
    const from = since.get(id)!;
    for (const kind of ENTRY_KINDS) takeEntries(item, known, kind, validAt, from, options.copy ?? false);
    deriveItem(item, validAt);
  }
  return view;
}
