import { applyOffset } from './calendar.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import { completionDate, lastCondition, lastStatus } from './item-entries.ts';
import type { Assessment, ItemState } from './state.ts';

/**
 * A programme over several years ("Năm 2025-2030", "Hằng năm" through a 2021-2025 plan) has one
 * milestone per whole year: the one due is that of the year reported on (the first before it
 * starts, the last after it ends), so a year's report counts the milestone falling in it.
 * Timelines stored before such milestones existed have one milestone and keep their due date.
 */
function yearlyDue(timeline: ItemState['definition']['timeline'], validAt: IsoDate): IsoDate | null | undefined {
  const m = timeline.milestones;
  if (m.length < 2 || timeline.kind === 'milestones') return undefined;
  const wholeYears = m.every((x, k) => x.start !== null && x.due !== null && x.start.endsWith('-01-01') && x.due === `${x.start.slice(0, 4)}-12-31` && (k === 0 || x.start > m[k - 1]!.start!));
  if (!wholeYears) return undefined;
  const year = validAt.slice(0, 4);
  return (m.find((x) => x.due!.slice(0, 4) >= year) ?? m.at(-1)!).due;
}

function dueDate(item: ItemState, validAt: IsoDate): IsoDate | null {
  const timeline = item.definition.timeline;
  if (timeline.kind !== 'relative' && timeline.kind !== 'conditional') return yearlyDue(timeline, validAt) ?? timeline.due;
  const met = lastCondition(item);
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
  item.status = lastStatus(item) ?? 'not_started';
  item.completedOn = completionDate(item);
  item.conditionMetOn = lastCondition(item)?.effective ?? null;
  item.due = dueDate(item, validAt);
  const { assessment, daysOverdue } = assess(item, validAt);
  item.assessment = assessment;
  item.daysOverdue = daysOverdue;
}
