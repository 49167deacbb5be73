import { basename } from 'node:path';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { replay } from '../../ledger/replay.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { checkReportProof, reportProofFile } from '../../ledger/tlog/report-proof.ts';
import { parseNote } from '../../ledger/tlog/signed-note.ts';
import { signedCheckpoint } from '../../server/protocol/log-witness.ts';
import type { ServiceClient } from '../../server/protocol/service-client.ts';
import { completionOf, completionTextVi, countedUnitOf } from '../../templates/reports/completion-rate.ts';
import { PROVENANCE_SHEET_NAME } from '../../templates/reports/consolidated-workbook.ts';
import { consolidate, type ConsolidatedReportInput } from '../../templates/reports/consolidation.ts';
import { documentNameBeside } from '../../templates/reports/report-docx.ts';
import { issuedReport } from '../../templates/reports/report-issued.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { tallyAll } from '../../templates/reports/tally.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { replaceFile, writeOutputFile } from '../output-file.ts';
import { issueOnService, provinceReportProof } from '../province-proof.ts';
import { provinceReportFromDirectory, provinceReportFromService, type ReportSources } from '../province-report.ts';
import { checkReportMoment, loadReportConfig, parseKnownAt, readLedgerForReports, requireIntact, writeOutput } from '../report-ledger.ts';
import { connectService } from '../sync/clone-sync.ts';
import { vietnamClockText } from '../vietnam-time.ts';
import { asCliError, KEY_OPTION, openWritableLedger, placeText } from '../writable-ledger.ts';

interface ReportOptions {
  key?: string;
  period: string;
  knownAt?: string;
  out?: string;
  force?: boolean;
  config?: string;
  anchor?: boolean;
  actor?: string;
  unit?: string;
  province?: string;
  server?: string;
  fullCheck?: boolean;
  logKey?: string;
  witness: string[];
  witnessesNeeded?: string;
}

export function register(program: Command): void {
  program
    .command('report')
    .description(
      'Lập báo cáo định kỳ (quý I, 6 tháng, quý III, 9 tháng, năm) theo thời gian chốt số liệu, trình bày theo Nghị định 30/2020.\n' +
        'Build the period report workbook (cut-off dates, summary by area and lead agency, overdue list, items, changes).',
    )
    .argument('[ledger]', 'sổ: tệp .ndjson hoặc tệp Excel có trang sổ / the ledger: .ndjson, or a workbook with its ledger sheet')
    .option(
      '--province <manifest.json>',
      'báo cáo tổng hợp của tỉnh từ danh sách cơ quan và các sổ .ndjson xuất ra cùng thư mục (thay cho <ledger>) / the consolidated report of a province from a manifest and the exported ledgers beside it (instead of <ledger>)',
    )
    .option(
      '--server <url>',
      'báo cáo tổng hợp của tỉnh từ dịch vụ của tỉnh: số liệu từng kế hoạch dịch vụ giữ, từ các ghi nhận đã kiểm tra khi ghi (thay cho <ledger>; cần --key) / the consolidated report of the province a service keeps: each plan\'s figures as the service keeps them, from events checked when recorded (instead of <ledger>; needs --key)',
    )
    .option(
      '--full-check',
      'với --server: tải mọi sổ về, kiểm tra mọi chữ ký và tính lại từng kế hoạch trên máy này, đối chiếu với số liệu dịch vụ đưa (mặc định: số liệu dịch vụ giữ, từ các ghi nhận đã kiểm tra khi ghi) / with --server: pull every ledger, verify every signature and replay every plan here, and compare with the figures the service gives (default: the figures the service keeps, from events checked when they were recorded)',
    )
    .requiredOption('--period <period>', 'kỳ báo cáo: 2021-Q1 | 2021-H1 | 2021-Q3 | 2021-9M | 2021-Y')
    .option('--known-at <moment>', 'chỉ tính ghi nhận đến thời điểm này, giờ Việt Nam (mặc định: bây giờ): 16/03/2021 (hết ngày), "16/03/2021 10:00" hoặc 2021-03-16T10:00 / data recorded up to this moment, Vietnam time (default now)')
    .option('--out <file.xlsx>', 'tệp báo cáo (mặc định bao-cao-<kỳ>.xlsx); văn bản Word .docx cùng tên ghi bên cạnh / output file; the Word document is written beside it')
    .option('--force', 'ghi đè tệp kết quả đã có (không bao giờ ghi đè sổ hay tệp đầu vào) / overwrite an existing output (never the ledger or an input)')
    .option('--config <rules.json>', 'thời gian chốt số liệu, ngưỡng Chỉ số PAR, cơ quan ban hành / periods, PAR thresholds, issuer')
    .option(
      '--anchor',
      'ghi sự kiện "phát hành báo cáo" (mã SHA-256 của tệp Excel và Word) vào sổ .ndjson; với --server: vào kế hoạch của tỉnh trên dịch vụ, rồi lưu bằng chứng (<báo cáo>.log-proof.json) / record report.issued (both files) in the ledger; with --server: on the province\'s plan at the service, then keep the proof (<report>.log-proof.json)',
    )
    .option('--actor <name>', 'người phát hành, cần với --anchor vào sổ .ndjson / who issues it (with --anchor into a ledger)')
    .option('--unit <unit>', 'cơ quan, đơn vị, cần với --anchor vào sổ .ndjson / their agency (with --anchor into a ledger)')
    .option('--log-key <vkey>', 'với --server --anchor: khóa xác minh nhật ký do tỉnh công bố / with --server --anchor: the log\'s verifier key as the province publishes it')
    .option('--witness <vkey>', 'với --server --anchor: chờ điểm kiểm được nhân chứng này đồng ký; lặp lại / with --server --anchor: wait for a checkpoint this witness cosigned; repeat', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .option('--witnesses-needed <k>', 'số nhân chứng phải đồng ký; mặc định tất cả / how many must cosign; default all')
    .option(...KEY_OPTION)
    .action(async (file: string | undefined, options: ReportOptions) => {
      if ([file, options.province, options.server].filter((given) => given !== undefined).length !== 1) {
        throw new CliError(
          'Cần đúng một trong ba: <ledger> (báo cáo của một kế hoạch), --province <manifest.json> hoặc --server <url> (báo cáo tổng hợp của tỉnh).',
          'Give exactly one of <ledger> (the report of one plan), --province <manifest.json> or --server <url> (the consolidated report of a province).',
          EXIT_USAGE,
        );
      }
      if (options.fullCheck && options.server === undefined) {
        throw new CliError('--full-check chỉ dùng với --server (báo cáo của một sổ và báo cáo từ --province luôn kiểm tra mọi sổ).', '--full-check goes with --server only (a report of one ledger or from --province always verifies every ledger).', EXIT_USAGE);
      }
      const config = await loadReportConfig(options.config);
      const period = resolvePeriod(options.period, config);
      if (!period) {
        throw new CliError(
          `--period "${options.period}" không phải kỳ báo cáo: viết 2021-Q1, 2021-H1, 2021-Q3, 2021-9M hoặc 2021-Y.`,
          `--period "${options.period}" is not a report period: write 2021-Q1, 2021-H1, 2021-Q3, 2021-9M or 2021-Y.`,
          EXIT_USAGE,
        );
      }
      if (options.anchor && options.province !== undefined) {
        throw new CliError('--anchor dùng cho báo cáo của một sổ hoặc từ dịch vụ (--server).', '--anchor is for the report of one ledger or from a service (--server).', EXIT_USAGE);
      }
      if (options.anchor && file !== undefined && (!options.actor || !options.unit)) {
        throw new CliError('--anchor cần --actor và --unit (người phát hành báo cáo).', '--anchor needs --actor and --unit (who issues the report).', EXIT_USAGE);
      }
      const now = new Date();
      const knownAt = parseKnownAt(options.knownAt, () => now);
      if (options.province !== undefined || options.server !== undefined) {
        const out = options.out ?? `bao-cao-tong-hop-${period.id}.xlsx`;
        if (options.province !== undefined) {
          const { input, workbook, document, ledgers } = await provinceReportFromDirectory({ manifestFile: options.province, period, knownAt, config });
          await writeProvinceReport({ input, workbook, document }, out, { inputs: [options.province, ...ledgers], force: options.force ?? false });
        } else {
          const { client, signer } = await connectService(options.server!, options.key);
          const report = await provinceReportFromService(client, { period, knownAt, config }, { fullCheck: options.fullCheck ?? false });
          await writeProvinceReport(report, out, { inputs: [], force: options.force ?? false });
          process.stdout.write(await sourcesText(client, report.sources, options.fullCheck ?? false));
          if (options.anchor) await anchorOnService(client, signer, report, out, options);
        }
        return;
      }
      // Without --province, the check above made sure a ledger was given.
      file = file!;
      const out = options.out ?? `bao-cao-${period.id}.xlsx`;

      const { events, verification } = await readLedgerForReports(file);
      requireIntact(file, verification);
      const warning = checkReportMoment(events, period, knownAt, now);
      if (warning && options.knownAt !== undefined) process.stderr.write(`${warning.warningVi}\n${warning.warningEn}\n`);
      const state = replay(events, { knownAt, validAt: period.to });
      const issued = await issuedReport({ state, events, period, config, verification }, knownAt, basename(out));
      await writeOutput(out, issued.workbook.bytes, file, options.force);
      const documentOut = documentNameBeside(out);
      await writeOutput(documentOut, issued.document.bytes, file, options.force);
      const completion = completionOf(tallyAll(state, period));
      process.stdout.write(
        `Đã lập báo cáo / report written: ${out}\n` +
          `  kỳ ${period.id}: số liệu ${formatVietnameseDate(period.from)}–${formatVietnameseDate(period.to)}, ghi nhận đến ${vietnamClockText(knownAt)} (giờ Việt Nam)\n` +
          `  sổ đến ghi nhận số ${state.head.seq} (${state.head.hash.slice(0, 12)}); hoàn thành ${completionTextVi(completion, countedUnitOf(state))}\n` +
          `  SHA-256 ${issued.workbook.sha256}\n` +
          `Văn bản Word / Word document: ${documentOut}\n` +
          `  SHA-256 ${issued.document.sha256}\n`,
      );

      if (options.anchor) {
        const person = options.actor !== undefined && options.unit !== undefined ? { name: options.actor, unit: options.unit } : undefined;
        const { ledger, close, waitingToSync } = await openWritableLedger(file, options.key, person);
        try {
          const [event] = await ledger.append({
            type: 'report.issued',
            actor: { name: options.actor!, unit: options.unit! },
            data: issued.anchor,
          });
          sayIfStampedAhead([event!]);
          process.stdout.write(
            waitingToSync
              ? `Đã ghi mốc / anchored: report.issued, ${placeText(true, event!)}\n`
              : `Đã ghi mốc vào sổ / anchored: seq ${event!.seq} report.issued ${event!.hash.slice(0, 12)}\n`,
          );
        } catch (error) {
          throw error instanceof LedgerError ? asCliError(file, error) : error;
        } finally {
          await close();
        }
      }
    });
}

/** The consolidated report (from a manifest or a service): both files written, the figures printed. */
async function writeProvinceReport(
  { input, workbook, document }: { input: ConsolidatedReportInput; workbook: Uint8Array; document: Uint8Array },
  out: string,
  options: { inputs: string[]; force: boolean },
): Promise<void> {
  const { period, knownAt } = input;
  const documentOut = documentNameBeside(out);
  await writeOutputFile(out, workbook, options);
  await writeOutputFile(documentOut, document, options);
  const c = consolidate(input);
  process.stdout.write(
    `Đã lập báo cáo tổng hợp / consolidated report written: ${out}\n` +
      `  kỳ ${period.id}: số liệu ${formatVietnameseDate(period.from)}–${formatVietnameseDate(period.to)}, ghi nhận đến ${vietnamClockText(knownAt)} (giờ Việt Nam)\n` +
      `  ${input.plans.length} kế hoạch; các cơ quan, đơn vị hoàn thành ${completionTextVi(completionOf(c.agencyTotal), c.unit)}; ${c.withoutData.length} cơ quan chưa có số liệu\n` +
      c.provincePlans.map((p) => `  kế hoạch của tỉnh (${p.plan.id}): hoàn thành ${completionTextVi(p.completion, p.unit)}\n`).join('') +
      `  SHA-256 ${sha256HexBytes(workbook)}\n` +
      `Văn bản Word / Word document: ${documentOut}\n` +
      `  SHA-256 ${sha256HexBytes(document)}\n`,
  );
}

/**
 * Where the figures came from: each plan's counted head is in the workbook's provenance sheet; here,
 * how they were checked and the transparency log's checkpoint that holds every one of those heads.
 */
async function sourcesText(client: ServiceClient, sources: ReportSources, fullCheck: boolean): Promise<string> {
  const counted = sources.plans.filter((p) => p.position !== null).length;
  const how = fullCheck
    ? `  ${sources.plans.length} sổ tải về, kiểm tra mọi chữ ký và tính lại trên máy này; trùng số liệu dịch vụ giữ / ${sources.plans.length} ledgers pulled, every signature verified and replayed here; equal to the service's figures\n`
    : `  số liệu dịch vụ giữ cho ${sources.plans.length} sổ (mỗi ghi nhận đã kiểm tra khi ghi; kiểm tra lại toàn bộ: --full-check) / the service's kept figures of ${sources.plans.length} ledgers (each event checked when recorded; re-check everything: --full-check)\n`;
  if (sources.checkpointSize === null) {
    return `${how}  nhật ký minh bạch chưa có điểm kiểm chứa ghi nhận cuối của ${counted} sổ / the transparency log has no checkpoint holding the ${counted} ledgers' counted heads yet\n`;
  }
  const note = await signedCheckpoint(client, { size: sources.checkpointSize });
  const { origin, size, root } = parseCheckpoint(parseNote(note).text);
  return (
    how +
    `  ghi nhận cuối được tính của ${counted} sổ (trang "${PROVENANCE_SHEET_NAME}") nằm trong điểm kiểm / the counted heads of ${counted} ledgers are in the checkpoint ` +
    `${origin} ${size} ${toBase64(root)} (${client.base}/log/checkpoint?size=${size})\n`
  );
}

/**
 * The consolidated report's issuance recorded on the province's plan at the service (report.issued,
 * both files' SHA-256), then, once the log has signed a checkpoint holding it, the proof beside each
 * file: that checkpoint, the event's inclusion proof and every counted head's (its sources).
 */
async function anchorOnService(
  client: ServiceClient,
  signer: Signer,
  report: Awaited<ReturnType<typeof provinceReportFromService>>,
  out: string,
  options: ReportOptions,
): Promise<void> {
  const keeper = consolidate(report.input).provincePlans[0];
  if (!keeper) {
    throw new CliError(
      'Báo cáo không tính kế hoạch nào của tỉnh: không có sổ để ghi sự kiện phát hành (--anchor).',
      "The report counts no plan of the province: there is no ledger to record its issuance on (--anchor).",
      EXIT_FAILED,
    );
  }
  const documentOut = documentNameBeside(out);
  const files = [
    { path: out, name: basename(out), sha256: sha256HexBytes(report.workbook) },
    { path: documentOut, name: basename(documentOut), sha256: sha256HexBytes(report.document) },
  ];
  const issued = await issueOnService(client, signer, {
    planId: keeper.plan.id,
    head: keeper.plan.head,
    period: report.input.period,
    knownAt: report.input.knownAt,
    file: { name: files[0]!.name, sha256: files[0]!.sha256 },
    document: { name: files[1]!.name, sha256: files[1]!.sha256 },
  });
  process.stdout.write(`Đã ghi mốc / anchored: report.issued, kế hoạch / plan ${issued.planId}, số / seq ${issued.seq}\n`);
  const say = (text: string) => process.stderr.write(text);
  const witnesses = options.witness.length > 0 ? { witnesses: options.witness, ...(options.witnessesNeeded !== undefined && { witnessesNeeded: Number(options.witnessesNeeded) }) } : {};
  const { proof, check } = await provinceReportProof(client, files[0]!, issued, report.sources.plans, { ...(options.logKey && { logKey: options.logKey }), ...witnesses, say });
  for (const file of files) {
    const own = { ...proof, report: { name: file.name, sha256: file.sha256 } };
    checkReportProof(file.sha256, own, proof.logKey, null);
    await replaceFile(reportProofFile(file.path), Buffer.from(`${JSON.stringify(own, null, 2)}\n`));
  }
  process.stdout.write(
    `Bằng chứng / proof: ${reportProofFile(out)} và / and ${reportProofFile(documentOut)} — điểm kiểm / checkpoint ${check.checkpoint.checkpoint.origin} ${check.checkpoint.checkpoint.size} ` +
      `(sự kiện phát hành ở vị trí / issuing event at position ${proof.index + 1}; ghi nhận cuối của ${proof.sources!.length} sổ / the counted heads of ${proof.sources!.length} ledgers)\n`,
  );
}
