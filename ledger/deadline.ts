import * as z from 'zod';
import { IsoDate } from './dates.ts';

/**
 * The structured form of a timeline cell ("Quý I, IV năm 2021", "07 ngày làm việc kể từ ...").
 * It is parsed once, at import, and stored in the `plan.imported` event, so that a better parser
 * later never changes what an old report said.
 */
export const DeadlineKind = z.enum([
  'date', // Trước ngày 31/12/2021
  'month', // Tháng 8/2021, Trước tháng 01/2022
  'quarter', // Quý IV/2021, Quý II, III/2021
  'year', // Năm 2022, Trong năm 2021
  'range', // Tháng 04-10/2021
  'ongoing', // Thường xuyên trong năm
  'milestones', // Tháng 12/2020 và trong năm 2021
  'relative', // 10 ngày làm việc kể từ ngày nhận được văn bản
  'conditional', // Sau khi có Quyết định của Bộ Nội vụ
  'scheduled', // Theo quy định của Bộ Nội vụ, Theo Kế hoạch
  'unknown',
]);
export type DeadlineKind = z.infer<typeof DeadlineKind>;

export const Milestone = z.object({
  label: z.string(),
  kind: DeadlineKind,
  start: IsoDate.nullable(),
  due: IsoDate.nullable(),
});
export type Milestone = z.infer<typeof Milestone>;

export const Offset = z.object({
  amount: z.number().int().nonnegative(),
  unit: z.enum(['working-days', 'days', 'months']),
});
export type Offset = z.infer<typeof Offset>;

export const Deadline = z.object({
  raw: z.string(),
  kind: DeadlineKind,
  /** First day of the window, when the text gives one (a quarter starts on its first day). */
  start: IsoDate.nullable(),
  /** The final due date; null when there is none yet (relative, conditional, scheduled, unknown). */
  due: IsoDate.nullable(),
  milestones: z.array(Milestone),
  /** For relative and conditional deadlines: what has to happen first, as written. */
  trigger: z.string().optional(),
  /** For relative deadlines: how long after the trigger. */
  offset: Offset.optional(),
});
export type Deadline = z.infer<typeof Deadline>;
