import { LedgerError } from '../../ledger/errors.ts';

/** A database failure as the ledger's typed, bilingual error: what was being done, and why it failed. */
export function storageError(doingVi: string, doingEn: string, error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const reason = reasonOf(error);
  return new LedgerError('storage', `Lỗi cơ sở dữ liệu khi ${doingVi}: ${reason}.`, `Database error while ${doingEn}: ${reason}.`);
}

/** A server address fit to print: the password, if any, hidden. */
export function redactedUrl(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function reasonOf(error: unknown): string {
  // A refused connection to a name with several addresses is an AggregateError with no message.
  if (error instanceof AggregateError && !error.message) return error.errors.map(reasonOf).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
