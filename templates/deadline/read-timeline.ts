import { applyOffset } from '../../ledger/calendar.ts';
import type { IsoDate } from '../../ledger/dates.ts';
import type { Deadline, DeadlineKind } from '../../ledger/deadline.ts';
import { foldTimeline, type FoldedTimeline } from './folded-timeline.ts';
import { isPlanYear } from './period-windows.ts';
import { periodsDeadline } from './periods-deadline.ts';
import { matchRelative, type RelativePhrase } from './relative-phrases.ts';
import { scanPeriods } from './scan-periods.ts';
import { cleanTimeline } from './timeline-text.ts';
import { conditionFirst, conditionInside, scheduleFirst, scheduleInside, type ConditionPhrase } from './waiting-phrases.ts';

export interface DeadlineContext {
  /** The plan's year, for "Quý II", "Thường xuyên trong năm", "Hằng quý" (ignored unless 1900-2199). */
  planYear?: number;
  /** Public holidays (YYYY-MM-DD) that working days skip, besides Saturdays and Sundays. */
  holidays?: ReadonlySet<string>;
  /** The years a plan over several years runs through ("giai đoạn 2021-2025"): "Hằng năm" repeats in each. */
  planPeriod?: { from: number; to: number };
}

export type Reading = Omit<Deadline, 'raw'>;

export const unknownReading = (): Reading => ({ kind: 'unknown', start: null, due: null, milestones: [] });

/** A deadline that waits on something: relative, conditional or scheduled. One milestone, the whole text, no dates. */
function waiting(text: FoldedTimeline, kind: DeadlineKind, extra: Partial<Reading> = {}): Reading {
  return { kind, start: null, due: null, milestones: [{ label: text.text, kind, start: null, due: null }], ...extra };
}

/**
 * "15 ngày kể từ ngày 01/3/2022": the trigger is already a date, so this is a date deadline, due
 * now computable; trigger and offset stay to show how. (The ledger waits on relative deadlines only.)
 */
function relative(text: FoldedTimeline, phrase: RelativePhrase, holidays: ReadonlySet<IsoDate>): Reading {
  const { offset, trigger, triggerFrom } = phrase;
  const reading = waiting(text, 'relative', trigger === undefined ? { offset } : { offset, trigger });
  if (triggerFrom === undefined) return reading;
  const inTrigger = scanPeriods(text.folded.slice(triggerFrom));
  const only = inTrigger[0];
  if (inTrigger.length !== 1 || only?.kind !== 'date' || only.year === null) return reading;
  const date = only.spans(only.year)[0]?.due;
  if (!date) return reading;
  const due = applyOffset(date, offset, holidays);
  return { ...reading, kind: 'date', due, milestones: [{ label: text.text, kind: 'date', start: null, due }] };
}

const conditional = (text: FoldedTimeline, phrase: ConditionPhrase) => waiting(text, 'conditional', phrase);

function read(text: FoldedTimeline, context: DeadlineContext): Reading {
  if (text.folded.trim() === '') return unknownReading();
  const planYear = context.planYear !== undefined && isPlanYear(context.planYear) ? context.planYear : null;

  // A relative clause after a period ("Quý II/2021; báo cáo trong 15 ngày kể từ ...") leaves the period in charge.
  const offset = matchRelative(text);
  if (offset && scanPeriods(text.folded.slice(0, offset.from)).length === 0) return relative(text, offset, context.holidays ?? new Set());
  // A condition or another body's schedule named first governs the cell, even when a date follows:
  // that date names the awaited document ("Theo Kế hoạch số 513/KH-UBND ngày 31/12/2020").
  const first = conditionFirst(text);
  if (first) return conditional(text, first);
  if (scheduleFirst(text)) return waiting(text, 'scheduled');

  const phrases = scanPeriods(text.folded);
  if (phrases.length > 0) return periodsDeadline(text, phrases, planYear, planPeriodOf(context));

  const inside = conditionInside(text);
  if (inside) return conditional(text, inside);
  if (scheduleInside(text)) return waiting(text, 'scheduled');
  return unknownReading();
}

function planPeriodOf(context: DeadlineContext): { from: number; to: number } | null {
  const p = context.planPeriod;
  return p && isPlanYear(p.from) && isPlanYear(p.to) && p.from <= p.to ? p : null;
}

/**
 * The parser proper: a timeline's text read into a Deadline (without `raw`). Only the first few
 * thousand characters are read. `parseDeadline` is the safe entry point around it.
 */
export function readTimeline(raw: string, context: DeadlineContext): Reading {
  return read(foldTimeline(cleanTimeline(raw)), context);
}
