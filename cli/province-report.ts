import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { IsoInstant } from '../ledger/dates.ts';
import type { ConsolidatedReportInput } from '../templates/reports/consolidation.ts';
import { consolidatedDocumentBytes } from '../templates/reports/consolidated-docx.ts';
import { consolidatedReportBytes } from '../templates/reports/consolidated-workbook.ts';
import { parseProvinceManifest } from '../templates/reports/province-manifest.ts';
import { ConsolidationError, recordsOfLines, replayProvincePlan, type ProvincePlan } from '../templates/reports/province-plans.ts';
import type { ReportConfig } from '../templates/reports/report-config.ts';
import type { ReportPeriod } from '../templates/reports/report-period.ts';
import { ServiceError, type ServiceClient } from '../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './exit.ts';
import { openLedgerSource } from './ledger-source.ts';
import { precheckingBy } from './verify-pool.ts';

export interface ProvinceReportRequest {
  /** The manifest (province, agencies, plans); plans' files are relative to `directory`. */
  manifestFile: string;
  /** Where the exported ledgers are; default: the manifest's folder. */
  directory?: string;
  period: ReportPeriod;
  knownAt: IsoInstant;
  config: ReportConfig;
}

/**
 * The consolidated report of a province from a folder of exported plan ledgers (NDJSON, as
 * `cchc clone` or the service's export writes them) and a manifest naming the agencies and which
 * file holds which plan: no server needed. Returns the input (for the figures) and both files.
 */
export async function provinceReportFromDirectory(request: ProvinceReportRequest): Promise<{ input: ConsolidatedReportInput; workbook: Uint8Array; document: Uint8Array; ledgers: string[] }> {
  const { manifestFile, period, knownAt, config } = request;
  const directory = request.directory ?? dirname(manifestFile);
  try {
    const { province, plans } = parseProvinceManifest(await readManifest(manifestFile), manifestFile);
    const replayed: ProvincePlan[] = [];
    const ledgers: string[] = [];
    const prechecking = precheckingBy(undefined, { minLines: 0 });
    for (const { file, ...plan } of plans) {
      const path = resolve(directory, file);
      ledgers.push(path);
      const source = await openLedgerSource(path);
      try {
        replayed.push(await replayProvincePlan(plan, source.store.read(), { period, knownAt }, prechecking));
      } finally {
        await source.store.close();
      }
    }
    const input: ConsolidatedReportInput = { province, period, knownAt, config, plans: replayed };
    return { input, workbook: await consolidatedReportBytes(input), document: await consolidatedDocumentBytes(input), ledgers };
  } catch (error) {
    if (error instanceof ConsolidationError) throw new CliError(error.messageVi, error.messageEn, error.planId ? EXIT_FAILED : EXIT_USAGE);
    throw error;
  }
}

async function readManifest(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`Không đọc được tệp danh sách ${file}.`, `Cannot read the manifest ${file}.`, EXIT_USAGE);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`Tệp danh sách ${file} không phải JSON hợp lệ: ${(error as Error).message}`, `The manifest ${file} is not valid JSON: ${(error as Error).message}`, EXIT_USAGE);
  }
}

/**
 * The consolidated report of the province a service keeps, built here from what it serves: its
 * agencies, its plans and each plan's stored lines, every plan verified and replayed on this
 * computer (the service's own figures are not taken on trust). Returns the input and both files.
 */
export async function provinceReportFromService(
  client: ServiceClient,
  moment: { period: ReportPeriod; knownAt: IsoInstant; config: ReportConfig },
): Promise<{ input: ConsolidatedReportInput; workbook: Uint8Array; document: Uint8Array }> {
  const { period, knownAt, config } = moment;
  try {
    const [{ province }, agencies, plans] = await Promise.all([client.health(), client.agencies(), client.plans()]);
    if (!province) throw new CliError(`Dịch vụ ${client.base} chưa có tỉnh nào ("cchc serve init").`, `The service at ${client.base} holds no province yet ("cchc serve init").`, EXIT_FAILED);
    const keeper = plans.find((p) => p.scope === 'province')?.ownerAgencyId;
    const issuer = agencies.find((a) => a.id === keeper)?.officialName ?? 'Sở Nội vụ';
    const name = inSentence(province.name);
    // Plans are small and many: several are fetched and checked at once, their per-line checks
    // sharing one pool of worker threads, so that the workers always have lines to check.
    const prechecking = precheckingBy(undefined, { minLines: 0 });
    const sorted = [...plans].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const replayed = await inOrder(sorted, PLANS_AT_ONCE, async (plan) => {
      const { lines } = await client.pullAll(plan.id);
      return replayProvincePlan({ id: plan.id, agencyId: plan.ownerAgencyId, scope: plan.scope }, recordsOfLines(lines), { period, knownAt }, prechecking);
    });
    const input: ConsolidatedReportInput = {
      province: { name, issuer: `${issuer} ${name}`, agencies: agencies.map(({ id, officialName, level, parentId }) => ({ id, officialName, level, parentId })) },
      period,
      knownAt,
      config,
      plans: replayed,
    };
    return { input, workbook: await consolidatedReportBytes(input), document: await consolidatedDocumentBytes(input) };
  } catch (error) {
    if (error instanceof ConsolidationError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    if (error instanceof ServiceError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  }
}

/** Plans of the service fetched and verified at the same time. */
const PLANS_AT_ONCE = 8;

/**
 * `work` on every item, at most `atOnce` at a time; the results in the items' order, and the first
 * failure in that order (not the first in time) thrown, as one item after another would.
 */
async function inOrder<T, R>(items: readonly T[], atOnce: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: Array<Promise<R>> = [];
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < items.length && !failed) {
      const result = work(items[next]!);
      results[next++] = result;
      await result.catch(() => void (failed = true));
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
  const out: R[] = [];
  for (const result of results) out.push(await result);
  return out;
}

/** "Tỉnh Bến Tre" as it reads inside a sentence: "tỉnh Bến Tre". */
function inSentence(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố)\b/u, (word) => word.toLowerCase());
}
