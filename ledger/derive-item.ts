import { applyOffset } from './calendar.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import type { Assessment, ItemState } from './state.ts';

/** Orders entries the way replay decides between them: latest effective date wins, ties by seq. */
export function byEffectiveThenSeq(a: { effective: IsoDate; seq: number }, b: { effective: IsoDate; seq: number }): number {
  return a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : a.seq - b.seq;
}

/** Inserts keeping effective-then-seq order; almost always at the end, so search from there. */
export function insertInOrder<T extends { effective: IsoDate; seq: number }>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && byEffectiveThenSeq(list[i - 1]!, entry) > 0) i--;
  list.splice(i, 0, entry);
}

/** The date the item's current run of `done` began, or null when it is not done. */
function completionDate(item: ItemState): IsoDate | null {
  const entries = item.statuses;
  let i = entries.length - 1;
  if (i < 0 || entries[i]!.status !== 'done') return null;
  while (i > 0 && entries[i - 1]!.status === 'done') i--;
  return entries[i]!.effective;
}

function dueDate(item: ItemState): IsoDate | null {
  const timeline = item.definition.timeline;
  if (timeline.kind !== 'relative' && timeline.kind !== 'conditional') return timeline.due;
  const met = item.conditions.at(-1);
  if (!met) return null;
  if (met.due) return met.due;
  return timeline.offset ? applyOffset(met.effective, timeline.offset) : null;
}

function assess(item: ItemState, validAt: IsoDate): { assessment: Assessment; daysOverdue: number } {
  if (item.withdrawn) return { assessment: 'withdrawn', daysOverdue: 0 };
  const due = item.due;
  if (item.completedOn) {
    if (due && item.completedOn > due) return { assessment: 'done_late', daysOverdue: daysBetween(due, item.completedOn) };
    return { assessment: 'done_on_time', daysOverdue: 0 };
  }
  if (!due) {
    // A met condition with no due date set is under way and cannot be late; otherwise nothing to measure yet.
    return { assessment: item.conditionMetOn ? 'open_in_time' : 'waiting', daysOverdue: 0 };
  }
  if (validAt > due) return { assessment: 'open_overdue', daysOverdue: daysBetween(due, validAt) };
  return { assessment: 'open_in_time', daysOverdue: 0 };
}

/** Recomputes everything an item shows from its entries, at the state's `validAt`. Mutates `item`. */
export function deriveItem(item: ItemState, validAt: IsoDate): void {
  item.status = item.statuses.at(-1)?.status ?? 'not_started';
  item.completedOn = completionDate(item);
  item.conditionMetOn = item.conditions.at(-1)?.effective ?? null;
  item.due = dueDate(item);
  const { assessment, daysOverdue } = assess(item, validAt);
  item.assessment = assessment;
  item.daysOverdue = daysOverdue;
}
