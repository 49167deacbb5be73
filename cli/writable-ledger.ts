import { LedgerError } from '../ledger/errors.ts';
import { Ledger } from '../ledger/ledger.ts';
import { locationText } from '../ledger/location-text.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { CliError, EXIT_USAGE } from './exit.ts';

/**
 * Opens an NDJSON ledger to append to. A workbook's ledger sheet is written only by the add-in
 * (which also keeps IndexedDB in step), so the command line refuses to write into an .xlsx.
 */
export async function openWritableLedger(file: string): Promise<{ ledger: Ledger; close(): Promise<void> }> {
  if (/\.xlsx$/i.test(file)) {
    throw new CliError(
      `${file}: sổ trong tệp Excel chỉ được ghi qua add-in; dòng lệnh ghi vào tệp .ndjson.`,
      `${file}: a workbook's ledger is written only through the add-in; the command line writes .ndjson files.`,
      EXIT_USAGE,
    );
  }
  const store = await NdjsonStore.open(file).catch((error: unknown) => {
    throw error instanceof LedgerError ? new CliError(error.messageVi, error.messageEn, EXIT_USAGE) : error;
  });
  try {
    const ledger = await Ledger.open(store);
    return { ledger, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  }
}

/** A refusal by the ledger, for the terminal: what, where (file, seq, item, field), in both languages. */
export function asCliError(file: string, error: LedgerError): CliError {
  const stored = error.details.where ? locationText(error.details.where) : null;
  const where = [
    stored?.en.startsWith('file') ? null : file,
    stored?.en,
    error.details.seq !== undefined && `seq ${error.details.seq}`,
    error.details.item && `item ${error.details.item}`,
    error.details.field && `field ${error.details.field}`,
  ]
    .filter(Boolean)
    .join(', ');
  const whereVi = stored ? where.replace(stored.en, stored.vi) : where;
  return new CliError(`${error.messageVi} (${whereVi}; mã lỗi ${error.code})`, `${error.messageEn} (${where}; code ${error.code})`);
}
