import { ConcurrencyError, LedgerError } from '../ledger/errors.ts';
import type { LedgerEvent } from '../ledger/events.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../ledger/store.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { headAfter, sameHead } from '../ledger/stores/append-check.ts';
import type { Database, Queryable } from './db/database.ts';
import { toNumber } from './db/database.ts';
import { storageError } from './db/storage-error.ts';

const READ_BATCH = 200;

/**
 * Decides, with the plan's head locked, what to append: the events sealed onto `head`, or none.
 * It runs inside the append's transaction (`tx` for anything else that must commit with the events,
 * such as the keys an enrolment event adds); throwing rolls everything back.
 */
export type AppendDecision = (head: Head, tx: Queryable) => Promise<readonly LedgerEvent[]> | readonly LedgerEvent[];

/** Runs in the append's transaction after the events are inserted: rows that refer to them (the keys they enrol). */
export type AfterInsert = (events: readonly LedgerEvent[], tx: Queryable) => Promise<void>;

export interface Appended {
  head: Head;
  /** Each appended event's place in the province-wide log, in order. */
  positions: number[];
}

export interface PlanEventStoreOptions {
  /** Close the database with the store (a store that opened its own database). */
  closeDatabase?: boolean;
}

/**
 * One plan's chain of events in the province's PostgreSQL database (a server or PGlite). The head
 * check and the insert run in one transaction with the plan's row locked, and the database's own
 * trigger refuses any event that does not continue the head (unique (plan, seq) besides), so
 * writers in any number of processes never fork a chain.
 */
export class PlanEventStore implements EventStore {
  private constructor(
    readonly db: Database,
    readonly planId: string,
    private readonly options: PlanEventStoreOptions,
  ) {}

  static async open(db: Database, planId: string, options: PlanEventStoreOptions = {}): Promise<PlanEventStore> {
    const rows = await db
      .query('select 1 from plan where id = $1', [planId])
      .catch((error: unknown) => Promise.reject(storageError(`mở kế hoạch ${planId}`, `opening plan ${planId}`, error)));
    if (rows.length === 0) throw noPlan(planId);
    return new PlanEventStore(db, planId, options);
  }

  async head(): Promise<Head> {
    try {
      return this.headOf(await this.db.query<HeadRow>('select head_seq, head_hash from plan where id = $1', [this.planId]));
    } catch (error) {
      throw this.failure(error, 'đọc', 'reading');
    }
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    headAfter(events, expected);
    const { head } = await this.appendWith((stored) => {
      if (!sameHead(stored, expected)) throw new ConcurrencyError(expected, stored);
      return events;
    });
    return head;
  }

  /**
   * Locks the plan's head, lets `decide` choose the events to append after it, and inserts them, all
   * in one transaction: committed, and so durable, when this resolves. What `decide` returns must
   * continue the head it was given (else LedgerError 'sequence' or 'link', nothing written). The
   * service runs the ledger's rules in `decide`, against the state at exactly that head.
   */
  async appendWith(decide: AppendDecision, afterInsert?: AfterInsert): Promise<Appended> {
    let locked: Head | undefined;
    try {
      return await this.db.transaction(async (tx) => {
        const head = (locked = this.headOf(await tx.query<HeadRow>('select head_seq, head_hash from plan where id = $1 for update', [this.planId])));
        const events = await decide(head, tx);
        const next = headAfter(events, head);
        if (events.length === 0) return { head, positions: [] };
        const rows = await tx.query<{ position: unknown }>(
          `insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line)
           select $1, e.seq, e.event_id, e.prev_hash, e.hash, e.line
           from unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])
             with ordinality as e (seq, event_id, prev_hash, hash, line, n)
           order by e.n
           returning position`,
          [
            this.planId,
            events.map((e) => e.seq),
            events.map((e) => e.id),
            events.map((e) => e.prev),
            events.map((e) => e.hash),
            events.map(storedLine),
          ],
        );
        await afterInsert?.(events, tx);
        return { head: next, positions: rows.map((r) => toNumber(r.position)).sort((a, b) => a - b) };
      });
    } catch (error) {
      // The database's own refusals of a fork: not the head (the trigger), (plan, seq) taken.
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      if (locked && (code === 'CC001' || (code === '23505' && constraint === 'plan_event_pkey'))) {
        throw new ConcurrencyError(locked, await this.head());
      }
      if (code === '23505' && constraint === 'plan_event_plan_id_event_id_key') {
        throw new LedgerError(
          'duplicate-id',
          `Kế hoạch ${this.planId} đã có một ghi nhận cùng mã; không ghi gì.`,
          `Plan ${this.planId} already holds an event with the same id; nothing was written.`,
        );
      }
      throw this.failure(error, 'ghi', 'appending to');
    }
  }

  /** Up to the head as it is when reading starts, in batches, each its own short query. */
  async *read(): AsyncIterable<RawEvent> {
    const end = (await this.head()).seq;
    for (let after = 0; after < end; ) {
      let rows: Array<{ seq: number; line: string }>;
      try {
        rows = await this.db.query(
          'select seq, line from plan_event where plan_id = $1 and seq > $2 and seq <= $3 order by seq limit $4',
          [this.planId, after, end, READ_BATCH],
        );
      } catch (error) {
        throw this.failure(error, 'đọc', 'reading');
      }
      if (rows.length === 0) return;
      for (const row of rows) yield parseRow(row);
      after = rows[rows.length - 1]!.seq;
    }
  }

  async close(): Promise<void> {
    if (this.options.closeDatabase) await this.db.close();
  }

  private headOf(rows: HeadRow[]): Head {
    const row = rows[0];
    if (!row) throw noPlan(this.planId);
    return row.head_seq === 0 ? EMPTY_HEAD : { seq: row.head_seq, hash: row.head_hash };
  }

  private failure(error: unknown, doingVi: string, doingEn: string): LedgerError {
    return storageError(`${doingVi} sổ của kế hoạch ${this.planId}`, `${doingEn} the ledger of plan ${this.planId}`, error);
  }
}

interface HeadRow {
  head_seq: number;
  head_hash: string;
}

function parseRow(row: { seq: number; line: string }): RawEvent {
  const where = { key: row.seq };
  try {
    // The line as stored: a signed event's bytes are part of what verification checks.
    return { value: JSON.parse(row.line), line: row.line, where };
  } catch (error) {
    return { parseError: (error as Error).message, where };
  }
}

function noPlan(planId: string): LedgerError {
  return new LedgerError('storage', `Không có kế hoạch "${planId}" trong cơ sở dữ liệu.`, `There is no plan "${planId}" in the database.`);
}
