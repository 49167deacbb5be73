import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { STATUS_LABELS_EN, STATUS_LABELS_VI } from '../../ledger/status.ts';
import type { Correction } from './correction-drafts.ts';

/** What the pane says once a correction is recorded (the state is the ledger's after it). */
export function correctionSaid(correction: Correction, state: LedgerState): { vi: string; en: string } {
  const numberingOf = (item: string | undefined) => (item ? (state.items[item]?.definition.numbering ?? item) : '');
  switch (correction.kind) {
    case 'void': {
      const target = state.events.get(correction.event);
      const where = target?.item ? `, mục theo dõi ${numberingOf(target.item)}` : '';
      const whereEn = target?.item ? `, item ${numberingOf(target.item)}` : '';
      return { vi: `Đã hủy ghi nhận số ${target?.seq ?? '?'}${where}; lý do: ${correction.reason.trim()}`, en: `Entry ${target?.seq ?? '?'}${whereEn} voided; reason: ${correction.reason.trim()}` };
    }
    case 'reopen':
      return {
        vi: `Mục theo dõi ${numberingOf(correction.item)} được mở lại: trạng thái "${STATUS_LABELS_VI[correction.status]}"; lý do: ${correction.reason.trim()}`,
        en: `Item ${numberingOf(correction.item)} reopened as "${STATUS_LABELS_EN[correction.status]}"; reason: ${correction.reason.trim()}`,
      };
    case 'completion-date':
      return {
        vi: `Mục theo dõi ${numberingOf(correction.item)}: ngày hoàn thành sửa thành ${formatVietnameseDate(correction.date)} (một lần ghi: hủy ghi nhận cũ và ghi lại).`,
        en: `Item ${numberingOf(correction.item)}: completion date corrected to ${formatVietnameseDate(correction.date)} (one entry: the old one voided and made again).`,
      };
    case 'condition': {
      const due = state.items[correction.item]?.due;
      return {
        vi: `Mục theo dõi ${numberingOf(correction.item)}: điều kiện thực hiện đã có từ ngày ${formatVietnameseDate(correction.effective)}${due ? `; hạn hoàn thành ${formatVietnameseDate(due)}` : ''}.`,
        en: `Item ${numberingOf(correction.item)}: the condition was met on ${formatVietnameseDate(correction.effective)}${due ? `; due ${formatVietnameseDate(due)}` : ''}.`,
      };
    }
  }
}
