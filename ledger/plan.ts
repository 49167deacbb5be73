import * as z from 'zod';
import { IsoDate } from './dates.ts';
import { Deadline } from './deadline.ts';

/** Reform areas (lĩnh vực) that plans are organised by; `unknown` when a section title names none. */
export const ReformArea = z.enum([
  'direction', // Công tác chỉ đạo, điều hành
  'institutions', // Cải cách thể chế
  'procedures', // Cải cách thủ tục hành chính
  'organisation', // Cải cách tổ chức bộ máy
  'civil_service', // Cải cách chế độ công vụ / đội ngũ CBCCVC
  'public_finance', // Cải cách tài chính công
  'digital_government', // Hiện đại hóa hành chính / Chính quyền điện tử, Chính quyền số
  'unknown',
]);
export type ReformArea = z.infer<typeof ReformArea>;

export const REFORM_AREA_LABELS_VI: Record<ReformArea, string> = {
  direction: 'Công tác chỉ đạo, điều hành',
  institutions: 'Cải cách thể chế',
  procedures: 'Cải cách thủ tục hành chính',
  organisation: 'Cải cách tổ chức bộ máy',
  civil_service: 'Cải cách chế độ công vụ',
  public_finance: 'Cải cách tài chính công',
  digital_government: 'Hiện đại hóa hành chính, Chính quyền điện tử, Chính quyền số',
  unknown: 'Lĩnh vực khác',
};

/** One agency named in a lead or coordinating cell. A group ("Các sở, ban, ngành") is not one agency. */
export const Agency = z.object({
  name: z.string().min(1), // expanded ("Sở Thông tin và Truyền thông")
  raw: z.string(), // as written ("Sở TT&TT")
  group: z.boolean(),
});
export type Agency = z.infer<typeof Agency>;

export const PlanIdentity = z.object({
  issuer: z.string(), // "UBND tỉnh Bến Tre"
  number: z.string().optional(), // "7018/KH-UBND"
  date: IsoDate.optional(),
  year: z.number().int().min(1990).max(2100),
  title: z.string(),
  /** A plan over several years ("giai đoạn 2021-2025"): its first and last year; absent for a one-year plan. */
  period: z.object({ from: z.number().int().min(1990).max(2100), to: z.number().int().min(1990).max(2100) }).optional(),
});
export type PlanIdentity = z.infer<typeof PlanIdentity>;

export const PlanSource = z.object({
  file: z.string(),
  sheet: z.string().optional(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** How the columns were read (letter, header text, field), so that a re-import reads the same table the same way. */
  columns: z.array(z.object({ column: z.string().regex(/^[A-Z]{1,3}$/), header: z.string(), field: z.string() })).optional(),
});
export type PlanSource = z.infer<typeof PlanSource>;

export const Id = z.string().min(1).max(64).regex(/^[\p{L}\p{N}._-]+$/u, 'an id is letters, digits, dots, hyphens');

export const Section = z.object({
  id: Id,
  numeral: z.string(), // as printed, even when wrong ("VI" twice)
  title: z.string(),
  area: ReformArea,
});
export type Section = z.infer<typeof Section>;

export const Task = z.object({
  id: Id,
  section: Id,
  numbering: z.string(), // STT as printed; "" when the table had none
  text: z.string(),
});
export type Task = z.infer<typeof Task>;

/** A group of tasks inside a section, as printed: "III.1" "Nhóm các nền tảng số", "a" "Về thể chế". */
export const GroupRef = z.object({
  numbering: z.string(), // as printed; "" when the heading has no number
  title: z.string(),
});
export type GroupRef = z.infer<typeof GroupRef>;

/** A tracked item: one row with its own output, timeline and lead (a task's first row or a sub-row). */
export const Item = z.object({
  id: Id,
  section: Id,
  task: Id,
  numbering: z.string(), // "III.4", "III.4.b": what a person would cite
  text: z.string(), // the task text (for a sub-row, the task's text)
  groups: z.array(GroupRef).optional(), // the groups between its section and its task, outermost first
  activity: z.string().optional(), // Hoạt động / the sub-row's own wording, where the table has one
  objective: z.string().optional(), // Mục tiêu, where the table has one
  output: z.string(),
  timeline: Deadline,
  lead: z.array(Agency),
  leadText: z.string(),
  coordinating: z.array(Agency),
  coordinatingText: z.string(),
  monitoring: z.string().optional(),
  budget: z.string().optional(),
  note: z.string().optional(),
  sourceRow: z.number().int().positive().optional(), // the sheet row it was read from
});
export type Item = z.infer<typeof Item>;

/** A revision's change to one item: each key present in `set` is one field amended; `was` holds its old value. */
// Groups are where an item sits in the table, not what it says: a revision does not amend them.
export const ItemPatch = Item.omit({ id: true, groups: true }).partial();
export type ItemPatch = z.infer<typeof ItemPatch>;
