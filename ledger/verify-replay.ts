import { project } from './project.ts';
import { emptyState, type ReplayOptions } from './replay.ts';
import type { LedgerState } from './state.ts';
import type { RawEvent } from './store.ts';
import { ChainChecker, isFailure, withPrechecks, type VerifyOptions, type VerifyResult } from './verify.ts';
import { freezeState } from './item-entries.ts';

export type VerifyReplayOptions = ReplayOptions & Omit<VerifyOptions, 'rules'>;

/**
 * Verifies a stored ledger (everything `verify` checks, the rules included) and replays it at
 * (`knownAt`, `validAt`), in one streaming pass: the state the rules build as they check is
 * projected to `validAt`. Events recorded after `knownAt` are a tail of the chain (recorded times
 * never go back), checked but not in the state. When the chain breaks, the state is that of the
 * intact events before the problem.
 */
export async function verifyAndReplay(
  records: AsyncIterable<RawEvent> | Iterable<RawEvent>,
  options: VerifyReplayOptions = {},
): Promise<{ verification: VerifyResult; state: LedgerState }> {
  const { knownAt, validAt } = emptyState(options);
  const checker = new ChainChecker({ ...options, rules: true });
  let known: LedgerState | null = null;
  for await (const { raw, precheck } of withPrechecks(records, options)) {
    if (known === null && 'value' in raw && isRecordedAfter(raw.value, knownAt)) {
      // The checker goes on folding in place: the view at knownAt gets lists of its own.
      known = project(checker.state!, validAt, { knownAt, copy: true });
    }
    if (isFailure(checker.check(raw, precheck))) break;
  }
  const verification = checker.end();
  const state = known ?? project(checker.state!, validAt, { knownAt });
  return { verification, state: freezeState(state) };
}

function isRecordedAfter(value: unknown, knownAt: string): boolean {
  const at = value !== null && typeof value === 'object' ? (value as { at?: unknown }).at : undefined;
  return typeof at === 'string' && at > knownAt;
}
