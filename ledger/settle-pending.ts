import type { PendingEvent, Signer } from './signed-content.ts';
import { signedContent } from './signed-content.ts';
import type { ChainChecker } from './verify.ts';

/**
 * The pending events as they stand after the copy (read through `checker`) has moved on:
 *
 * - an event already on the copy's chain (by id: placed by a push whose answer was lost) leaves;
 * - an event of `signer`'s stamped before the copy's last event is stamped again at that event's
 *   time and signed again (same id, same content otherwise). A chain's `at` never goes back (what
 *   `--known-at` reproduces rests on it), so the service refuses an event recorded offline before
 *   events it has since placed; what the event says reached the shared ledger only now.
 *
 * The same copy gives the same events: a push retried after a lost answer sends the same bytes,
 * which the service finds already placed.
 */
export async function settlePending(pending: readonly PendingEvent[], checker: ChainChecker, signer: Signer): Promise<PendingEvent[]> {
  const onChain = checker.state!.events;
  const lastAt = checker.lastAt;
  const ledgerId = checker.keys.ledgerId;
  const settled: PendingEvent[] = [];
  for (const event of pending) {
    if (onChain.has(event.id)) continue;
    if (event.at >= lastAt || event.sig?.key !== signer.fingerprint || ledgerId === null) {
      settled.push(event);
      continue;
    }
    const restamped = { ...event, at: lastAt } as PendingEvent;
    const value = await signer.sign(signedContent(ledgerId, restamped, signer.fingerprint));
    settled.push({ ...restamped, sig: { alg: 'Ed25519', key: signer.fingerprint, value } } as PendingEvent);
  }
  return settled;
}
