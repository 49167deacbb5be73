import { formatVietnameseDate } from '../../ledger/dates.ts';
import { LedgerEvent, type EventOf } from '../../ledger/events.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { entryOf } from '../../ledger/state.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import { auditRows } from '../../templates/reports/audit-rows.ts';
import { vietnamTimeText } from '../../templates/reports/cell-values.ts';
import type { Database } from '../db/database.ts';
import { PlanEventStore } from '../plan-event-store.ts';
import { contextJson, type DashboardContext } from './dashboard-context.ts';
import { DashboardRequestError } from './dashboard-request-error.ts';
import { chainOf, itemJson, planTitleOf } from './plan-figures.ts';
import type { PlanStateCache } from './plan-state-cache.ts';
import { replayPlan } from './province-overview.ts';
import { planRow } from './province-rows.ts';

/**
 * Every event about one item, as the audit trail words it (ledger events in order, voided ones
 * marked), with who recorded each and the key that signed it; and the item as it stands at the
 * period's date.
 */
export async function itemHistory(db: Database, cache: PlanStateCache, context: DashboardContext, planId: string, itemId: string) {
  const row = await planRow(db, planId);
  if (!row) throw new DashboardRequestError(404, `Không có kế hoạch "${planId}".`, `There is no plan "${planId}".`);
  const replayed = await replayPlan(cache, row, context);
  const item = entryOf(replayed.state.items, itemId);
  if (!item) {
    throw new DashboardRequestError(404, `Kế hoạch "${planId}" không có mục "${itemId}".`, `Plan "${planId}" has no item "${itemId}".`);
  }
  const records: RawEvent[] = [];
  for await (const record of (await PlanEventStore.open(db, planId)).read()) records.push(record);
  const verification = await verify(records, { now: () => new Date(context.knownAt) });
  const intact = verification.ok ? verification.count : verification.countBeforeProblem;
  // Verified records parse; the events known at the moment of the page, as the state was replayed.
  const events = records
    .slice(0, intact)
    .map((r) => LedgerEvent.parse((r as { value: unknown }).value))
    .filter((e) => e.at <= context.knownAt);
  // The plan's import brought the item in; a revision may have added, amended or withdrawn it.
  const concerning = new Set(
    events
      .filter((e) => e.type === 'plan.imported' || (e.type === 'plan.revised' && revises(e, itemId)))
      .map((e) => e.seq),
  );
  const holders = new Map((verification.ok ? (verification.keys ?? []) : []).map((k) => [k.fingerprint, k.person]));
  return {
    plan: { id: row.id, agencyId: row.owner_agency_id, ...planTitleOf(replayed.state, row.title), chain: chainOf(replayed) },
    ...contextJson(context),
    item: itemJson(replayed.state, item),
    events: auditRows(events)
      .filter((r) => r.item === itemId || concerning.has(r.seq))
      .map((r) => ({
        seq: r.seq,
        atText: vietnamTimeText(r.at),
        typeLabel: r.typeLabel,
        change: r.change,
        effectiveText: r.effective ? formatVietnameseDate(r.effective) : null,
        evidence: r.evidence,
        note: r.note,
        actor: r.actor,
        signer: r.signer === null ? null : { fingerprint: shortFingerprint(r.signer), holder: holders.get(r.signer) ?? null },
        voidedBy: r.voidedBy?.seq ?? null,
        voids: r.voids?.seq ?? null,
      })),
  };
}

function revises(event: EventOf<'plan.revised'>, itemId: string): boolean {
  const { added, amended, withdrawn } = event.data;
  return added.some((i) => i.id === itemId) || amended.some((a) => a.item === itemId) || withdrawn.some((w) => w.item === itemId);
}
