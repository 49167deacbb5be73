import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../../ledger/dates.ts';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import { DATES_KEPT_PER_PLAN, PlanStateCache, type ReplayPlan } from '../../server/dashboard/plan-state-cache.ts';

const KNOWN_AT = '2026-12-03T08:00:00.000Z';
const day = (n: number): IsoDate => `2026-11-${String(n).padStart(2, '0')}` as IsoDate;

/** A cache over empty plans, counting the replays it asks for, per plan and date. */
function countingCache(): { cache: PlanStateCache; replays: string[] } {
  const replays: string[] = [];
  const replay: ReplayPlan = (planId, validAt, knownAt) => {
    replays.push(`${planId} ${validAt}`);
    return verifyAndReplay([], { validAt, knownAt });
  };
  return { cache: new PlanStateCache(replay), replays };
}

describe('the dashboard’s cache of plan replays', () => {
  it('replays a plan once per head and date, and again when the head moves', async () => {
    const { cache, replays } = countingCache();
    await cache.replayed('kh', EMPTY_HEAD, day(1), KNOWN_AT);
    await cache.replayed('kh', EMPTY_HEAD, day(1), KNOWN_AT);
    expect(replays).toEqual(['kh 2026-11-01']);
    // The head moved (an event the empty replay does not reach): replayed, and not kept.
    await cache.replayed('kh', { seq: 1, hash: 'a'.repeat(64) }, day(1), KNOWN_AT);
    expect(replays).toEqual(['kh 2026-11-01', 'kh 2026-11-01']);
  });

  it('keeps a bounded number of dates per plan, the least recently asked going first, so a service running for months does not grow without end', async () => {
    const { cache, replays } = countingCache();
    for (let n = 1; n <= 30; n++) {
      await cache.replayed('kh', EMPTY_HEAD, day(n), KNOWN_AT);
      await cache.replayed('kh', EMPTY_HEAD, day(1), KNOWN_AT); // asked every time: kept
      await cache.replayed('other', EMPTY_HEAD, day(n), KNOWN_AT);
    }
    expect(cache.size).toBe(2 * DATES_KEPT_PER_PLAN);
    const asked = replays.length;
    await cache.replayed('kh', EMPTY_HEAD, day(1), KNOWN_AT);
    await cache.replayed('kh', EMPTY_HEAD, day(30), KNOWN_AT);
    expect(replays.length).toBe(asked);
    await cache.replayed('kh', EMPTY_HEAD, day(2), KNOWN_AT);
    expect(replays.slice(asked)).toEqual(['kh 2026-11-02']);
  });
});
