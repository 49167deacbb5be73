import { Actor } from '../../ledger/events.ts';

/** Where the pane keeps small settings: this computer's browser storage, partitioned per add-in by Office. */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

const ACTOR_KEY = 'cchc.actor';

/**
 * Who records: asked once and kept on this computer, not in the workbook, because the workbook
 * passes between people and each entry must carry its own author.
 */
export function loadActor(store: KeyValueStore): Actor | null {
  const text = store.get(ACTOR_KEY);
  if (!text) return null;
  try {
    const parsed = Actor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Saves who records; null when the name or unit is empty (the caller says so). */
export function saveActor(store: KeyValueStore, name: string, unit: string): Actor | null {
  const parsed = Actor.safeParse({ name: name.normalize('NFC').trim(), unit: unit.normalize('NFC').trim() });
  if (!parsed.success) return null;
  store.set(ACTOR_KEY, JSON.stringify(parsed.data));
  return parsed.data;
}
