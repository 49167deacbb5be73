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

interface Entry {
  head: Head;
  replayed: Promise<ReplayedPlan>;
}

/**
 * Replays of each plan's chain, kept per (plan, head, date assessed at): the dashboard reads a
 * plan's events again only when its head moved. A plan keeps one entry per date, its latest head;
 * callers asking at once share one replay. A replay that left events out (recorded after the
 * moment asked, by a client whose clock runs ahead) is not kept: they belong in the next one.
 */
export class PlanStateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Database,
    private readonly clock: () => Date,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  replayed(planId: string, head: Head, validAt: IsoDate, knownAt: IsoInstant): Promise<ReplayedPlan> {
    const key = `${planId}\u0000${validAt}`;
    const entry = this.entries.get(key);
    if (entry && entry.head.seq === head.seq && entry.head.hash === head.hash) return entry.replayed;
    const replayed = this.replay(planId, validAt, knownAt);
    this.entries.set(key, { head, replayed });
    replayed.then(
      ({ state, verification }) => {
        // A broken chain stays broken at this head; a whole one must have reached it.
        if (verification.ok && state.head.seq !== head.seq) this.forget(key, replayed);
      },
      () => this.forget(key, replayed),
    );
    return replayed;
  }

  private async replay(planId: string, validAt: IsoDate, knownAt: IsoInstant): Promise<ReplayedPlan> {
    const store = await PlanEventStore.open(this.db, planId);
    return verifyAndReplay(store.read(), { knownAt, validAt, now: this.clock });
  }

  private forget(key: string, replayed: Promise<ReplayedPlan>): void {
    if (this.entries.get(key)?.replayed === replayed) this.entries.delete(key);
  }
}
