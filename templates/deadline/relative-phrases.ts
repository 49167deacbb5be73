import type { Offset } from '../../ledger/deadline.ts';
import type { FoldedTimeline } from './folded-timeline.ts';

/** A deadline counted from something that has to happen first. */
export interface RelativePhrase {
  /** Where the offset begins in the folded text. */
  from: number;
  offset: Offset;
  /** What starts the clock, as written; undefined when the text names nothing ("15 ngày làm việc"). */
  trigger?: string;
  /** Where the trigger is in the folded text. */
  triggerFrom?: number;
}

const OFFSET = '(\\d{1,4})\\s*(ngay lam viec|ngay|tuan|thang|nam)(?![a-z])';
// "07 ngày làm việc kể từ ngày nhận được văn bản", "Sau 02 tháng kể từ ...", "10 ngày sau khi có ...".
const WITH_TRIGGER = new RegExp(`(?:^|[^a-z0-9])${OFFSET}\\s*,?\\s*(?:ke tu|tinh tu|sau|tu)(?:\\s+khi)?\\s+`);
// "15 ngày làm việc", "Trong vòng 15 ngày", "Sau 6 tháng": the whole text is the offset.
const ALONE = new RegExp(`^(?:(?:sau|trong vong|trong thoi han|trong|cham nhat|khong qua|toi da)\\s+)?${OFFSET}\\s*[.,;]?$`);
// "Sau khi có Quyết định ..., trong vòng 30 ngày".
const AFTER_CONDITION = new RegExp(
  `^(?:ngay\\s+)?(?:sau khi|khi)\\s+(.+?)\\s*[,;:]?\\s*(?:thi\\s+)?(?:trong vong|trong thoi han|trong|cham nhat|khong qua|toi da|sau)\\s+${OFFSET}(?![0-9])`,
  'd',
);

function offsetOf(amount: string | undefined, unit: string | undefined): Offset | null {
  const n = Number(amount);
  if (!Number.isInteger(n) || n < 0) return null;
  switch (unit) {
    case 'ngay lam viec':
      return { amount: n, unit: 'working-days' };
    case 'ngay':
      return { amount: n, unit: 'days' };
    case 'tuan':
      return { amount: n * 7, unit: 'days' };
    case 'thang':
      return { amount: n, unit: 'months' };
    case 'nam':
      return { amount: n * 12, unit: 'months' };
    default:
      return null;
  }
}

/** The trigger as written, without the punctuation a cell ends on. */
function triggerText(text: FoldedTimeline, from: number, to: number): string | undefined {
  const t = text
    .original(from, to)
    .replace(/[\s,;:.]+$/u, '')
    .trim();
  return t === '' ? undefined : t;
}

export function matchRelative(text: FoldedTimeline): RelativePhrase | null {
  const { folded } = text;
  let m = WITH_TRIGGER.exec(folded);
  if (m) {
    const offset = offsetOf(m[1], m[2]);
    const from = m.index + m[0].length;
    const trigger = triggerText(text, from, folded.length);
    if (offset) return trigger === undefined ? { from: m.index, offset } : { from: m.index, offset, trigger, triggerFrom: from };
  }
  m = ALONE.exec(folded);
  if (m) {
    const offset = offsetOf(m[1], m[2]);
    if (offset) return { from: 0, offset };
  }
  m = AFTER_CONDITION.exec(folded);
  if (m) {
    const offset = offsetOf(m[2], m[3]);
    const [from, to] = m.indices?.[1] ?? [0, 0];
    const trigger = triggerText(text, from, to);
    if (offset) return trigger === undefined ? { from: 0, offset } : { from: 0, offset, trigger, triggerFrom: from };
  }
  return null;
}
