import { LedgerError } from '../../ledger/errors.ts';

/** A database failure as the ledger's typed, bilingual error: what was being done, and why it failed. */
export function storageError(doingVi: string, doingEn: string, error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const reason = reasonOf(error);
  return new LedgerError('storage', `Lỗi cơ sở dữ liệu khi ${doingVi}: ${reason}.`, `Database error while ${doingEn}: ${reason}.`);
}

/**
 * Whether a raw driver error means the database cannot be reached or lost the connection (the
 * caller should try again later), rather than a fault in the request or in our code.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNREACHABLE_SOCKET_CODES.has(code)) return true;
    // SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shutting down or starting).
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  }
  return /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(error.message);
}

const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** A server address fit to print: the password, if any, hidden. */
export function redactedUrl(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

function reasonOf(error: unknown): string {
  // A refused connection to a name with several addresses is an AggregateError with no message.
  if (error instanceof AggregateError && !error.message) return error.errors.map(reasonOf).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}
