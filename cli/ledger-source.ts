import { stat } from 'node:fs/promises';
import { LedgerError } from '../ledger/errors.ts';
import type { EventStore } from '../ledger/store.ts';
import { notRegularFile } from '../ledger/stores/file-kind.ts';
import { NdjsonStore } from '../ledger/stores/ndjson-store.ts';
import { LEDGER_SHEET_NAME } from '../ledger/stores/sheet-rows.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './exit.ts';

/** A ledger opened by path for reading: an NDJSON file, or the ledger sheet of a workbook (read-only). */
export type LedgerSource =
  | { kind: 'ndjson'; file: string; store: NdjsonStore }
  | { kind: 'workbook'; file: string; store: EventStore };

export async function openLedgerSource(file: string): Promise<LedgerSource> {
  const kind = /\.xlsx$/i.test(file) ? 'workbook' : /\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : null;
  if (!kind) {
    throw new CliError(
      `${file}: không nhận ra loại sổ. Sổ là tệp .ndjson, hoặc tệp Excel .xlsx có trang sổ ${LEDGER_SHEET_NAME}.`,
      `${file}: not a ledger type this program knows. A ledger is an .ndjson file, or an .xlsx workbook holding the ${LEDGER_SHEET_NAME} sheet.`,
      EXIT_USAGE,
    );
  }
  const info = await stat(file).catch(() => null);
  if (!info) throw new CliError(`Không tìm thấy tệp ${file}.`, `File not found: ${file}.`, EXIT_USAGE);
  const notRegular = notRegularFile(file, info);
  if (notRegular) throw new CliError(notRegular.vi, notRegular.en, EXIT_USAGE);
  if (kind === 'ndjson') {
    try {
      return { kind, file, store: await NdjsonStore.open(file) };
    } catch (error) {
      if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
      throw error;
    }
  }
  // exceljs and the workbook guard load only for a workbook: an .ndjson ledger starts at once.
  const [{ hasLedgerSheet, loadWorkbook, workbookLedgerStore }, { guardWorkbook, readInputFile }] = await Promise.all([
    import('../templates/workbook-ledger/workbook-ledger.ts'),
    import('./workbook-guard.ts'),
  ]);
  const bytes = await readInputFile(file).catch((error: unknown) => {
    if (error instanceof CliError) throw error;
    throw new CliError(`Không đọc được tệp ${file}: ${(error as Error).message}`, `Cannot read ${file}: ${(error as Error).message}`, EXIT_FAILED);
  });
  await guardWorkbook(bytes, file);
  const workbook = await loadWorkbook(bytes).catch((error: unknown) => {
    throw new CliError(
      `Không đọc được ${file} như một tệp Excel (.xlsx): ${(error as Error).message}`,
      `Could not read ${file} as an Excel workbook (.xlsx): ${(error as Error).message}`,
      EXIT_FAILED,
    );
  });
  if (!hasLedgerSheet(workbook)) {
    throw new CliError(
      `Tệp ${file} không có trang sổ theo dõi (${LEDGER_SHEET_NAME}): sổ chưa được lưu vào tệp này.`,
      `${file} holds no ledger sheet (${LEDGER_SHEET_NAME}): no ledger was saved into this workbook.`,
      EXIT_FAILED,
    );
  }
  return { kind, file, store: workbookLedgerStore(workbook, { readOnly: true }) };
}
