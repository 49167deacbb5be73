import type { IsoDate, IsoInstant } from '../../ledger/dates.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { Head } from '../../ledger/store.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import type { Database } from '../db/database.ts';
import { PlanEventStore } from '../plan-event-store.ts';

/** A plan's ledger replayed at one date, as the reports replay it, with its verification. */
export interface ReplayedPlan {
  state: LedgerState;
  verification: VerifyResult;
}

export type ReplayPlan = (planId: string, validAt: IsoDate, knownAt: IsoInstant) => Promise<ReplayedPlan>;

/** Replays a plan's chain from the service's database, as the reports replay it. */
export function replayFromDatabase(db: Database, clock: () => Date): ReplayPlan {
  return async (planId, validAt, knownAt) => {
    const store = await PlanEventStore.open(db, planId);
    return verifyAndReplay(store.read(), { knownAt, validAt, now: clock });
  };
}

interface Entry {
  head: Head;
  replayed: Promise<ReplayedPlan>;
}

/**
 * How many dates a plan keeps its replay for: today and the periods being looked at. A service runs
 * for months, and every day and period asked would otherwise keep a whole state of every plan.
 */
export const DATES_KEPT_PER_PLAN = 4;

/**
 * Replays of each plan's chain, kept per (plan, head, date assessed at): the dashboard reads a
 * plan's events again only when its head moved. A plan keeps its latest head for each of the
 * DATES_KEPT_PER_PLAN dates asked most recently; callers asking at once share one replay. A replay
 * that left events out (recorded after the moment asked, by a client whose clock runs ahead) is not
 * kept: they belong in the next one.
 */
export class PlanStateCache {
  /** plan -> date -> entry, least recently asked date first. */
  private readonly plans = new Map<string, Map<IsoDate, Entry>>();

  constructor(private readonly replay: ReplayPlan) {}

  get size(): number {
    let size = 0;
    for (const dates of this.plans.values()) size += dates.size;
    return size;
  }

  replayed(planId: string, head: Head, validAt: IsoDate, knownAt: IsoInstant): Promise<ReplayedPlan> {
    let dates = this.plans.get(planId);
    if (!dates) this.plans.set(planId, (dates = new Map()));
    const entry = dates.get(validAt);
    dates.delete(validAt);
    if (entry && entry.head.seq === head.seq && entry.head.hash === head.hash) {
      dates.set(validAt, entry);
      return entry.replayed;
    }
    const replayed = this.replay(planId, validAt, knownAt);
    dates.set(validAt, { head, replayed });
    for (const oldest of dates.keys()) {
      if (dates.size <= DATES_KEPT_PER_PLAN) break;
      dates.delete(oldest);
    }
    replayed.then(
      ({ state, verification }) => {
        // A broken chain stays broken at this head; a whole one must have reached it.
        if (verification.ok && state.head.seq !== head.seq) this.forget(planId, validAt, replayed);
      },
      () => this.forget(planId, validAt, replayed),
    );
    return replayed;
  }

  private forget(planId: string, validAt: IsoDate, replayed: Promise<ReplayedPlan>): void {
    const dates = this.plans.get(planId);
    if (dates?.get(validAt)?.replayed === replayed) dates.delete(validAt);
  }
}
