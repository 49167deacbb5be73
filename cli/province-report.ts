import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { canonicalJson } from '../ledger/canonical-json.ts';
import type { IsoInstant } from '../ledger/dates.ts';
import { inOrder } from '../ledger/in-order.ts';
import type { Head, RawEvent } from '../ledger/store.ts';
import { ServiceError, type ServiceClient } from '../server/protocol/service-client.ts';
import type { ConsolidatedReportInput } from '../templates/reports/consolidation.ts';
import { consolidatedDocumentBytes } from '../templates/reports/consolidated-docx.ts';
import { consolidatedReportBytes } from '../templates/reports/consolidated-workbook.ts';
import { parseProvinceManifest } from '../templates/reports/province-manifest.ts';
import { ConsolidationError, recordsOfLines, replayProvincePlan, type ProvincePlan } from '../templates/reports/province-plans.ts';
import type { ReportConfig } from '../templates/reports/report-config.ts';
import { issuerInProvince } from '../templates/reports/report-document.ts';
import type { ReportPeriod } from '../templates/reports/report-period.ts';
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
  /** Read each plan named only up to this seq (the heads a report's proof names), the rest ignored. */
  upTo?: ReadonlyMap<string, number>;
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
        const upTo = request.upTo?.get(plan.id);
        const records = upTo === undefined ? source.store.read() : upToSeq(source.store.read(), upTo);
        replayed.push(await replayProvincePlan(plan, records, { period, knownAt }, prechecking));
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

/** The records up to the one of seq `last` (a record that cannot be read is passed on: verification says what it is). */
async function* upToSeq(records: AsyncIterable<RawEvent>, last: number): AsyncIterable<RawEvent> {
  for await (const record of records) {
    const seq = 'value' in record ? (record.value as { seq?: unknown } | null)?.seq : undefined;
    if (typeof seq === 'number' && seq > last) return;
    yield record;
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

/** Where a consolidated report's figures come from on the service: each plan's counted head and its place in the log. */
export interface ReportSources {
  plans: Array<{ planId: string; head: Head; position: number | null }>;
  /** The smallest tree size of a signed checkpoint holding every counted head (null: none signed yet). */
  checkpointSize: number | null;
}

/**
 * The consolidated report of the province a service keeps, built here from what it serves. By
 * default each plan's figures are the service's (ReportFigures): every event was checked when it was
 * appended, and the service keeps each plan's counts per (head, cut), so nothing is read or checked
 * again. With `fullCheck`, every plan's stored lines are pulled, verified (every signature) and
 * replayed on this computer, nothing taken on trust, and the service's figures must equal them.
 * Either way the same inputs give the same bytes. Returns the input, both files and the sources.
 */
export async function provinceReportFromService(
  client: ServiceClient,
  moment: { period: ReportPeriod; knownAt: IsoInstant; config: ReportConfig },
  options: { fullCheck?: boolean } = {},
): Promise<{ input: ConsolidatedReportInput; workbook: Uint8Array; document: Uint8Array; sources: ReportSources }> {
  const { period, knownAt, config } = moment;
  try {
    const [{ province }, agencies, answer] = await Promise.all([
      client.health(),
      client.agencies(),
      client.reportFigures({ from: period.from, to: period.to, knownAt }),
    ]);
    if (!province) throw new CliError(`Dịch vụ ${client.base} chưa có tỉnh nào ("cchc serve init").`, `The service at ${client.base} holds no province yet ("cchc serve init").`, EXIT_FAILED);
    const keeper = answer.plans.find((p) => p.scope === 'province')?.ownerAgencyId;
    const issuer = agencies.find((a) => a.id === keeper)?.officialName ?? 'Sở Nội vụ';
    const name = inSentence(province.name);
    const served: ProvincePlan[] = answer.plans.map((p) => ({ id: p.id, agencyId: p.ownerAgencyId, scope: p.scope, ...p.figures, knownAt }));
    const plans = options.fullCheck ? await checkedOnThisComputer(client, served, { period, knownAt }) : served;
    const input: ConsolidatedReportInput = {
      province: { name, issuer: issuerInProvince(issuer, name), agencies: agencies.map(({ id, officialName, level, parentId }) => ({ id, officialName, level, parentId })) },
      period,
      knownAt,
      config,
      plans,
    };
    const sources: ReportSources = {
      plans: answer.plans.map((p) => ({ planId: p.id, head: p.figures.head, position: p.position })),
      checkpointSize: answer.checkpointSize,
    };
    return { input, workbook: await consolidatedReportBytes(input), document: await consolidatedDocumentBytes(input), sources };
  } catch (error) {
    if (error instanceof ConsolidationError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    if (error instanceof ServiceError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  }
}

/**
 * Every plan the service counted, pulled whole, verified and replayed here; the figures the
 * service gave for it must be the same (else the service's kept figures are wrong, and said so).
 */
async function checkedOnThisComputer(client: ServiceClient, served: readonly ProvincePlan[], moment: { period: ReportPeriod; knownAt: IsoInstant }): Promise<ProvincePlan[]> {
  // Plans are small and many: several are fetched and checked at once, their per-line checks
  // sharing one pool of worker threads, so that the workers always have lines to check.
  const prechecking = precheckingBy(undefined, { minLines: 0 });
  return inOrder(served, PLANS_AT_ONCE, async (given) => {
    const { lines } = await client.pullAll(given.id);
    const replayed = await replayProvincePlan({ id: given.id, agencyId: given.agencyId, scope: given.scope }, recordsOfLines(lines), moment, prechecking);
    if (canonicalJson(replayed) !== canonicalJson(given)) {
      throw new CliError(
        `Số liệu dịch vụ ${client.base} đưa cho kế hoạch "${given.id}" (đến ghi nhận số ${given.head.seq}) khác số liệu kiểm tra và tính lại trên máy này (đến ghi nhận số ${replayed.head.seq}): không lập báo cáo; hãy báo người vận hành dịch vụ và chạy "cchc audit".`,
        `The figures the service at ${client.base} gave for plan "${given.id}" (up to seq ${given.head.seq}) differ from those verified and replayed here (up to seq ${replayed.head.seq}): no report is made; tell the service's operator and run "cchc audit".`,
        EXIT_FAILED,
      );
    }
    return replayed;
  });
}

/** Plans of the service fetched and verified at the same time. */
const PLANS_AT_ONCE = 8;

/** "Tỉnh Bến Tre" as it reads inside a sentence: "tỉnh Bến Tre". */
function inSentence(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố)\b/u, (word) => word.toLowerCase());
}
