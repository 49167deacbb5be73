import { produce } from 'immer';
import { vietnamDateOf, type IsoDate, type IsoInstant } from './dates.ts';
import { EventIndex } from './event-index.ts';
import { evolve } from './evolve.ts';
import type { LedgerEvent } from './events.ts';
import { project } from './project.ts';
import type { LedgerState } from './state.ts';
import { EMPTY_HEAD } from './store.ts';
import { freezeState } from './item-entries.ts';

export interface ReplayOptions {
  /** State as the ledger knew it at this instant: events recorded later are left out. Default: now. */
  knownAt?: IsoInstant;
  /** About the world at this date: changes effective later are left out. Default: today in Vietnam. */
  validAt?: IsoDate;
}

/** Everything recorded, every change in force whatever its date: the view the rules judge a new event against. */
export const EVERYTHING: Readonly<Required<ReplayOptions>> = Object.freeze({ knownAt: '9999-12-31T23:59:59.999Z', validAt: '9999-12-31' });

export function emptyState(options: ReplayOptions = {}): LedgerState {
  const now = new Date();
  // Keyed by ids a ledger file or a typed cell supplies: with no prototype, "__proto__" or
  // "constructor" is an unknown id like any other, never Object.prototype or its members.
  const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
  return {
    knownAt: options.knownAt ?? now.toISOString(),
    validAt: options.validAt ?? vietnamDateOf(now),
    head: { ...EMPTY_HEAD },
    count: 0,
    plan: null,
    revisions: [],
    sections: [],
    tasks: [],
    itemOrder: [],
    items: record(),
    events: EventIndex.empty(),
    voided: record(),
    reports: [],
    planChanges: [],
  };
}

/** Whether an event was recorded by the state's `knownAt`. */
export function isKnown(state: LedgerState, event: LedgerEvent): boolean {
  return event.at <= state.knownAt;
}

/**
 * The state of a ledger at (`knownAt`, `validAt`): the events known then folded with every change
 * in force, in place on plain objects, then projected to `validAt` (ledger/project.ts) and frozen
 * once. One immer draft per event would cost time in proportion to the state's size.
 */
export function replay(events: Iterable<LedgerEvent>, options: ReplayOptions = {}): LedgerState {
  const view = emptyState(options);
  const knowledge = emptyState(EVERYTHING);
  for (const event of events) if (event.at <= view.knownAt) evolve(knowledge, event, false);
  return freezeState(project(knowledge, view.validAt, { knownAt: view.knownAt }));
}

/** `replay` over a stream, so a ledger far larger than memory can be replayed. */
export async function replayStream(events: AsyncIterable<LedgerEvent>, options: ReplayOptions = {}): Promise<LedgerState> {
  const view = emptyState(options);
  const knowledge = emptyState(EVERYTHING);
  for await (const event of events) if (event.at <= view.knownAt) evolve(knowledge, event, false);
  return freezeState(project(knowledge, view.validAt, { knownAt: view.knownAt }));
}

/** One more event on a state, structurally shared with it; equal to replaying from scratch. */
export function apply(state: LedgerState, event: LedgerEvent): LedgerState {
  if (!isKnown(state, event)) return state;
  return changed(state, (draft) => evolve(draft, event));
}

/** Several more events in one immer draft. */
export function applyAll(state: LedgerState, events: readonly LedgerEvent[]): LedgerState {
  return changed(state, (draft) => {
    for (const event of events) if (isKnown(draft, event)) evolve(draft, event);
  });
}

/**
 * A new state: `change` run on an immer draft of `state`, which stays as it was. The draft is typed
 * as a state: immer leaves the event index (an immutable class) as it is, not drafted.
 */
export function changed(state: LedgerState, change: (draft: LedgerState) => void): LedgerState {
  return produce(state, (draft) => {
    change(draft as LedgerState);
  });
}
