import { formatVietnameseDate, type IsoDate, type IsoInstant } from '../../ledger/dates.ts';
import { insertInOrder } from '../../ledger/item-entries.ts';
import { effectiveDate } from '../../ledger/effective-date.ts';
import { EVENT_TYPE_LABELS_VI, ORIGIN_LABELS_VI, itemOf, type EventOf, type EventType, type LedgerEvent } from '../../ledger/events.ts';
import type { Agency, Item, ItemPatch } from '../../ledger/plan.ts';
import { STATUS_LABELS_VI, type Status } from '../../ledger/status.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { formatDocumentRef } from '../evidence/parse-document-ref.ts';
import { shorten } from './cell-values.ts';

/** One line of the audit trail: an event as a person reads it. */
export interface AuditRow {
  seq: number;
  id: string;
  at: IsoInstant;
  actor: { name: string; unit: string };
  type: EventType;
  typeLabel: string;
  item: string | null;
  /** "III.4 — Rà soát, đánh giá các quy định…": the item as the plan named it when the event was recorded. */
  itemText: string | null;
  /** What changed, in words: "Chưa thực hiện → Hoàn thành". */
  change: string;
  effective: IsoDate | null;
  evidence: string | null;
  /** The https address of the document cited as evidence, when it has one. */
  link: string | null;
  note: string | null;
  hash: string;
  /** Where the change came from when its actor only copied it into the ledger (ORIGIN_LABELS_VI); null when the actor made it. */
  origin: string | null;
  /** The fingerprint of the key that signed the event (format 2); null when unsigned. */
  signer: string | null;
  /** The event that voided this one, if any is among the rows. */
  voidedBy: { id: string; seq: number } | null;
  /** For a void: the event it voided. */
  voids: { id: string; seq: number } | null;
}

/** An item's fields as the plan's table names them. */
export const ITEM_FIELD_LABELS_VI: Record<keyof ItemPatch, string> = {
  section: 'Mục',
  task: 'Nhiệm vụ',
  numbering: 'Số thứ tự',
  text: 'Nội dung',
  activity: 'Hoạt động',
  objective: 'Mục tiêu',
  output: 'Kết quả',
  timeline: 'Thời gian thực hiện',
  lead: 'Cơ quan chủ trì',
  leadText: 'Cơ quan chủ trì',
  coordinating: 'Cơ quan phối hợp',
  coordinatingText: 'Cơ quan phối hợp',
  monitoring: 'Theo dõi, kiểm tra, đôn đốc',
  budget: 'Kinh phí',
  note: 'Ghi chú',
  sourceRow: 'Dòng trong bảng nguồn',
};

function patchValueText(key: keyof ItemPatch, value: unknown): string {
  if (value === undefined || value === null || value === '') return '(trống)';
  if (key === 'timeline') return `“${(value as Item['timeline']).raw}”`;
  if (key === 'lead' || key === 'coordinating') return `“${(value as Agency[]).map((a) => a.name).join(', ')}”`;
  return `“${String(value)}”`;
}

/** "Thời gian thực hiện: “Quý II/2021” → “Quý III/2021”", one per field; agency lists only when their text did not change. */
function describePatch(set: ItemPatch, was: ItemPatch): string[] {
  const keys = Object.keys(set) as Array<keyof ItemPatch>;
  return keys
    .filter((k) => !((k === 'lead' && keys.includes('leadText')) || (k === 'coordinating' && keys.includes('coordinatingText'))))
    .map((k) => `${ITEM_FIELD_LABELS_VI[k]}: ${patchValueText(k, was[k])} → ${patchValueText(k, set[k])}`);
}

function originOf(event: LedgerEvent): string | null {
  const origin = (event.data as { origin?: keyof typeof ORIGIN_LABELS_VI }).origin;
  return origin ? ORIGIN_LABELS_VI[origin] : null;
}

interface StatusMark {
  id: string;
  seq: number;
  effective: IsoDate;
  status: Status;
}

/**
 * Walks the events in order, keeping what is needed to say what each one changed: every item's
 * wording (for the item column) and its status history in effective-date order (for "from → to",
 * the status in force on the change's effective date as known just before it was recorded).
 * Rows are filled field by field, not spread: this runs once per event of the ledger.
 */
export function auditRows(events: Iterable<LedgerEvent>): AuditRow[] {
  const items = new Map<string, Item>();
  // "III.4 — Rà soát…" per item, made once and dropped when a revision changes the item.
  const itemTexts = new Map<string, string>();
  const itemText = (id: string | null): string | null => {
    if (id === null) return null;
    let text = itemTexts.get(id);
    if (text === undefined) {
      const definition = items.get(id);
      if (!definition) return null;
      text = `${definition.numbering} — ${shorten(definition.activity ?? definition.text, 90)}`;
      itemTexts.set(id, text);
    }
    return text;
  };
  const statuses = new Map<string, StatusMark[]>();
  const itemOfEvent = new Map<string, string>();
  const rows: AuditRow[] = [];
  const rowById = new Map<string, AuditRow>();

  for (const event of events) {
    const itemId = itemOf(event) ?? null;
    if (itemId) itemOfEvent.set(event.id, itemId);
    const row: AuditRow = {
      seq: event.seq,
      id: event.id,
      at: event.at,
      actor: event.actor,
      type: event.type,
      typeLabel: EVENT_TYPE_LABELS_VI[event.type],
      item: itemId,
      itemText: itemText(itemId),
      change: '',
      effective: effectiveDate(event),
      evidence: null,
      link: null,
      note: null,
      hash: event.hash,
      origin: originOf(event),
      signer: event.sig?.key ?? null,
      voidedBy: null,
      voids: null,
    };
    switch (event.type) {
      case 'plan.imported': {
        for (const it of event.data.items) items.set(it.id, it);
        const { plan, source, sections, tasks, items: planItems } = event.data;
        row.change = `Nhập ${plan.title}: ${sections.length} phần, ${tasks.length} nhiệm vụ, ${planItems.length} mục theo dõi (tệp ${source.file}${source.sheet ? `, trang ${source.sheet}` : ''})`;
        row.evidence = plan.number || plan.date ? formatDocumentRef({ kind: 'Kế hoạch', number: plan.number, date: plan.date, issuer: plan.issuer }) : null;
        break;
      }
      case 'plan.revised':
        row.change = describeRevision(event, items);
        for (const id of revisedItems(event)) itemTexts.delete(id);
        row.evidence = formatDocumentRef(event.data.document);
        row.link = event.data.document.link ?? null;
        break;
      case 'status.changed': {
        let list = statuses.get(event.data.item);
        if (!list) statuses.set(event.data.item, (list = []));
        const mark: StatusMark = { id: event.id, seq: event.seq, effective: event.data.effective, status: event.data.status };
        insertInOrder(list, mark);
        const before = list[list.indexOf(mark) - 1]?.status ?? 'not_started';
        row.change = `${STATUS_LABELS_VI[before]} → ${STATUS_LABELS_VI[event.data.status]}`;
        row.note = event.data.note ?? null;
        break;
      }
      case 'evidence.attached':
        row.change = 'Bổ sung tài liệu kiểm chứng';
        row.evidence = formatDocumentRef(event.data.document);
        row.link = event.data.document.link ?? null;
        row.note = event.data.note ?? null;
        break;
      case 'progress.noted':
        row.change = event.data.percent !== undefined ? `Tiến độ: ${String(event.data.percent).replace('.', ',')}%` : 'Ghi nhận tiến độ';
        row.note = event.data.note;
        break;
      case 'condition.met':
        row.change = `Điều kiện thực hiện đã có từ ngày ${formatVietnameseDate(event.data.effective)}${event.data.due ? `; hạn hoàn thành ${formatVietnameseDate(event.data.due)}` : ''}`;
        row.evidence = event.data.document ? formatDocumentRef(event.data.document) : null;
        row.link = event.data.document?.link ?? null;
        row.note = event.data.note ?? null;
        break;
      case 'event.voided': {
        const target = rowById.get(event.data.event);
        const targetItem = itemOfEvent.get(event.data.event) ?? null;
        if (target) {
          target.voidedBy = { id: event.id, seq: event.seq };
          if (target.type === 'status.changed' && targetItem) {
            const list = statuses.get(targetItem) ?? [];
            statuses.set(targetItem, list.filter((m) => m.id !== target.id));
          }
        }
        row.item = targetItem;
        row.itemText = itemText(targetItem);
        row.change = target ? `Hủy ghi nhận số ${target.seq} (${target.typeLabel.toLocaleLowerCase('vi')}: ${target.change})` : `Hủy ghi nhận ${event.data.event}`;
        row.note = event.data.reason;
        row.voids = target ? { id: target.id, seq: target.seq } : null;
        break;
      }
      case 'report.issued': {
        const d = event.data;
        row.change = `Báo cáo kỳ ${d.period} (số liệu từ ${formatVietnameseDate(d.cutoff.from)} đến ${formatVietnameseDate(d.cutoff.to)}), lập từ sổ đến ghi nhận số ${d.head.seq}`;
        row.evidence = `Tệp ${d.file.name}, SHA-256 ${d.file.sha256}${d.document ? `;\nTệp ${d.document.name}, SHA-256 ${d.document.sha256}` : ''}`;
        break;
      }
      case 'key.enrolled': {
        const d = event.data;
        row.change = `Đăng ký khóa ${shortFingerprint(d.key)} của ${d.person.name} (${d.person.unit}), vai trò ${d.role === 'admin' ? 'quản trị' : 'ghi nhận'}`;
        row.evidence = d.decision ? formatDocumentRef(d.decision) : null;
        break;
      }
      case 'key.revoked':
        row.change = `Thu hồi khóa ${shortFingerprint(event.data.key)} từ ${event.data.from}`;
        row.note = event.data.reason;
        break;
    }
    rows.push(row);
    rowById.set(row.id, row);
  }
  return rows;
}

const revisedItems = (event: EventOf<'plan.revised'>): string[] => [
  ...event.data.added.map((i) => i.id),
  ...event.data.amended.map((a) => a.item),
  ...event.data.withdrawn.map((w) => w.item),
];

function describeRevision(event: EventOf<'plan.revised'>, items: Map<string, Item>): string {
  const { added, amended, withdrawn } = event.data;
  const parts: string[] = [];
  if (added.length) parts.push(`Bổ sung ${added.length} mục theo dõi: ${added.map((i) => i.numbering).join(', ')}`);
  for (const a of amended) {
    const numbering = items.get(a.item)?.numbering ?? a.item;
    parts.push(`Điều chỉnh ${numbering}: ${describePatch(a.set, a.was).join('; ')}`);
  }
  for (const w of withdrawn) {
    const numbering = items.get(w.item)?.numbering ?? w.item;
    parts.push(`Rút khỏi kế hoạch: ${numbering}${w.reason ? ` (${w.reason})` : ''}`);
  }
  for (const it of added) items.set(it.id, it);
  for (const a of amended) {
    const current = items.get(a.item);
    if (current) items.set(a.item, { ...current, ...a.set });
  }
  return parts.join('\n') || 'Điều chỉnh kế hoạch';
}
