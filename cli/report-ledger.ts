import { readFile } from 'node:fs/promises';
import { endOfVietnamDay, parseUserDate, type IsoInstant } from '../ledger/dates.ts';
import { LedgerEvent } from '../ledger/events.ts';
import { locationText } from '../ledger/location-text.ts';
import type { RawEvent } from '../ledger/store.ts';
import { verify, type VerifyResult } from '../ledger/verify.ts';
import { parseReportConfig, ReportConfig, ReportConfigError } from '../templates/reports/report-config.ts';
import type { ReportPeriod } from '../templates/reports/report-period.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './exit.ts';
import { openLedgerSource } from './ledger-source.ts';
import { writeOutputFile } from './output-file.ts';
import { recordsWithProgress } from './progress.ts';
import { precheckingBy } from './verify-pool.ts';
import { vietnamClockText } from './vietnam-time.ts';

/**
 * What the report commands read: every event of the ledger (NDJSON or a workbook's ledger sheet)
 * and its verification. When the chain is broken, `events` are the intact ones before the problem.
 */
export async function readLedgerForReports(file: string): Promise<{ events: LedgerEvent[]; verification: VerifyResult }> {
  const source = await openLedgerSource(file);
  try {
    const records: RawEvent[] = [];
    for await (const record of recordsWithProgress(source, 'Đọc sổ / reading the ledger', false)) records.push(record);
    const verification = await verify(records, { prechecking: precheckingBy() });
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
 * `--known-at`: an instant (2021-03-16T10:00, 16/03/2021 10:00, …+07:00, …Z; without a zone it is
 * Vietnam time), or a date (2021-03-16, 16/03/2021), meaning the end of that day in Vietnam.
 */
export function parseKnownAt(text: string | undefined, now: () => Date = () => new Date()): IsoInstant {
  if (text === undefined) return now().toISOString();
  const date = parseUserDate(text);
  if (date) return endOfVietnamDay(date);
  const m = /^(\S+?)(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  const day = m ? parseUserDate(m[1]!) : null;
  const instant = m && day ? Date.parse(`${day}T${m[2]!.padStart(2, '0')}:${m[3]}:${m[4] ?? '00'}${m[5] ?? ''}${m[6] ?? '+07:00'}`) : Number.NaN;
  if (Number.isNaN(instant)) {
    throw new CliError(
      `--known-at "${text}" không phải thời điểm hợp lệ: viết 2021-03-16, 16/03/2021 (hết ngày đó), 2021-03-16T10:00 hoặc "16/03/2021 10:00" (giờ Việt Nam).`,
      `--known-at "${text}" is not a moment: write 2021-03-16, 16/03/2021 (the end of that day), 2021-03-16T10:00 or "16/03/2021 10:00" (Vietnam time).`,
      EXIT_USAGE,
    );
  }
  return new Date(instant).toISOString();
}

/**
 * What a report may be asked: a period of the plan's year, as known at a moment after the plan was
 * imported (before it the ledger held nothing to report). A moment still to come is allowed, but
 * the report would then change as events are recorded: the warning returned says so.
 */
export function checkReportMoment(events: readonly LedgerEvent[], period: ReportPeriod, knownAt: IsoInstant, now: Date): { warningVi: string; warningEn: string } | null {
  const imported = events.find((e) => e.type === 'plan.imported');
  if (!imported || imported.type !== 'plan.imported') return null;
  const year = imported.data.plan.year;
  if (period.year !== year) {
    const periods = ['Q1', 'H1', 'Q3', '9M', 'Y'].map((kind) => `${year}-${kind}`).join(', ');
    throw new CliError(
      `--period ${period.id} nằm ngoài năm của kế hoạch trong sổ (kế hoạch năm ${year}); viết một trong ${periods}.`,
      `--period ${period.id} is outside the year of the ledger's plan (${year}); write one of ${periods}.`,
      EXIT_USAGE,
    );
  }
  if (Date.parse(knownAt) < Date.parse(imported.at)) {
    throw new CliError(
      `--known-at ${vietnamClockText(knownAt)} là trước khi kế hoạch được nhập vào sổ (${vietnamClockText(imported.at)}, giờ Việt Nam): khi đó sổ chưa có gì để báo cáo.`,
      `--known-at ${vietnamClockText(knownAt)} is before the plan was imported into the ledger (${vietnamClockText(imported.at)}, Vietnam time): the ledger held nothing to report then.`,
      EXIT_USAGE,
    );
  }
  if (Date.parse(knownAt) <= now.getTime()) return null;
  return {
    warningVi: `Cảnh báo: --known-at ${vietnamClockText(knownAt)} là thời điểm chưa tới (bây giờ là ${vietnamClockText(now.toISOString())}); báo cáo tính mọi ghi nhận đến nay, lập lại sau có thể khác.`,
    warningEn: `Warning: --known-at ${vietnamClockText(knownAt)} is still to come (it is now ${vietnamClockText(now.toISOString())}); the report counts every event so far, and made again later it may differ.`,
  };
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
