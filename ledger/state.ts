import type { IsoDate, IsoInstant } from './dates.ts';
import type { EventIndex } from './event-index.ts';
import type { DataOf, DocumentRef, EventOf, Origin } from './events.ts';
import type { Item, PlanIdentity, PlanSource, Section, Task } from './plan.ts';
import type { Status } from './status.ts';

/**
 * How an item stands at the `validAt` date: the two-by-two that Vietnamese task reports count,
 * plus items with no deadline yet and items withdrawn from the plan.
 */
export type Assessment = 'done_on_time' | 'done_late' | 'open_in_time' | 'open_overdue' | 'waiting' | 'withdrawn';

export const ASSESSMENT_LABELS_VI: Record<Assessment, string> = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  open_in_time: 'Chưa hoàn thành, trong hạn',
  open_overdue: 'Chưa hoàn thành, quá hạn',
  waiting: 'Chưa có thời hạn (chờ điều kiện)',
  withdrawn: 'Đã rút khỏi kế hoạch',
};

/** Where an event sits: enough to cite it in an audit trail. */
export interface EventRef {
  id: string;
  seq: number;
  at: IsoInstant;
  actor: { name: string; unit: string };
}

/**
 * The event an item's entry comes from: its id (to void it) and seq (its place among changes of
 * the same day). Who recorded it and when is kept once per event, in `state.events.get(id)`: a
 * ledger holds a million entries, and each entry's copy of both cost more than the rest of it.
 */
export interface EntryRef {
  id: string;
  seq: number;
}

export interface StatusEntry extends EntryRef {
  status: Status;
  effective: IsoDate;
  note?: string;
  origin?: Origin;
}

export interface EvidenceEntry extends EntryRef {
  document: DocumentRef;
  effective: IsoDate;
  note?: string;
}

export interface NoteEntry extends EntryRef {
  note: string;
  percent?: number;
  effective: IsoDate;
}

export interface ConditionEntry extends EntryRef {
  effective: IsoDate;
  /** The due date set when the trigger happened, if the writer gave one. */
  due?: IsoDate;
  document?: DocumentRef;
}

export interface ItemState {
  /** The item as the plan defines it now (the import, then every revision known and in force). */
  definition: Item;
  /** Status history in force: effective date order, ties by seq; the last entry is the current status. */
  statuses: StatusEntry[];
  status: Status;
  /** Effective date of the change that made the item done, while it is done. */
  completedOn: IsoDate | null;
  evidence: EvidenceEntry[];
  notes: NoteEntry[];
  /** Triggers of a relative or conditional deadline recorded as met, in effective order. */
  conditions: ConditionEntry[];
  /** When the trigger happened (the latest such record in force). */
  conditionMetOn: IsoDate | null;
  /** The due date in force: the timeline's, or computed from the trigger; null while waiting. */
  due: IsoDate | null;
  withdrawn: { effective: IsoDate; reason?: string; by: EventRef } | null;
  assessment: Assessment;
  /** Days past due at `validAt` for open items (0 when in time), or days late at completion for done ones. */
  daysOverdue: number;
}

export interface VoidRecord {
  by: EventRef;
  reason: string;
}

export interface LedgerState {
  /** The moment replayed: events recorded after `knownAt` and changes effective after `validAt` are left out. */
  knownAt: IsoInstant;
  validAt: IsoDate;
  /** The last event folded in (seq 0 and 64 zeros for an empty ledger). */
  head: { seq: number; hash: string };
  /** Events folded in, voided ones included. */
  count: number;
  plan: { identity: PlanIdentity; source: PlanSource; importedBy: EventRef } | null;
  revisions: Array<EventRef & { document: DocumentRef }>;
  sections: Section[];
  tasks: Task[];
  /** Item ids in the plan's order (revisions append theirs). */
  itemOrder: string[];
  items: Record<string, ItemState>;
  /** Every event id known, with its seq, type, item, time and author (`get`, `has`, `idOfSeq`): voids, duplicates, who recorded an entry. */
  events: EventIndex;
  /** Events voided, by the voided event's id. */
  voided: Record<string, VoidRecord>;
  reports: Array<EventRef & DataOf<'report.issued'>>;
  /**
   * The plan's import and revisions in force, in seq order: what `plan`, `sections`, `tasks`,
   * `itemOrder`, the definitions and withdrawals come from, so that a state can be projected to an
   * earlier `validAt` (ledger/project.ts).
   */
  planChanges: PlanChange[];
}

export type PlanChange = EventOf<'plan.imported'> | EventOf<'plan.revised'>;

/**
 * The entry of an id-keyed record of the state, or undefined. Ids come from ledger files and typed
 * cells: only the record's own keys count, never what a prototype would answer ("constructor").
 */
export function entryOf<T>(record: Readonly<Record<string, T>>, id: string): T | undefined {
  return Object.hasOwn(record, id) ? record[id] : undefined;
}
