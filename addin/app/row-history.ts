import type { IsoDate, IsoInstant } from '../../ledger/dates.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { VOIDABLE_TYPES } from '../../ledger/rules.ts';
import { auditRows, type AuditRow } from '../../templates/reports/audit-rows.ts';

/** One entry of an item's history, as the audit trail words it. */
export interface HistoryEntry {
  /** The event's id: what a void names. */
  id: string;
  seq: number;
  at: IsoInstant;
  actor: { name: string; unit: string };
  typeLabel: string;
  /** What changed, in the audit trail's words ("Chưa thực hiện → Hoàn thành"). */
  change: string;
  effective: IsoDate | null;
  evidence: string | null;
  /** The https address of the evidence cited, when it has one. */
  link: string | null;
  note: string | null;
  /** Whether a void may name it (a change to the item, not voided yet, not a void itself). */
  voidable: boolean;
  /** Where the change came from when its actor only copied it in (a co-author, outside the add-in). */
  origin: string | null;
  /** Set when a later entry voided this one: who, when and why. */
  voided: { seq: number; at: IsoInstant; actor: { name: string; unit: string }; reason: string } | null;
  /** For a void: the entry it voided. */
  voids: number | null;
}

/** The history of the item in a selected row of the plan's sheet. */
export interface RowHistory {
  row: number;
  item: string;
  numbering: string;
  text: string;
  /** Newest first. */
  entries: HistoryEntry[];
}

/** Every entry about `item`, newest first; voided ones say by whom and why. */
export function historyOf(rows: readonly AuditRow[], item: string): HistoryEntry[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows
    .filter((r) => r.item === item)
    .map((r): HistoryEntry => {
      const voider = r.voidedBy ? byId.get(r.voidedBy.id) : undefined;
      return {
        id: r.id,
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        typeLabel: r.typeLabel,
        change: r.change,
        effective: r.effective,
        evidence: r.evidence,
        link: r.link,
        note: r.note,
        voidable: !r.voidedBy && VOIDABLE_TYPES.has(r.type),
        origin: r.origin,
        voided: voider ? { seq: voider.seq, at: voider.at, actor: voider.actor, reason: voider.note ?? '' } : null,
        voids: r.voids?.seq ?? null,
      };
    })
    .reverse();
}

/**
 * The audit rows of a ledger, read again only when its head moved: a history shown for each
 * selected row must not read the whole ledger sheet each time.
 */
export class AuditRowsCache {
  private head = '';
  private rows: AuditRow[] = [];

  async of(ledger: Ledger): Promise<AuditRow[]> {
    if (ledger.head.hash !== this.head) {
      const events: LedgerEvent[] = [];
      for await (const event of ledger.events()) events.push(event);
      this.rows = auditRows(events);
      this.head = events.at(-1)?.hash ?? '';
    }
    return this.rows;
  }
}
