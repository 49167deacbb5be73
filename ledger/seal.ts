import { sha256Hex } from '#digest';
import { canonicalJson } from './canonical-json.ts';
import type { LedgerEvent } from './events.ts';

/**
 * Unicode NFC for every string, keys included: Vietnamese typed or pasted in decomposed form
 * ("ê" as e + U+0302) must hash, compare and display the same as the composed form.
 * Also drops `undefined` members so that what is hashed is exactly what JSON will store.
 */
export function normalizeText<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) return value.map(normalizeText) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k.normalize('NFC')] = normalizeText(v);
    }
    return out as T;
  }
  return value;
}

/** RFC 8785 canonical JSON of the event without its `hash`: the one serializer sealing and verify share. */
export function canonicalBody(event: Omit<LedgerEvent, 'hash'> | LedgerEvent): string {
  return canonicalJson(event, 'hash');
}

/** The hash an event must carry: SHA-256 over the canonical JSON of the event without `hash`. */
export function computeHash(event: Omit<LedgerEvent, 'hash'> | LedgerEvent): string {
  return sha256Hex(canonicalBody(event));
}

/** Completes an event body with its hash. The body must already be NFC-normalised. */
export function seal(body: Omit<LedgerEvent, 'hash'>): LedgerEvent {
  return { ...body, hash: computeHash(body) } as LedgerEvent;
}
