import { LedgerError } from '../ledger/errors.ts';
import { Ledger } from '../ledger/ledger.ts';
import { locationText } from '../ledger/location-text.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { CliError, EXIT_USAGE } from './exit.ts';
import { readKeyFile } from './key-file.ts';

/** The `--key` option every recording command takes. */
export const KEY_OPTION = [
  '--key <file>',
  'khóa riêng Ed25519 (PKCS#8) để ký; mặc định biến CCHC_KEY. Sổ mới có khóa là sổ có ký (định dạng 2) / the Ed25519 private key (PKCS#8) that signs; default $CCHC_KEY. A new ledger given a key is signed (format 2)',
] as const;

/**
 * Opens an NDJSON ledger to append to, signing with the key file given (or CCHC_KEY's). A workbook's ledger sheet is written only by the add-in
 * (which also keeps IndexedDB in step), so the command line refuses to write into an .xlsx.
 */
export async function openWritableLedger(file: string, keyFile?: string): Promise<{ ledger: Ledger; close(): Promise<void> }> {
  if (/\.xlsx$/i.test(file)) {
    throw new CliError(
      `${file}: sổ trong tệp Excel chỉ được ghi qua add-in; dòng lệnh ghi vào tệp .ndjson.`,
      `${file}: a workbook's ledger is written only through the add-in; the command line writes .ndjson files.`,
      EXIT_USAGE,
    );
  }
  const key = keyFile ?? process.env.CCHC_KEY;
  const signer = key ? await readKeyFile(key) : undefined;
  const store = await NdjsonStore.open(file).catch((error: unknown) => {
    throw error instanceof LedgerError ? new CliError(error.messageVi, error.messageEn, EXIT_USAGE) : error;
  });
  try {
    const ledger = await Ledger.open(store, signer ? { signer } : {});
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
