import { completionOf, completionTextVi, type CountedUnit } from './completion-rate.ts';
import type { Tally } from './tally.ts';

/** A plan's (or a province's) result in one sentence, the two-by-two, waiting and withdrawn spelled out. */
export function overallSentence(t: Tally, unit: CountedUnit): string {
  const c = completionOf(t);
  if (c.basisPoints === null) return `Không có ${unit} trong kế hoạch.`;
  return (
    `Hoàn thành ${completionTextVi(c, unit)} (${t.done_on_time} đúng hạn, ${t.done_late} quá hạn); ` +
    `${t.open_in_time} ${unit} chưa hoàn thành, còn trong hạn; ${t.open_overdue} ${unit} chưa hoàn thành, đã quá hạn; ` +
    `${t.waiting} ${unit} chưa có thời hạn (chờ điều kiện); ${t.withdrawn} ${unit} đã rút khỏi kế hoạch. ` +
    `Trong kỳ báo cáo có ${t.completedInPeriod} ${unit} hoàn thành.`
  );
}

/** An area's or an agency's result, to follow its name: "hoàn thành 3/4 nhiệm vụ, đạt 75,00%; 1 nhiệm vụ quá hạn chưa hoàn thành." */
export function groupSentence(t: Tally, unit: CountedUnit): string {
  const c = completionOf(t);
  if (c.basisPoints === null) return `không còn ${unit} trong kế hoạch.`;
  const open = t.open_overdue > 0 ? `; ${t.open_overdue} ${unit} quá hạn chưa hoàn thành` : '';
  return `hoàn thành ${completionTextVi(c, unit)}${open}.`;
}
