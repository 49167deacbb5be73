import { LedgerEvent } from './events.ts';
import { schemaFastPath, type FastPath } from './schema-fast-path.ts';

let eventSchemaFastPath: FastPath | undefined;

/**
 * The event zod would make of the value, without zod where it would not change it
 * (ledger/schema-fast-path.ts); else ASK_ZOD. Built at first use: a short `cchc verify` pays for it once.
 */
export function eventFastPath(value: unknown): unknown {
  eventSchemaFastPath ??= schemaFastPath(LedgerEvent);
  return eventSchemaFastPath(value);
}
