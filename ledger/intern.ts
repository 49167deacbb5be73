import type { Actor } from './events.ts';

// Each event read from a file brings its own copies of strings that recur all through a ledger:
// dates, statuses, item ids, who recorded it, document kinds and issuers, the notes people type
// again and again ("Đang triển khai thực hiện"). A state that keeps one copy of each holds a
// million events in a fraction of the memory. Bounded, so that text that never recurs cannot grow
// it without end: past the bound, new text is kept as it comes.
const LIMIT = 100_000;
const strings = new Map<string, string>();
const actors = new Map<string, Map<string, Actor>>();

/** The one copy of a string that recurs (a date, a status, an item id, a document kind, a note). */
export function intern<T extends string>(text: T): T {
  const known = strings.get(text);
  if (known !== undefined) return known as T;
  if (strings.size < LIMIT) strings.set(text, text);
  return text;
}

/** The one `{ name, unit }` object for a person of a unit. Shared: never mutate it. */
export function internActor(actor: Actor): Actor {
  let ofName = actors.get(actor.name);
  if (ofName === undefined) {
    if (actors.size >= LIMIT) return { name: actor.name, unit: actor.unit };
    actors.set(actor.name, (ofName = new Map()));
  }
  let known = ofName.get(actor.unit);
  if (known === undefined) {
    known = { name: intern(actor.name), unit: intern(actor.unit) };
    ofName.set(actor.unit, known);
  }
  return known;
}
