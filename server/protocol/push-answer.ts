import type { PendingEvent, Signer } from '../../ledger/signed-content.ts';
import type { Head, PushResult } from './bodies.ts';
import type { ServiceClient } from './service-client.ts';

/** The service accepts at most this many events in one push. */
export const PUSH_BATCH = 1_000;

/** An event the service refused, kept for its author with the reason. */
export interface RefusedEvent {
  refusedAt: string;
  error: { code: string; vi: string; en: string };
  event: PendingEvent;
}

export interface PushedPending {
  placed: number;
  already: number;
  refused: RefusedEvent[];
  /** Refused only for being stamped before events placed meanwhile: kept pending, to be stamped again after a pull. */
  deferred: number;
  /** Every answer, in the order received. */
  results: PushResult[];
}

/**
 * Sends `events` (pending, in the order recorded) expecting `expected`, in batches the service
 * accepts. After each answer, `kept(refused, remaining)` must make durable the refused events of that
 * batch and the events still pending (those not answered yet, or deferred) before the next batch. A
 * lost answer changes nothing: the next push sends the same events, which the service finds already
 * placed (by id) and does not place twice. With `keepLate`, the signer's own events refused as stamped
 * too early ('clock': another client pushed later events meanwhile) stay pending for a pull to stamp
 * them again (ledger/settle-pending.ts). The command line and the add-in share this.
 */
export async function pushPending(
  client: ServiceClient,
  planId: string,
  expected: Head,
  events: readonly PendingEvent[],
  options: { signer: Signer; keepLate?: boolean },
  kept: (refused: RefusedEvent[], remaining: PendingEvent[]) => Promise<void>,
): Promise<PushedPending> {
  const outcome: PushedPending = { placed: 0, already: 0, refused: [], deferred: 0, results: [] };
  const answeredIds = new Set<string>();
  for (let from = 0; from < events.length; from += PUSH_BATCH) {
    const batch = events.slice(from, from + PUSH_BATCH);
    const { results } = await client.push(planId, expected, batch);
    const byId = new Map(results.map((r) => [r.id, r]));
    const refusedAt = new Date().toISOString();
    const refused: RefusedEvent[] = [];
    for (const event of batch) {
      const result = byId.get(event.id);
      if (!result) continue;
      if (result.outcome === 'refused') {
        // Not one stamped ahead of this computer's clock: stamping again would not help it.
        if (options.keepLate && result.error.code === 'clock' && event.sig?.key === options.signer.fingerprint && event.at < refusedAt) {
          outcome.deferred++;
          continue;
        }
        refused.push({ refusedAt, error: { code: result.error.code, vi: result.error.vi, en: result.error.en }, event });
      }
      answeredIds.add(event.id);
    }
    await kept(refused, events.filter((e) => !answeredIds.has(e.id)));
    outcome.refused.push(...refused);
    outcome.placed += results.filter((r) => r.outcome === 'placed').length;
    outcome.already += results.filter((r) => r.outcome === 'already').length;
    outcome.results.push(...results);
  }
  return outcome;
}
