import type { Actor, DocumentRef } from './events.ts';

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

/** A document reference whose recurring parts (kind, number, date, issuer) are shared copies. */
export function internDocument(document: DocumentRef): DocumentRef {
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
