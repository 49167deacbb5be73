import { canonicalJson } from '../ledger/canonical-json.ts';
import { ConcurrencyError, LedgerError } from '../ledger/errors.ts';
import { GENESIS_HASH, LedgerEvent } from '../ledger/events.ts';
import { Ledger } from '../ledger/ledger.ts';
import { schemaError } from '../ledger/schema-error.ts';
import type { PendingEvent } from '../ledger/signed-content.ts';
import type { EventStore, Head, RawEvent } from '../ledger/store.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { headAfter, sameHead } from '../ledger/stores/append-check.ts';
import type { Database, Queryable } from './db/database.ts';
import { vietnamToday } from '../templates/reports/dashboard-period.ts';
import { cutsOfPlan, figuresFromKnowledge } from './dashboard/period-figures.ts';
import { storeFigures } from './dashboard/plan-figures-table.ts';
import { keysByFingerprint, noteEnrolment, revokeKey } from './directory.ts';
import { eventPermission } from './event-permission.ts';
import { PlanEventStore } from './plan-event-store.ts';
import { planById } from './plans.ts';
import { keepFiguresAtHead, reportCutsOf } from './report/report-figures.ts';
import type { PushResponse, PushResult, RefusalReason } from './protocol/bodies.ts';

const READ_BATCH = 500;

/**
 * A plan's chain as seen from inside the transaction that holds its head locked: what the ledger
 * reads to know the state, and where it "appends" — the events it seals are collected, and
 * PlanEventStore.appendWith inserts them in that same transaction.
 */
class LockedChain implements EventStore {
  private tx!: Queryable;
  private current!: Head;
  placed: LedgerEvent[] = [];

  constructor(readonly planId: string) {}

  bind(tx: Queryable, head: Head): void {
    this.tx = tx;
    this.current = head;
    this.placed = [];
  }

  async head(): Promise<Head> {
    return this.current;
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    const next = headAfter(events, expected);
    if (!sameHead(expected, this.current)) throw new ConcurrencyError(expected, this.current);
    this.placed.push(...events);
    this.current = next;
    return next;
  }

  async *read(): AsyncIterable<RawEvent> {
    const end = this.current.seq;
    for (let after = 0; after < end; ) {
      const rows = await this.tx.query<{ seq: number; line: string }>(
        'select seq, line from plan_event where plan_id = $1 and seq > $2 and seq <= $3 order by seq limit $4',
        [this.planId, after, end, READ_BATCH],
      );
      if (rows.length === 0) return;
      for (const row of rows) yield { value: JSON.parse(row.line), line: row.line, where: { key: row.seq } };
      after = rows[rows.length - 1]!.seq;
    }
  }

  async close(): Promise<void> {}
}

/**
 * Places pushed events on plans' chains. Each push runs with the plan's head locked
 * (PlanEventStore.appendWith): the state the ledger checks against is the state at exactly that
 * head. A Ledger kept per plan is reused while its head is the locked head; when another process (or
 * a rolled-back transaction) makes them differ, it is opened again from the chain in the transaction.
 */
export class PlanWriter {
  readonly #chains = new Map<string, { ledger: Ledger; chain: LockedChain }>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  async push(planId: string, events: readonly Record<string, unknown>[]): Promise<PushResponse> {
    const plan = await planById(this.db, planId);
    const store = await PlanEventStore.open(this.db, planId);
    let results: PushResult[] = [];
    let knowledge: Ledger | undefined;
    const { head } = await store.appendWith(
      async (locked, tx) => {
        const { ledger, chain } = await this.chainAt(planId, locked, tx);
        knowledge = ledger;
        results = [];
        const stored = await storedById(tx, planId, events.map((e) => String(e.id)));
        const keys = await keysByFingerprint(tx, fingerprintsNamed(events));
        for (const event of events) {
          const id = String(event.id);
          const known = stored.get(id);
          if (known) {
            results.push(sameContent(known.line, event) ? { id, outcome: 'already', ...known } : { id, outcome: 'refused', error: duplicateId(id, known.seq) });
            continue;
          }
          const refusal = await this.refusalOf(event, ledger, plan, keys);
          if (refusal) {
            results.push({ id, outcome: 'refused', error: refusal });
            continue;
          }
          try {
            const [sealed] = await ledger.appendSigned([event as unknown as PendingEvent]);
            results.push({ id, outcome: 'placed', seq: sealed!.seq, hash: sealed!.hash, line: storedLine(sealed!) });
          } catch (error) {
            if (!(error instanceof LedgerError)) throw error;
            results.push({ id, outcome: 'refused', error: reasonOf(error) });
          }
        }
        return chain.placed;
      },
      async (placed, tx) => {
        for (const event of placed) {
          const by = { plan: planId, seq: event.seq };
          if (event.type === 'key.enrolled') await noteEnrolment(tx, event.data.key, by);
          if (event.type === 'key.revoked') await revokeKey(tx, event.data.key, event.data.from, by);
        }
        // The dashboard's and the reports' figures at the new head, from the state the rules just checked against.
        const cuts = cutsOfPlan(plan.periodFrom, plan.periodTo, vietnamToday(this.clock));
        await storeFigures(tx, planId, knowledge!.head, figuresFromKnowledge(knowledge!.state, cuts));
        await keepFiguresAtHead(tx, planId, knowledge!, placed.at(-1)!.at, reportCutsOf(plan.periodFrom, plan.periodTo));
      },
    );
    return { head, results };
  }

  /** Why `event` may not follow the ledger's head: its schema, its signature (the ledger's key ring), the directory's permissions. */
  private async refusalOf(
    event: Record<string, unknown>,
    ledger: Ledger,
    plan: Awaited<ReturnType<typeof planById>>,
    keys: Awaited<ReturnType<typeof keysByFingerprint>>,
  ): Promise<RefusalReason | null> {
    const head = ledger.head;
    const seq = head.seq + 1;
    const parsed = LedgerEvent.safeParse({ ...event, seq, prev: head.hash, hash: GENESIS_HASH });
    if (!parsed.success) return reasonOf(schemaError(parsed.error, { seq }));
    const pending = event as unknown as PendingEvent;
    const problem = ledger.keys.check(pending, seq);
    if (problem) return { code: problem.code, vi: problem.vi, en: problem.en, where: { seq } };
    return eventPermission(pending, plan, keys, ledger.state);
  }

  /** The ledger at `head`, inside `tx`: the one kept when it is at that head, else opened anew. */
  private async chainAt(planId: string, head: Head, tx: Queryable): Promise<{ ledger: Ledger; chain: LockedChain }> {
    const kept = this.#chains.get(planId);
    if (kept && sameHead(kept.ledger.head, head)) {
      kept.chain.bind(tx, head);
      return kept;
    }
    const chain = new LockedChain(planId);
    chain.bind(tx, head);
    const ledger = await Ledger.open(chain, { clock: this.clock });
    const opened = { ledger, chain };
    this.#chains.set(planId, opened);
    return opened;
  }
}

async function storedById(tx: Queryable, planId: string, ids: string[]): Promise<Map<string, { seq: number; hash: string; line: string }>> {
  const rows = await tx.query<{ event_id: string; seq: number; hash: string; line: string }>(
    'select event_id, seq, hash, line from plan_event where plan_id = $1 and event_id = any($2::text[])',
    [planId, ids],
  );
  return new Map(rows.map((r) => [r.event_id, { seq: r.seq, hash: r.hash, line: r.line }]));
}

/** The fingerprints a push names: who signed each event, and the key each enrolment or revocation is about. */
function fingerprintsNamed(events: readonly Record<string, unknown>[]): string[] {
  const out: string[] = [];
  for (const event of events) {
    const sig = event.sig as { key?: unknown } | undefined;
    const data = event.data as { key?: unknown } | undefined;
    for (const key of [sig?.key, data?.key]) if (typeof key === 'string' && /^[0-9a-f]{64}$/.test(key)) out.push(key);
  }
  return out;
}

/** Whether a stored event is the pushed one: the same content but for its place (seq, prev, hash). */
function sameContent(line: string, event: Record<string, unknown>): boolean {
  try {
    const { seq: _seq, prev: _prev, hash: _hash, ...stored } = JSON.parse(line) as Record<string, unknown>;
    return canonicalJson(stored) === canonicalJson(event);
  } catch {
    return false;
  }
}

function duplicateId(id: string, seq: number): RefusalReason {
  return {
    code: 'duplicate-id',
    vi: `Kế hoạch đã có ghi nhận số ${seq} cùng mã "${id}" với nội dung khác; không ghi.`,
    en: `The plan already holds event seq ${seq} with the id "${id}" and other content; not recorded.`,
    where: { seq },
  };
}

function reasonOf(error: LedgerError): RefusalReason {
  const where = Object.fromEntries(Object.entries(error.details).filter(([, v]) => v !== undefined));
  return { code: error.code, vi: error.messageVi, en: error.messageEn, ...(Object.keys(where).length > 0 && { where }) };
}
