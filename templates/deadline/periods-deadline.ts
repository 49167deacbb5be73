import { addDays } from '../../ledger/calendar.ts';
import type { IsoDate } from '../../ledger/dates.ts';
import type { Deadline, DeadlineKind, Milestone } from '../../ledger/deadline.ts';
import type { FoldedTimeline } from './folded-timeline.ts';
import type { PeriodPhrase } from './period-phrase.ts';
import type { Span } from './period-windows.ts';

/** One milestone of the timeline: a phrase, two joined into a range, or what follows them. */
interface Part {
  to: number;
  kind: DeadlineKind;
  start: IsoDate | null;
  due: IsoDate | null;
  /** The phrase's own windows when it lists several ("Quý I, IV"): the milestones of a one-part timeline. */
  spans: Span[];
}

// "Trước ngày 31/12/2021", "Ban hành kế hoạch trước 31/12/2021", "Trước tháng 01/2022".
const BEFORE = /(?:^|\s)truoc\s*$/;
// "Từ tháng 3/2022" (but "kể từ" is a relative deadline's, read elsewhere).
const FROM = /(?:^|\s)(?:bat dau )?tu\s*$/;
// "Bắt đầu triển khai từ năm 2026": a start, with no due date.
const STARTS_FROM = /(?:^|\s)bat dau\b[a-z\s]*\btu\s*$/;
const FROM_TRIGGER = /(?:^|\s)(?:ke|tinh)\s+tu\s*$/;
// Between the two ends of a range: "Tháng 3 đến tháng 6/2021", "01/3/2022 - 30/6/2022".
const RANGE_GAP = /^\s*(?:-|den|toi)\s*(?:het\s*)?$/;
// What joins one milestone to the next: "Tháng 12/2020 và trong năm 2021".
const JOINER = /^[\s,;.:+&-]*(?:(?:va|sau do|roi|dong thoi|tiep tuc)\s+)*/;
// A clause after the last period: "... trong tháng 02/2025 và tổ chức thực hiện".
const FOLLOW_ON = /^[\s,;.:]*(?:va|sau do|roi|dong thoi|tiep tuc)\s+(?=.*[a-z])/;

const yearOf = (date: IsoDate | null) => (date === null ? null : Number(date.slice(0, 4)));

// Phrases that name a part of some year; "trong năm", "thường xuyên" name the plan's own year.
const PART_OF_A_YEAR: ReadonlySet<DeadlineKind> = new Set(['date', 'month', 'quarter', 'range']);

/**
 * The year a phrase falls in: its own; else the next one written ("tháng 11 và tháng 12/2021");
 * else the plan's; else, for a part of a year, the last one written ("Tháng 11/2021 và tháng 12").
 */
function resolvedYears(phrases: PeriodPhrase[], planYear: number | null): Array<number | null> {
  return phrases.map((phrase, k) => {
    if (phrase.year !== null) return phrase.year;
    const next = phrases.slice(k + 1).find((p) => p.year !== null);
    if (next) return next.year;
    if (planYear !== null) return planYear;
    if (!PART_OF_A_YEAR.has(phrase.kind)) return null;
    return phrases.slice(0, k).findLast((p) => p.year !== null)?.year ?? null;
  });
}

function plainPart(phrase: PeriodPhrase, spans: Span[]): Part {
  return { to: phrase.to, kind: phrase.kind, start: spans[0]?.start ?? null, due: spans.at(-1)?.due ?? null, spans };
}

/** "Trước D" is due by D; "Trước tháng 01/2022" is due the day before that month begins. */
function beforePart(phrase: PeriodPhrase, spans: Span[]): Part {
  const first = spans[0];
  const due = phrase.kind === 'date' ? (first?.due ?? null) : first?.start ? addDays(first.start, -1) : null;
  return { to: phrase.to, kind: phrase.kind, start: null, due, spans: [] };
}

type Period = { from: number; to: number } | null;

function parts(text: FoldedTimeline, phrases: PeriodPhrase[], planYear: number | null, period: Period): Part[] {
  const years = resolvedYears(phrases, planYear);
  const out: Part[] = [];
  for (let k = 0; k < phrases.length; k++) {
    const phrase = phrases[k]!;
    const spans =
      phrase.everyYear && period
        ? Array.from({ length: period.to - period.from + 1 }, (_, i) => phrase.spans(period.from + i)).flat()
        : phrase.spans(years[k] ?? null);
    const gap = text.folded.slice(phrases[k - 1]?.to ?? 0, phrase.from);
    if (STARTS_FROM.test(gap) && (phrase.kind === 'year' || phrase.kind === 'range' || phrase.kind === 'month' || phrase.kind === 'quarter')) {
      out.push({ to: phrase.to, kind: 'range', start: spans[0]?.start ?? null, due: null, spans: [] });
      continue;
    }
    if (BEFORE.test(gap)) {
      out.push(beforePart(phrase, spans));
      continue;
    }
    const next = phrases[k + 1];
    if (next && RANGE_GAP.test(text.folded.slice(phrase.to, next.from))) {
      const start = spans[0]?.start ?? null;
      const due = next.spans(years[k + 1] ?? null).at(-1)?.due ?? null;
      if (!(start && due && due < start)) {
        out.push({ to: next.to, kind: 'range', start, due, spans: [] });
        k++;
        continue;
      }
    }
    // "Từ tháng 3/2022" alone runs to the end of that year; "Từ tháng 3 đến tháng 6" already ends.
    if (FROM.test(gap) && !FROM_TRIGGER.test(gap) && phrase.kind !== 'range' && spans.length === 1) {
      const part = plainPart(phrase, spans);
      const endYear = yearOf(part.due);
      out.push({ ...part, kind: 'range', due: endYear === null ? null : `${endYear}-12-31`, spans: [] });
      continue;
    }
    out.push(plainPart(phrase, spans));
  }
  return out;
}

/** A clause that follows the last period runs through the rest of the plan year: "... và tổ chức thực hiện". */
function followOnPart(last: Part, planYear: number | null, end: number): Part {
  const lastYear = yearOf(last.due);
  const year = lastYear === null ? null : Math.max(lastYear, planYear ?? lastYear);
  return { to: end, kind: 'ongoing', start: last.start, due: year === null ? null : `${year}-12-31`, spans: [] };
}

/**
 * The deadline of a timeline made of period phrases. One part: its kind, and as milestones either its
 * own windows ("Quý I, IV năm 2021": one per quarter) or one milestone equal to the whole. Several
 * parts: kind `milestones`, one per part, due when the last is due. A phrase with impossible
 * numbers ("Tháng 13/2021") makes the whole timeline unknown: a person has to read it.
 */
export function periodsDeadline(
  text: FoldedTimeline,
  phrases: PeriodPhrase[],
  planYear: number | null,
  period: Period = null,
): Pick<Deadline, 'kind' | 'start' | 'due' | 'milestones'> {
  if (phrases.some((p) => p.kind === 'unknown')) return { kind: 'unknown', start: null, due: null, milestones: [] };
  const found = parts(text, phrases, planYear, period);
  const end = text.folded.length;
  const last = found.at(-1);
  if (last && FOLLOW_ON.test(text.folded.slice(last.to))) found.push(followOnPart(last, planYear, end));
  else if (last) last.to = end;

  const first = found[0];
  if (!first) return { kind: 'unknown', start: null, due: null, milestones: [] };
  if (found.length === 1) {
    const milestones: Milestone[] =
      first.spans.length > 1
        ? first.spans.map(({ label, kind, start, due }) => ({ label, kind, start, due }))
        : [{ label: text.text, kind: first.kind, start: first.start, due: first.due }];
    return { kind: first.kind, start: first.start, due: first.due, milestones };
  }

  // "Thường xuyên, định kỳ hằng quý báo cáo …": ongoing work whose milestones are the recurrence's.
  const recurrence = found[1];
  if (found.length === 2 && first.kind === 'ongoing' && recurrence && recurrence.spans.length > 1) {
    const milestones = recurrence.spans.map(({ label, kind, start, due }) => ({ label, kind, start, due }));
    return { kind: 'ongoing', start: first.start, due: latest([first.due, recurrence.due]), milestones };
  }

  let from = 0;
  const milestones = found.map((part): Milestone => {
    const lead = JOINER.exec(text.folded.slice(from, part.to))?.[0].length ?? 0;
    const label = text.original(from + lead, part.to).trim();
    from = part.to;
    return { label, kind: part.kind, start: part.start, due: part.due };
  });
  return { kind: 'milestones', start: first.start, due: latest(found.map((p) => p.due)), milestones };
}

/** The latest of the dues, null if any is unknown. */
function latest(dues: Array<IsoDate | null>): IsoDate | null {
  return dues.every((d): d is IsoDate => d !== null) ? dues.reduce((a, b) => (b > a ? b : a)) : null;
}
