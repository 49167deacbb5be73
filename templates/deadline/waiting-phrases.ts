import type { FoldedTimeline } from './folded-timeline.ts';

// "Sau khi có Quyết định của Bộ Nội vụ", "Khi có quy định của Trung ương", "Chờ hướng dẫn của Bộ".
const CONDITION_FIRST = /^(?:ngay\s+)?(?:sau khi|khi|cho|neu)\s+/;
// "Triển khai ngay sau khi có hướng dẫn": only read when the text names no period at all.
const CONDITION_INSIDE = /(?:^|[^a-z0-9])(?:sau khi|khi co|khi duoc)\s+/;
// "Theo quy định của Bộ Nội vụ", "Theo Kế hoạch", "Lồng ghép trong báo cáo CCHC", "Căn cứ ...", "Tùy theo ...".
const SCHEDULE_FIRST = /^(?:thuc hien\s+)?(?:theo|long ghep|can cu|tuy theo|tuy thuoc|phu thuoc|dinh ky theo)(?![a-z0-9])/;
// "Thực hiện định kỳ theo quy định", "Báo cáo theo yêu cầu".
const SCHEDULE_INSIDE =
  /(?:^|[^a-z0-9])(?:theo (?:quy dinh|ke hoach|van ban|huong dan|thoi gian|lich|yeu cau|chi dao|tien do|chuong trinh|thong bao|de nghi)|long ghep)(?![a-z0-9])/;

export interface ConditionPhrase {
  /** What must happen first, as written, after "Sau khi" / "Khi" ("có Quyết định của Bộ Nội vụ"). */
  trigger?: string;
}

function condition(text: FoldedTimeline, pattern: RegExp): ConditionPhrase | null {
  const m = pattern.exec(text.folded);
  if (!m) return null;
  const trigger = text
    .original(m.index + m[0].length, text.folded.length)
    .replace(/[\s,;:.]+$/u, '')
    .trim();
  return trigger === '' ? {} : { trigger };
}

/** A timeline that opens with its condition. */
export const conditionFirst = (text: FoldedTimeline) => condition(text, CONDITION_FIRST);
/** A condition anywhere in the text. */
export const conditionInside = (text: FoldedTimeline) => condition(text, CONDITION_INSIDE);

/** A timeline that defers to another body's schedule from its first word. */
export const scheduleFirst = (text: FoldedTimeline) => SCHEDULE_FIRST.test(text.folded);
/** A timeline that mentions another body's schedule anywhere. */
export const scheduleInside = (text: FoldedTimeline) => SCHEDULE_INSIDE.test(text.folded);
