// A worker thread of the verify pool (cli/verify-pool.ts): for each stored line it is sent, what can
// be checked without the rest of the chain, answered as flags per line. Only good news counts: the
// checks in order (ledger/verify.ts) make again whatever a flag does not say holds.
import { parentPort } from 'node:worker_threads';
import { sha256Hex } from '#digest';
import { verifyEd25519 } from '#ed25519';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { FORMAT_SIGNED, LedgerEvent } from '../ledger/events.ts';
import { eventFastPath } from '../ledger/event-fast-path.ts';
import { ASK_ZOD } from '../ledger/schema-fast-path.ts';
import { signedContent } from '../ledger/signed-content.ts';
import { canonicalBodyOfLine } from '../ledger/stored-line.ts';
import { HASH_HOLDS, SCHEMA_HOLDS, SIGNATURE_HOLDS, type PrecheckBatch } from './verify-pool-messages.ts';

parentPort!.on('message', ({ id, ledgerId, keys, lines }: PrecheckBatch) => {
  const publicKeys = new Map(keys);
  const flags = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) flags[i] = precheck(lines[i]!, ledgerId, publicKeys);
  parentPort!.postMessage({ id, flags }, [flags.buffer]);
});

/** Whether `event` (with its hash) is the JSON whose canonical body is `body`. */
function sameJson(event: LedgerEvent, body: string): boolean {
  try {
    return canonicalJson(event, 'hash') === body;
  } catch {
    return false;
  }
}

function precheck(line: string | null, ledgerId: string | null, publicKeys: Map<string, string>): number {
  if (line === null) return 0;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    return 0;
  }
  if (value === null || typeof value !== 'object') return 0;
  let flags = 0;
  let body: string | null = null;
  try {
    if (value.v === FORMAT_SIGNED) {
      const checked = canonicalBodyOfLine(line, value);
      if ('body' in checked) body = checked.body;
    } else {
      body = canonicalJson(value, 'hash');
    }
  } catch {
    body = null;
  }
  if (body !== null && sha256Hex(body) === value.hash) flags |= HASH_HOLDS;
  let event: LedgerEvent;
  const fast = eventFastPath(value);
  if (fast !== ASK_ZOD) {
    // Zod's own verdict and output (ledger/schema-fast-path.ts), without building its issues.
    event = fast as LedgerEvent;
    if (body !== null) flags |= SCHEMA_HOLDS;
  } else {
    const parsed = LedgerEvent.safeParse(value);
    if (!parsed.success) return flags;
    event = parsed.data;
    // Zod stays the one judge of the schema: when its output is the value itself (the same JSON, keys
    // in any order: no default filled in), the checks in order take the value as the event.
    if (body !== null && sameJson(event, body)) flags |= SCHEMA_HOLDS;
  }
  const sig = event.sig;
  const publicKey = ledgerId !== null && sig ? publicKeys.get(sig.key) : undefined;
  // The content signed is the event as the schema reads it (defaults filled in), as in the checks in order.
  if (publicKey !== undefined && verifyEd25519(publicKey, signedContent(ledgerId!, event, sig!.key), sig!.value)) flags |= SIGNATURE_HOLDS;
  return flags;
}
