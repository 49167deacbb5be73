import { shortFingerprint, type PendingEvent } from '../ledger/signed-content.ts';
import { entryOf, type LedgerState } from '../ledger/state.ts';
import { namesAgency } from './agency-match.ts';
import { actorOf, isLive, type DirectoryKey } from './directory.ts';
import type { RefusalReason } from './protocol/bodies.ts';

export interface PlanScope {
  id: string;
  scope: 'province' | 'agency';
  ownerAgencyId: string;
}

const ITEM_EVENTS = new Set(['status.changed', 'evidence.attached', 'progress.noted', 'condition.met']);
const PROVINCE_ADMIN_EVENTS = new Set(['plan.imported', 'plan.revised', 'report.issued']);

/**
 * The service's permissions for one signed event (docs/sync-protocol.md), for the event's signer:
 * null when the directory allows it, else why not. What the ledger checks (the signature, the chain's
 * own key ring, the rules) is the ledger's; this adds who, in the province, may write what where.
 * `state` is the plan's state at the head the event would follow; `keys` the directory's keys the
 * event names (its signer's, and the key it enrols or revokes).
 */
export function eventPermission(event: PendingEvent, plan: PlanScope, keys: ReadonlyMap<string, DirectoryKey>, state: LedgerState): RefusalReason | null {
  if (!event.sig) return forbidden('Dịch vụ chỉ nhận ghi nhận có chữ ký (định dạng 2).', 'The service takes signed (format 2) events only.');
  const signer = keys.get(event.sig.key);
  const short = shortFingerprint(event.sig.key);
  if (!signer) return forbidden(`Khóa ${short}… đã ký ghi nhận không có trong danh bạ của tỉnh.`, `Key ${short}…, which signed the event, is not in the province's directory.`);
  if (!isLive(signer, event.at)) {
    return forbidden(`Khóa ${short}… của ${signer.person.fullName} đã bị thu hồi từ ${signer.revokedAt}.`, `Key ${short}… of ${signer.person.fullName} was revoked from ${signer.revokedAt}.`);
  }
  const actor = actorOf(signer);
  if (event.actor.name !== actor.name || event.actor.unit !== actor.unit) {
    return forbidden(
      `Ghi nhận ghi người thực hiện "${event.actor.name}" (${event.actor.unit}), nhưng khóa ${short}… là của "${actor.name}" (${actor.unit}) trong danh bạ.`,
      `The event names "${event.actor.name}" (${event.actor.unit}), but key ${short}… is "${actor.name}" (${actor.unit}) in the directory.`,
    );
  }
  const provinceAdmin = signer.role === 'province-admin';
  const unit = signer.agency.officialName;
  if (plan.scope === 'agency' && !provinceAdmin && signer.agency.id !== plan.ownerAgencyId) {
    return forbidden(
      `${actor.name} (${unit}) không ghi được vào kế hoạch ${plan.id} của cơ quan khác.`,
      `${actor.name} (${unit}) cannot write to plan ${plan.id} of another agency.`,
    );
  }
  if (event.type === 'key.enrolled' || event.type === 'key.revoked') return keyPermission(event, plan, signer, keys);
  if (plan.scope === 'agency' || provinceAdmin) return null;
  if (PROVINCE_ADMIN_EVENTS.has(event.type)) {
    return forbidden(
      `Chỉ người quản trị của tỉnh (Sở Nội vụ) mới nhập, điều chỉnh kế hoạch của tỉnh và phát hành báo cáo của kế hoạch đó.`,
      `Only the province's administrators (Sở Nội vụ) import or revise the province's plan and issue its reports.`,
    );
  }
  const item = itemOf(event, state);
  if (item === undefined) return null; // not an item the plan has: the ledger's rules say so
  const definition = entryOf(state.items, item)?.definition;
  if (!definition || namesAgency(definition.lead, unit) || namesAgency(definition.coordinating, unit)) return null;
  return forbidden(
    `Nhiệm vụ ${definition.numbering || item} của kế hoạch tỉnh do ${definition.leadText || '(không ghi)'} chủ trì${definition.coordinatingText ? `, ${definition.coordinatingText} phối hợp` : ''}; ${unit} không ghi nhận được cho nhiệm vụ này.`,
    `Item ${definition.numbering || item} of the province's plan is led by ${definition.leadText || '(none given)'}${definition.coordinatingText ? `, with ${definition.coordinatingText}` : ''}; ${unit} cannot record on it.`,
    { item },
  );
}

/** The item an event is about: its own, or for a void that of the event voided. */
function itemOf(event: PendingEvent, state: LedgerState): string | undefined {
  if (ITEM_EVENTS.has(event.type)) return (event.data as { item: string }).item;
  if (event.type === 'event.voided') return state.events.get(event.data.event)?.item;
  return undefined;
}

function keyPermission(
  event: Extract<PendingEvent, { type: 'key.enrolled' | 'key.revoked' }>,
  plan: PlanScope,
  signer: DirectoryKey,
  keys: ReadonlyMap<string, DirectoryKey>,
): RefusalReason | null {
  const target = keys.get(event.data.key);
  const short = shortFingerprint(event.data.key);
  if (event.type === 'key.enrolled') {
    if (!target || !isLive(target, event.at)) {
      return forbidden(
        `Khóa ${short}… chưa có (hoặc đã bị thu hồi) trong danh bạ của tỉnh: hãy thêm người đó vào danh bạ trước (POST /api/v1/people).`,
        `Key ${short}… is not in the province's directory (or is revoked there): add the person to the directory first (POST /api/v1/people).`,
      );
    }
    const person = actorOf(target);
    if (event.data.person.name !== person.name || event.data.person.unit !== person.unit) {
      return forbidden(
        `Ghi nhận đăng ký khóa ${short}… cho "${event.data.person.name}" (${event.data.person.unit}), nhưng trong danh bạ khóa này là của "${person.name}" (${person.unit}).`,
        `The event enrols key ${short}… for "${event.data.person.name}" (${event.data.person.unit}), but the directory has it as "${person.name}" (${person.unit}).`,
      );
    }
    if (event.data.role === 'admin' && target.role === 'staff') {
      return forbidden(
        `${person.name} là cán bộ (staff) trong danh bạ: không đăng ký được với vai trò quản trị sổ.`,
        `${person.name} is staff in the directory: cannot be enrolled as a ledger administrator.`,
      );
    }
    if (plan.scope === 'agency' && target.agency.id !== plan.ownerAgencyId && target.role !== 'province-admin') {
      return forbidden(
        `${person.name} (${person.unit}) không thuộc cơ quan của kế hoạch ${plan.id}.`,
        `${person.name} (${person.unit}) is not of the agency of plan ${plan.id}.`,
      );
    }
  }
  if (signer.role === 'province-admin') return null;
  if (signer.role === 'agency-admin' && target !== undefined && target.agency.id === signer.agency.id) return null;
  return forbidden(
    `Chỉ người quản trị của tỉnh, hoặc người quản trị của chính cơ quan đó, mới đăng ký hay thu hồi khóa ${short}….`,
    `Only the province's administrators, or the administrators of that person's own agency, enrol or revoke key ${short}….`,
  );
}

function forbidden(vi: string, en: string, where?: Record<string, unknown>): RefusalReason {
  return { code: 'forbidden', vi, en, ...(where && { where }) };
}
