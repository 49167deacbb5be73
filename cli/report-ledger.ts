import { readFile } from 'node:fs/promises';
import { endOfVietnamDay, parseUserDate, type IsoInstant } from '../ledger/dates.ts';
import { LedgerEvent } from '../ledger/events.ts';
import { locationText } from '../ledger/location-text.ts';
import type { RawEvent } from '../ledger/store.ts';
import { verify, type VerifyResult } from '../ledger/verify.ts';
import { parseReportConfig, ReportConfig, ReportConfigError } from '../templates/reports/report-config.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './exit.ts';
import { openLedgerSource } from './ledger-source.ts';
import { writeOutputFile } from './output-file.ts';

/**
 * What the report commands read: every event of the ledger (NDJSON or a workbook's ledger sheet)
 * and its verification. When the chain is broken, `events` are the intact ones before the problem.
 */
export async function readLedgerForReports(file: string): Promise<{ events: LedgerEvent[]; verification: VerifyResult }> {
  const source = await openLedgerSource(file);
  try {
    const records: RawEvent[] = [];
    for await (const record of source.store.read()) records.push(record);
    const verification = await verify(records);
    const intact = verification.ok ? verification.count : verification.countBeforeProblem;
    // Verified records parse; the parsed form is what replay folds.
    const events = records.slice(0, intact).map((r) => LedgerEvent.parse((r as { value: unknown }).value));
    return { events, verification };
  } finally {
    await source.store.close();
  }
}

/** Refuses to build a state from a broken chain: what a report says must come from an intact ledger. */
export function requireIntact(file: string, verification: VerifyResult): void {
  if (verification.ok) return;
  const where = locationText(verification.where);
  throw new CliError(
    `${file}: chuỗi không hợp lệ tại ghi nhận số ${verification.seq} (${where.vi}): ${verification.message_vi} Chạy "cchc audit" hoặc "cchc verify" để xem chi tiết.`,
    `${file}: the chain is broken at seq ${verification.seq} (${where.en}): ${verification.message_en} Run "cchc audit" or "cchc verify" for details.`,
    EXIT_FAILED,
  );
}

/**
 * `--known-at`: an instant (2021-03-16T10:00:00+07:00, …Z; without a zone it is Vietnam time), or a
 * date (2021-03-16, 16/03/2021), meaning the end of that day in Vietnam.
 */
export function parseKnownAt(text: string | undefined, now: () => Date = () => new Date()): IsoInstant {
  if (text === undefined) return now().toISOString();
  const date = parseUserDate(text);
  if (date) return endOfVietnamDay(date);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  const instant = m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}${m[6] ?? '+07:00'}`) : Number.NaN;
  if (!m || Number.isNaN(instant) || !parseUserDate(m[1]!)) {
    throw new CliError(
      `--known-at "${text}" không phải thời điểm hợp lệ: viết 2021-03-16, 16/03/2021 (hết ngày đó) hoặc 2021-03-16T10:00 (giờ Việt Nam).`,
      `--known-at "${text}" is not a moment: write 2021-03-16, 16/03/2021 (the end of that day) or 2021-03-16T10:00 (Vietnam time).`,
      EXIT_USAGE,
    );
  }
  return new Date(instant).toISOString();
}

/** The report configuration from `--config`, or the defaults; errors name the file and the field. */
export async function loadReportConfig(file: string | undefined): Promise<ReportConfig> {
  if (file === undefined) return ReportConfig.parse({});
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`Không đọc được tệp cấu hình ${file}.`, `Cannot read the configuration file ${file}.`, EXIT_USAGE);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `Tệp cấu hình ${file} không phải JSON hợp lệ: ${(error as Error).message}`,
      `The configuration file ${file} is not valid JSON: ${(error as Error).message}`,
      EXIT_USAGE,
    );
  }
  try {
    return parseReportConfig(json, file);
  } catch (error) {
    if (error instanceof ReportConfigError) throw new CliError(error.messageVi, error.messageEn, EXIT_USAGE);
    throw error;
  }
}

/** A report command's output: never over the ledger it read, another ledger, or an existing file without --force. */
export async function writeOutput(file: string, bytes: Uint8Array, ledger: string, force = false): Promise<void> {
  await writeOutputFile(file, bytes, { inputs: [ledger], force });
}
