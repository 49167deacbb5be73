import { formatVietnameseDate, vietnamDateOf } from './dates.ts';
import { effectiveDate } from './effective-date.ts';
import { LedgerError } from './errors.ts';
import type { EventOf, LedgerEvent } from './events.ts';
import { statusOn } from './item-entries.ts';
import { entryOf, type LedgerState } from './state.ts';
import { checkTransition, STATUS_LABELS_VI } from './status.ts';

/** Events that record a change to one item; only these can be voided (a wrong plan is revised, not voided). */
export const VOIDABLE_TYPES: ReadonlySet<string> = new Set(['status.changed', 'evidence.attached', 'progress.noted', 'condition.met']);

/**
 * Checks an event against the state it would be appended to, and throws a LedgerError naming the
 * item and field when a rule forbids it. `state` must know every event recorded so far, and be
 * valid at a date no earlier than any effective date (replay with validAt far in the future), so
 * that a change recorded late is judged against the item's history at its own effective date.
 */
export function checkEvent(state: LedgerState, event: LedgerEvent): void {
  if (state.events.has(event.id)) {
    throw new LedgerError('duplicate-id', `Mã sự kiện ${event.id} đã có trong sổ.`, `Event id ${event.id} is already in the ledger.`, {
      event: event.id,
      field: 'id',
    });
  }
  const effective = effectiveDate(event);
  // A date no later than the UTC date of `at` sorts before `at` itself; only later ones need the date in Vietnam.
  if (effective !== null && effective > event.at && effective > vietnamDateOf(event.at)) {
    throw new LedgerError(
      'effective-after-recorded',
      `Ngày có hiệu lực ${formatVietnameseDate(effective)} sau ngày ghi nhận ${formatVietnameseDate(vietnamDateOf(event.at))}: không thể ghi nhận trước một việc chưa xảy ra.`,
      `Effective date ${effective} is after the day it is recorded (${vietnamDateOf(event.at)}).`,
      { field: 'effective', ...itemDetail(event) },
    );
  }
  switch (event.type) {
    case 'plan.imported':
      return checkImport(state, event);
    case 'plan.revised':
      return checkRevision(state, event);
    case 'status.changed':
      checkItemOpen(state, event.data.item, effective!);
      return checkStatus(state, event);
    case 'evidence.attached':
    case 'progress.noted':
      return checkItemOpen(state, event.data.item, effective!);
    case 'condition.met':
      checkItemOpen(state, event.data.item, effective!);
      return checkCondition(state, event);
    case 'event.voided':
      return checkVoid(state, event);
    case 'report.issued':
      return checkReport(state, event);
    case 'key.enrolled':
    case 'key.revoked':
      return; // who may enroll and revoke is the key ring's to check, with the signatures (ledger/key-ring.ts)
  }
}

function itemDetail(event: LedgerEvent): { item?: string } {
  const item = (event.data as { item?: unknown }).item;
  return typeof item === 'string' ? { item } : {};
}

function checkImport(state: LedgerState, event: EventOf<'plan.imported'>): void {
  if (state.plan) {
    throw new LedgerError(
      'plan-exists',
      'Sổ này đã có kế hoạch; bảng đã sửa được nhập thành một lần điều chỉnh, bổ sung.',
      'This ledger already holds a plan; an edited table is recorded as a revision.',
    );
  }
  checkNewItems(new Set(), event.data.items.map((i) => i.id));
}

function checkNewItems(existing: ReadonlySet<string>, ids: readonly string[]): void {
  const seen = new Set(existing);
  for (const id of ids) {
    if (seen.has(id)) {
      throw new LedgerError('duplicate-item', `Mã nhiệm vụ ${id} bị trùng.`, `Item id ${id} appears twice.`, { item: id, field: 'id' });
    }
    seen.add(id);
  }
}

function requirePlan(state: LedgerState): void {
  if (!state.plan) {
    throw new LedgerError('no-plan', 'Sổ chưa có kế hoạch: hãy nhập phụ lục trước.', 'The ledger has no plan yet: import the appendix first.');
  }
}

function checkRevision(state: LedgerState, event: EventOf<'plan.revised'>): void {
  requirePlan(state);
  checkNewItems(new Set(state.itemOrder), event.data.added.map((i) => i.id));
  for (const { item } of event.data.amended) checkItemOpen(state, item, effectiveDate(event)!);
  for (const { item } of event.data.withdrawn) checkItemOpen(state, item, effectiveDate(event)!);
}

function checkItemOpen(state: LedgerState, id: string, effective: string): void {
  requirePlan(state);
  const item = entryOf(state.items, id);
  if (!item) {
    throw new LedgerError('unknown-item', `Không có nhiệm vụ mã ${id} trong kế hoạch.`, `No item ${id} in the plan.`, { item: id, field: 'item' });
  }
  if (item.withdrawn && effective >= item.withdrawn.effective) {
    throw new LedgerError(
      'withdrawn-item',
      `Nhiệm vụ ${id} đã được rút khỏi kế hoạch từ ngày ${formatVietnameseDate(item.withdrawn.effective)}.`,
      `Item ${id} was withdrawn from the plan on ${item.withdrawn.effective}.`,
      { item: id, field: 'item' },
    );
  }
}

function checkStatus(state: LedgerState, event: EventOf<'status.changed'>): void {
  const { item, status, effective, note } = event.data;
  const from = statusOn(state.items[item]!, effective);
  const check = checkTransition(from, status, note);
  if (check.ok) return;
  if (check.reason === 'same') {
    throw new LedgerError(
      'transition',
      `Nhiệm vụ ${item} đã ở trạng thái "${STATUS_LABELS_VI[status]}" vào ngày ${formatVietnameseDate(effective)}.`,
      `Item ${item} is already "${status}" on ${effective}.`,
      { item, field: 'status' },
    );
  }
  throw new LedgerError(
    'transition',
    `Nhiệm vụ ${item} đã hoàn thành; muốn chuyển sang "${STATUS_LABELS_VI[status]}" cần ghi rõ lý do.`,
    `Item ${item} is done; reopening it as "${status}" needs a note saying why.`,
    { item, field: 'note' },
  );
}

function checkCondition(state: LedgerState, event: EventOf<'condition.met'>): void {
  const { item } = event.data;
  const kind = state.items[item]!.definition.timeline.kind;
  if (kind !== 'relative' && kind !== 'conditional') {
    throw new LedgerError(
      'no-condition',
      `Thời hạn của nhiệm vụ ${item} không phụ thuộc điều kiện nào.`,
      `Item ${item}'s deadline depends on no trigger (it is "${kind}").`,
      { item, field: 'item' },
    );
  }
}

function checkVoid(state: LedgerState, event: EventOf<'event.voided'>): void {
  const target = event.data.event;
  const known = state.events.get(target);
  if (!known) {
    throw new LedgerError('unknown-event', `Không có sự kiện mã ${target} trong sổ.`, `No event ${target} in the ledger.`, {
      event: target,
      field: 'event',
    });
  }
  if (entryOf(state.voided, target)) {
    throw new LedgerError('already-voided', `Sự kiện số ${known.seq} đã bị hủy trước đó.`, `Event seq ${known.seq} is already voided.`, {
      event: target,
      seq: known.seq,
      field: 'event',
    });
  }
  if (!VOIDABLE_TYPES.has(known.type)) {
    throw new LedgerError(
      'not-voidable',
      `Sự kiện số ${known.seq} (${known.type}) không thể hủy; kế hoạch sai được sửa bằng một lần điều chỉnh.`,
      `Event seq ${known.seq} (${known.type}) cannot be voided; a wrong plan is corrected by a revision.`,
      { event: target, seq: known.seq, field: 'event' },
    );
  }
}

function checkReport(state: LedgerState, event: EventOf<'report.issued'>): void {
  requirePlan(state);
  if (event.data.head.seq > state.head.seq) {
    throw new LedgerError(
      'anchor',
      `Báo cáo dẫn chiếu sự kiện số ${event.data.head.seq} nhưng sổ mới có ${state.head.seq} sự kiện.`,
      `The report cites seq ${event.data.head.seq} but the ledger holds ${state.head.seq} events.`,
      { field: 'head' },
    );
  }
}
