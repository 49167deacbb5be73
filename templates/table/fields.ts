import { foldText, hasWords } from './fold.ts';

/** What a column of the appendix table holds. */
export type Field =
  | 'number' // STT
  | 'section' // a first column whose merged cells span each section (Lĩnh vực)
  | 'objective' // Mục tiêu
  | 'task' // Nội dung / Nhiệm vụ
  | 'activity' // Hoạt động
  | 'output' // Kết quả / Sản phẩm
  | 'timeline' // Thời gian thực hiện
  | 'lead' // Cơ quan chủ trì
  | 'coordinating' // Cơ quan phối hợp
  | 'monitoring' // Theo dõi, kiểm tra, đôn đốc
  | 'budget' // Kinh phí
  | 'note' // Ghi chú
  | 'ref' // Mã: the item id, in a sheet this program wrote
  | 'status' // tracking: Trạng thái
  | 'completedOn' // tracking: Ngày hoàn thành
  | 'evidence' // tracking: Tài liệu kiểm chứng
  | 'progressNote'; // tracking: Ghi chú tiến độ

/** The columns a header must mostly have: the task and at least two of the other four. */
export const KEY_FIELDS = ['number', 'task', 'output', 'timeline', 'lead'] as const;
export const KEY_FIELD_LABELS_VI: Record<(typeof KEY_FIELDS)[number], string> = {
  number: 'STT',
  task: 'Nội dung/Nhiệm vụ',
  output: 'Kết quả/Sản phẩm',
  timeline: 'Thời gian thực hiện',
  lead: 'Cơ quan chủ trì',
};

/** The header words the blank template writes, one per field; also what `cchc inspect` names fields by. */
export const FIELD_HEADERS_VI: Record<Field, string> = {
  number: 'STT',
  section: 'Lĩnh vực',
  objective: 'Mục tiêu',
  task: 'Nội dung, nhiệm vụ',
  activity: 'Hoạt động',
  output: 'Kết quả/Sản phẩm',
  timeline: 'Thời gian thực hiện',
  lead: 'Cơ quan chủ trì',
  coordinating: 'Cơ quan phối hợp',
  monitoring: 'Theo dõi, kiểm tra, đôn đốc',
  budget: 'Kinh phí',
  note: 'Ghi chú',
  ref: 'Mã',
  status: 'Trạng thái',
  completedOn: 'Ngày hoàn thành',
  evidence: 'Tài liệu kiểm chứng',
  progressNote: 'Ghi chú tiến độ',
};

// Checked in this order, first match wins: the specific phrases come before the general ones
// ("Đơn vị phối hợp/thực hiện" is coordinating, "Thời gian thực hiện" a timeline, not a lead).
const RULES: Array<{ field: Field; words?: string[]; exact?: string[] }> = [
  { field: 'progressNote', words: ['ghi chu tien do'] },
  { field: 'completedOn', words: ['ngay hoan thanh'] },
  { field: 'evidence', words: ['kiem chung', 'tai lieu'] },
  { field: 'status', words: ['trang thai', 'tinh trang'] },
  { field: 'monitoring', words: ['theo doi', 'don doc', 'giam sat'] },
  { field: 'coordinating', words: ['phoi hop'] },
  { field: 'lead', words: ['chu tri', 'co quan thuc hien', 'don vi thuc hien', 'trach nhiem', 'co quan', 'don vi'] },
  { field: 'timeline', words: ['thoi gian', 'thoi han', 'tien do', 'han hoan thanh'] },
  { field: 'budget', words: ['kinh phi', 'nguon von'] },
  { field: 'note', words: ['ghi chu'] },
  { field: 'number', exact: ['stt', 'so tt', 'tt', 'so thu tu', 'thu tu', 'so'] },
  { field: 'objective', words: ['muc tieu'] },
  { field: 'activity', words: ['hoat dong'] },
  { field: 'output', words: ['ket qua', 'san pham', 'dau ra'] },
  { field: 'task', words: ['noi dung', 'nhiem vu', 'cong viec', 'giai phap'] },
  { field: 'section', words: ['linh vuc', 'nhom nhiem vu'] },
  { field: 'ref', exact: ['ma', 'ma so', 'ma nhiem vu', 'id'] },
];

/** The field a header cell names, or null. Tolerant of case, diacritics, punctuation and line breaks. */
export function fieldOfHeader(header: string): Field | null {
  return headerMatch(header)?.field ?? null;
}

/**
 * The field a header names and how sure that is: 1 when the header is exactly one of the field's
 * words ("Cơ quan chủ trì" holds "chu tri" and little else), less the more other words surround it.
 */
export function headerMatch(header: string): { field: Field; confidence: number } | null {
  const folded = foldText(header);
  if (folded === '') return null;
  const words = folded.split(' ').length;
  for (const rule of RULES) {
    if (rule.exact?.includes(folded)) return { field: rule.field, confidence: 1 };
    const hit = rule.words?.find((w) => hasWords(folded, w));
    if (hit) return { field: rule.field, confidence: Math.max(0.5, Math.min(1, 0.5 + (0.5 * hit.split(' ').length) / words + 0.2)) };
  }
  return null;
}
