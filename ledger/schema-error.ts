import type * as z from 'zod';
import { LedgerError } from './errors.ts';

/** A zod failure as a LedgerError that names the first bad field by its path ("data.effective"). */
export function schemaError(error: z.ZodError, details: { seq?: number; item?: string } = {}): LedgerError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || '(event)';
  const what = issue?.message ?? 'invalid';
  return new LedgerError(
    'schema',
    `Dữ liệu không đúng định dạng ở trường "${field}": ${what}.`,
    `Invalid event: field "${field}": ${what}.`,
    { ...details, field },
  );
}
