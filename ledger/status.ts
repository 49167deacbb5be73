import { foldDiacritics } from './fold.ts';
import * as z from 'zod';

/** What staff record. Everything else in a report (on time, overdue ...) is derived at a date. */
export const Status = z.enum(['not_started', 'in_progress', 'done', 'on_hold']);
export type Status = z.infer<typeof Status>;

export const STATUS_LABELS_VI: Record<Status, string> = {
  not_started: 'Chưa thực hiện',
  in_progress: 'Đang thực hiện',
  done: 'Hoàn thành',
  on_hold: 'Tạm dừng',
};

export const STATUS_LABELS_EN: Record<Status, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  on_hold: 'On hold',
};

/**
 * The transition rules. Any status may move to any other (work stops, restarts, is found not yet
 * begun); leaving `done` is a reopening and needs a note saying why. Recording the status an item
 * already has is refused: it is not a change.
 */
export type TransitionCheck = { ok: true } | { ok: false; reason: 'same' | 'reopen-needs-note' };

export function checkTransition(from: Status, to: Status, note: string | undefined): TransitionCheck {
  if (from === to) return { ok: false, reason: 'same' };
  if (from === 'done' && !note?.trim()) return { ok: false, reason: 'reopen-needs-note' };
  return { ok: true };
}

const fold = (s: string) => foldDiacritics(s).replace(/[\s_-]+/g, ' ').trim();

const BY_WORDS = new Map<string, Status>();
for (const s of Status.options) {
  BY_WORDS.set(fold(s), s);
  BY_WORDS.set(fold(STATUS_LABELS_VI[s]), s);
  BY_WORDS.set(fold(STATUS_LABELS_EN[s]), s);
}

/** A status from its id (`done`), its Vietnamese label (with or without diacritics) or its English label. */
export function parseStatus(text: string): Status | null {
  return BY_WORDS.get(fold(text)) ?? null;
}
