import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import type { EventOf } from '../../ledger/events.ts';
import { replay } from '../../ledger/replay.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import type { OpenedCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { checkReportProof, checkReportSources, ReportProof, reportProofFile, type ReportProofCheck } from '../../ledger/tlog/report-proof.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { writeConsolidatedReport } from '../../templates/reports/consolidated-workbook.ts';
import { writePeriodReport, type PeriodReportInput } from '../../templates/reports/period-report.ts';
import { parseProvinceManifest } from '../../templates/reports/province-manifest.ts';
import { checkRebuiltReport, type RebuiltReportCheck } from '../../templates/reports/rebuilt-report.node.ts';
import { REPORT_WRITER } from '../../templates/reports/report-book.node.ts';
import { reportDocumentBytes } from '../../templates/reports/report-docx.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { writerText } from '../../templates/reports/report-writer.ts';
import type { ContentDifference } from '../../templates/reports/workbook-content.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { provinceReportFromDirectory } from '../province-report.ts';
import { loadReportConfig, readLedgerForReports } from '../report-ledger.ts';
import { guardWorkbook } from '../workbook-guard.ts';

interface VerifyReportOptions {
  proof?: string;
  logKey?: string;
  witness: string[];
  witnessesNeeded?: string;
  ledgers?: string;
  province?: string;
  config?: string;
}

export function register(program: Command): void {
  program
    .command('verify-report')
    .description(
      'Kiểm tra ngoại tuyến một báo cáo đã phát hành: SHA-256 của tệp, ghi nhận report.issued nêu nó, bằng chứng bao hàm trong điểm kiểm của nhật ký minh bạch, chữ ký của nhật ký và của các nhân chứng; với --ledgers, lập lại báo cáo từ các ghi nhận đến lúc phát hành và so từng byte.\n' +
        "Check an issued report offline: the file's SHA-256, the report.issued event naming it, its inclusion proof in the transparency log's checkpoint, the log's and the witnesses' signatures; with --ledgers, build the report again from the events up to its issuance and compare every byte.",
    )
    .argument('<report>', 'báo cáo (.xlsx hoặc .docx) / the report (.xlsx or .docx)')
    .option('--proof <file>', 'tệp bằng chứng; mặc định <báo cáo>.log-proof.json / the proof file; default <report>.log-proof.json')
    .option('--log-key <vkey>', 'khóa xác minh nhật ký do tỉnh công bố; không có thì dùng khóa ghi trong tệp bằng chứng (và nói vậy) / the log\'s verifier key as the province publishes it; without it, the one in the proof file (said so)')
    .option('--witness <vkey>', 'khóa đồng ký của một nhân chứng tin cậy; lặp lại / the cosignature vkey of a trusted witness; repeat', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .option('--witnesses-needed <k>', 'số nhân chứng phải đồng ký; mặc định tất cả / how many must cosign; default all')
    .option('--ledgers <dir>', 'thư mục các sổ .ndjson đã xuất, để lập lại báo cáo / the folder of exported .ndjson ledgers, to build the report again')
    .option(
      '--province <manifest.json>',
      'báo cáo tổng hợp: danh sách cơ quan và các sổ .ndjson đã xuất (cchc demo --province, cchc clone), để kiểm tra nguồn số liệu và lập lại báo cáo / a consolidated report: the manifest and the exported ledgers, to check its sources and build it again',
    )
    .option('--config <file>', 'cấu hình báo cáo đã dùng khi lập / the report configuration it was made with')
    .action(async (report: string, options: VerifyReportOptions) => {
      const bytes = await readFile(report).catch(() => {
        throw new CliError(`Không đọc được ${report}.`, `Cannot read ${report}.`, EXIT_USAGE);
      });
      const sha256 = sha256HexBytes(bytes);
      const proofFile = options.proof ?? reportProofFile(report);
      const proof = await readProof(proofFile);
      const say = (vi: string, en: string) => process.stdout.write(`${vi}\n  ${en}\n`);
      if (!options.logKey) say(`Lưu ý: dùng khóa nhật ký ghi trong ${proofFile} (${proof.logKey}); hãy đối chiếu với khóa tỉnh công bố, hoặc cho --log-key.`, `Note: using the log key written in ${proofFile} (${proof.logKey}); compare it with the key the province publishes, or give --log-key.`);
      let check;
      try {
        const witnesses = options.witness.length > 0 ? trustedWitnesses(options.witness, options.witnessesNeeded === undefined ? options.witness.length : Number(options.witnessesNeeded)) : null;
        check = checkReportProof(sha256, proof, options.logKey ?? proof.logKey, witnesses);
      } catch (error) {
        if (!(error instanceof TlogError)) throw error;
        const where = options.ledgers === undefined || proof.sources ? null : await whereChanged(report, bytes, sha256, proof, options.ledgers, options.config);
        throw new CliError(`${report}: ${error.messageVi}${where ? ` ${where.vi}` : ''}`, `${report}: ${error.messageEn}${where ? ` ${where.en}` : ''}`, EXIT_FAILED);
      }
      const { checkpoint, event, which, finality } = check;
      say(`✓ SHA-256 ${sha256} là của ${which === 'workbook' ? 'bảng tính' : 'văn bản Word'} mà ghi nhận report.issued số ${event.seq} (kỳ ${event.data.period}) nêu.`, `✓ SHA-256 ${sha256} is the ${which} the report.issued event seq ${event.seq} (period ${event.data.period}) names.`);
      say(
        `✓ Ghi nhận đó nằm ở vị trí ${proof.index + 1} của điểm kiểm ${checkpoint.checkpoint.origin}, ${checkpoint.checkpoint.size} mục, có chữ ký hợp lệ của nhật ký.`,
        `✓ That event is at position ${proof.index + 1} of the checkpoint ${checkpoint.checkpoint.origin}, ${checkpoint.checkpoint.size} leaves, validly signed by the log.`,
      );
      if (finality) {
        const names = finality.cosigners.map((c) => `${c.name} (${new Date(c.time * 1000).toISOString()})`).join(', ') || '—';
        if (!finality.final) {
          throw new CliError(`Điểm kiểm chỉ được ${finality.cosigners.length} nhân chứng tin cậy đồng ký (${names}); chưa chung cuộc.`, `The checkpoint is cosigned by only ${finality.cosigners.length} trusted witnesses (${names}); not final.`, EXIT_FAILED);
        }
        say(`✓ Chung cuộc: đồng ký bởi ${finality.cosigners.length} nhân chứng tin cậy: ${names}.`, `✓ Final: cosigned by ${finality.cosigners.length} trusted witnesses: ${names}.`);
      } else {
        say('Không kiểm tra chữ ký đồng ký (không có --witness).', 'Cosignatures not checked (no --witness).');
      }
      if (proof.sources) {
        await checkProvinceReport(report, bytes, { proof, checkpoint, event, which }, options, say);
        return;
      }
      if (options.province !== undefined) throw new CliError(`${report} là báo cáo của một sổ: dùng --ledgers, không phải --province.`, `${report} is the report of one ledger: use --ledgers, not --province.`, EXIT_USAGE);
      if (options.ledgers === undefined) return;
      const same = await checkFigures(report, bytes, proof, which, options.ledgers, options.config);
      const built = `báo cáo dựng lại từ ${event.data.head.seq} ghi nhận của kế hoạch ${proof.leaf.planId} (đến lúc phát hành, ghi nhận đến ${event.data.knownAt})`;
      const builtEn = `the report built again from plan ${proof.leaf.planId}'s events (up to its issuance, known at ${event.data.knownAt})`;
      const text = replayedText(same, built, builtEn);
      say(text.vi, text.en);
    });
}

/** A changed figure, in words: the sheet, the cell (or row, or setting), what the file holds and what the ledger gives. */
function differenceText(d: ContentDifference): { vi: string; en: string } {
  const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);
  const row = d.at?.startsWith('row ') ? d.at.slice(4) : undefined;
  const placeVi = [d.sheet === undefined ? '' : `trang tính "${d.sheet}"`, d.at === undefined ? '' : row ? `dòng ${row}` : `ô ${d.at}`].filter(Boolean).join(', ') || 'bảng tính';
  const placeEn = [d.sheet === undefined ? '' : `sheet "${d.sheet}"`, d.at === undefined ? '' : row ? `row ${row}` : `cell ${d.at}`].filter(Boolean).join(', ') || 'the workbook';
  const whatVi = { 'cell value': 'giá trị', 'cell style': 'định dạng', 'row height': 'chiều cao dòng' }[d.what] ?? d.what;
  return {
    vi: `Khác ở ${placeVi} (${whatVi}): tệp có ${cut(d.file)}, báo cáo lập lại từ sổ có ${cut(d.rebuilt)}.`,
    en: `It differs at ${placeEn} (${d.what}): the file holds ${cut(d.file)}, the report built again from the ledger ${cut(d.rebuilt)}.`,
  };
}

async function readProof(file: string): Promise<ReportProof> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CliError(`Không có tệp bằng chứng ${file} (tạo bằng cchc prove-report).`, `No proof file ${file} (made by cchc prove-report).`, EXIT_USAGE);
  });
  let parsed;
  try {
    parsed = ReportProof.safeParse(JSON.parse(text));
  } catch (error) {
    throw new CliError(`${file} không phải JSON: ${(error as Error).message}`, `${file} is not JSON: ${(error as Error).message}`, EXIT_FAILED);
  }
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new CliError(`${file} không phải tệp bằng chứng báo cáo: ${why}`, `${file} is not a report proof file: ${why}`, EXIT_FAILED);
  }
  return parsed.data;
}

/**
 * The exported ledger holding the issuing event (byte for byte), verified; the report built again
 * from the events before it, as known at the moment it names, must be the same: the same bytes as
 * the writer the event names writes them, or, written by a writer no longer here, the same content
 * (checkRebuiltReport). The Word document (one writer since it exists) is compared byte for byte.
 */
async function checkFigures(report: string, bytes: Uint8Array, proof: ReportProof, which: 'workbook' | 'document', dir: string, configFile: string | undefined): Promise<Exclude<RebuiltReportCheck, { same: false }> | { same: 'bytes'; writer: null }> {
  const { ledger, issued, input } = await issuedInput(proof, dir, configFile);
  const where = `${ledger} (đến ghi nhận số ${issued.seq - 1}, ghi nhận đến ${issued.data.knownAt})`;
  const whereEn = `${ledger} (up to seq ${issued.seq - 1}, known at ${issued.data.knownAt})`;
  const orConfig = configFile ? '' : ' (hay báo cáo được lập với --config khác?)';
  const orConfigEn = configFile ? '' : ' (or was it made with another --config?)';
  if (which === 'document') {
    const again = await reportDocumentBytes(input);
    if (sha256HexBytes(again) === sha256HexBytes(bytes)) return { same: 'bytes', writer: null };
    throw new CliError(
      `${report}: báo cáo lập lại từ ${where} khác tệp (SHA-256 ${sha256HexBytes(again)}): số liệu không lập lại được từ các ghi nhận${orConfig}.`,
      `${report}: the report built again from ${whereEn} differs from the file (SHA-256 ${sha256HexBytes(again)}): the figures do not replay from the events${orConfigEn}.`,
      EXIT_FAILED,
    );
  }
  const check = await checkRebuiltReport(bytes, issued.data.writer, (book) => writePeriodReport(book, input), input.state.knownAt);
  if (check.same === false) {
    const at = differenceText(check.difference);
    throw new CliError(
      `${report}: báo cáo lập lại từ ${where} khác tệp về nội dung: số liệu không lập lại được từ các ghi nhận${orConfig}. ${at.vi}`,
      `${report}: the report built again from ${whereEn} differs from the file in content: the figures do not replay from the events${orConfigEn}. ${at.en}`,
      EXIT_FAILED,
    );
  }
  return check;
}

/** The ledger in `dir` holding the proof's issuing event byte for byte, that event, and the report's input at its moment. */
async function issuedInput(proof: ReportProof, dir: string, configFile: string | undefined): Promise<{ ledger: string; issued: EventOf<'report.issued'>; input: PeriodReportInput }> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.ndjson'));
  let ledger: string | undefined;
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    if (text.split('\n').includes(proof.leaf.line)) ledger = join(dir, f);
    if (ledger) break;
  }
  if (!ledger) {
    throw new CliError(`Không sổ nào trong ${dir} có ghi nhận phát hành (kế hoạch ${proof.leaf.planId}, số ${proof.leaf.seq}) đúng từng byte.`, `No ledger in ${dir} holds the issuing event (plan ${proof.leaf.planId}, seq ${proof.leaf.seq}) byte for byte.`, EXIT_FAILED);
  }
  const { events, verification } = await readLedgerForReports(ledger);
  const issued = events[proof.leaf.seq - 1];
  if (!issued || issued.type !== 'report.issued' || storedLine(issued) !== proof.leaf.line) {
    throw new CliError(
      `${ledger}: chuỗi không hợp lệ hoặc không có ghi nhận số ${proof.leaf.seq} như trong bằng chứng (${verification.ok ? 'chuỗi hợp lệ' : verification.message_vi}).`,
      `${ledger}: the chain is broken or has no event ${proof.leaf.seq} as in the proof (${verification.ok ? 'the chain verifies' : verification.message_en}).`,
      EXIT_FAILED,
    );
  }
  const config = await loadReportConfig(configFile);
  const period = resolvePeriod(issued.data.period, config)!;
  const before = events.slice(0, issued.seq - 1);
  const state = replay(before, { knownAt: issued.data.knownAt, validAt: period.to });
  return { ledger, issued, input: { state, events: before, period, config, verification } };
}

/**
 * Where a workbook whose SHA-256 is not the anchored one differs from the period report its issuing
 * event anchored, built again from the exported ledgers: null when that cannot be said (no ledger holding
 * the event, not a workbook, or one the input guard refuses: this file is not trusted).
 */
async function whereChanged(report: string, bytes: Uint8Array, sha256: string, proof: ReportProof, dir: string, configFile: string | undefined): Promise<{ vi: string; en: string } | null> {
  try {
    const { issued, input } = await issuedInput(proof, dir, configFile);
    if (issued.data.file.sha256 === sha256 || issued.data.document?.sha256 === sha256) return null;
    await guardWorkbook(bytes, report);
    const check = await checkRebuiltReport(bytes, issued.data.writer, (book) => writePeriodReport(book, input), input.state.knownAt);
    return check.same === false ? differenceText(check.difference) : null;
  } catch {
    return null;
  }
}

/**
 * A consolidated report's sources and figures: every counted head in the exported ledgers (the
 * manifest's) is the event the proof names at its place in the checkpoint; the report built again
 * from those ledgers, each up to that head, as known at the moment the issuing event names, is the
 * same bytes. Without --province, said and left unchecked.
 */
async function checkProvinceReport(
  report: string,
  bytes: Uint8Array,
  { proof, checkpoint, event, which }: { proof: ReportProof; checkpoint: OpenedCheckpoint; event: ReportProofCheck['event']; which: 'workbook' | 'document' },
  options: VerifyReportOptions,
  say: (vi: string, en: string) => void,
): Promise<void> {
  const sources = proof.sources!;
  if (options.ledgers !== undefined) throw new CliError(`${report} là báo cáo tổng hợp: dùng --province <danh sách>, không phải --ledgers.`, `${report} is a consolidated report: use --province <manifest>, not --ledgers.`, EXIT_USAGE);
  if (options.province === undefined) {
    say(
      `Báo cáo tổng hợp: ${sources.length} nguồn số liệu (ghi nhận cuối của từng sổ) chưa kiểm tra; cho --province <danh sách> với các sổ đã xuất để kiểm tra và lập lại báo cáo.`,
      `A consolidated report: its ${sources.length} sources (each ledger's counted head) not checked; give --province <manifest> with the exported ledgers to check them and build the report again.`,
    );
    return;
  }
  const { plans } = parseProvinceManifest(JSON.parse(await readFile(options.province, 'utf8')), options.province);
  const lines = new Map<string, string[]>();
  for (const plan of plans) lines.set(plan.id, (await readFile(join(dirname(options.province), plan.file), 'utf8')).split('\n'));
  let checked: number;
  try {
    checked = checkReportSources(proof, checkpoint, (planId, seq) => lines.get(planId)?.[seq - 1]);
  } catch (error) {
    if (error instanceof TlogError) throw new CliError(`${report}: ${error.messageVi}`, `${report}: ${error.messageEn}`, EXIT_FAILED);
    throw error;
  }
  say(
    `✓ Ghi nhận cuối được tính của ${checked} sổ, như các sổ đã xuất ghi, nằm trong cùng điểm kiểm ${checkpoint.checkpoint.size} mục.`,
    `✓ The counted heads of ${checked} ledgers, as the exported ledgers hold them, are in the same checkpoint of ${checkpoint.checkpoint.size} leaves.`,
  );
  const config = await loadReportConfig(options.config);
  const period = resolvePeriod(event.data.period, config)!;
  const again = await provinceReportFromDirectory({
    manifestFile: options.province,
    period,
    knownAt: event.data.knownAt,
    config,
    upTo: new Map(sources.map((s) => [s.planId, s.seq])),
  });
  const built = `báo cáo tổng hợp dựng lại từ ${plans.length} sổ (kỳ ${event.data.period}, ghi nhận đến ${event.data.knownAt})`;
  const builtEn = `the consolidated report built again from ${plans.length} ledgers (period ${event.data.period}, known at ${event.data.knownAt})`;
  const rebuilt = which === 'workbook' ? again.workbook : again.document;
  const orConfig = options.config ? '' : ' (hay báo cáo được lập với --config khác?)';
  const orConfigEn = options.config ? '' : ' (or was it made with another --config?)';
  const fromVi = `${report}: báo cáo tổng hợp lập lại từ các sổ trong ${options.province} (đến các ghi nhận cuối nêu trong bằng chứng, ghi nhận đến ${event.data.knownAt})`;
  const fromEn = `${report}: the consolidated report built again from the ledgers of ${options.province} (up to the heads the proof names, known at ${event.data.knownAt})`;
  if (sha256HexBytes(rebuilt) === sha256HexBytes(bytes)) {
    const text = replayedText({ same: 'bytes', writer: which === 'workbook' ? REPORT_WRITER : null }, built, builtEn);
    say(text.vi, text.en);
    return;
  }
  if (which === 'document') {
    throw new CliError(
      `${fromVi} khác tệp (SHA-256 ${sha256HexBytes(rebuilt)}): số liệu không lập lại được${orConfig}.`,
      `${fromEn} differs from the file (SHA-256 ${sha256HexBytes(rebuilt)}): the figures do not replay${orConfigEn}.`,
      EXIT_FAILED,
    );
  }
  const check = await checkRebuiltReport(bytes, event.data.writer, (book) => writeConsolidatedReport(book, again.input), again.input.knownAt);
  if (check.same === false) {
    const at = differenceText(check.difference);
    throw new CliError(`${fromVi} khác tệp về nội dung: số liệu không lập lại được${orConfig}. ${at.vi}`, `${fromEn} differs from the file in content: the figures do not replay${orConfigEn}. ${at.en}`, EXIT_FAILED);
  }
  const text = replayedText(check, built, builtEn);
  say(text.vi, text.en);
}

/** "The figures replay", in words: byte for byte (and by which writer), or the same content and by which writer the bytes were written. */
function replayedText(same: Exclude<RebuiltReportCheck, { same: false }> | { same: 'bytes'; writer: null }, built: string, builtEn: string): { vi: string; en: string } {
  if (same.same === 'content') {
    const writer = writerText(same.writer);
    return {
      vi: `✓ Các số liệu lập lại được: ${built} có cùng nội dung, trang tính theo trang tính: mọi ô (giá trị và định dạng), chiều cao dòng, độ rộng cột, ô gộp, danh sách chọn, định dạng có điều kiện và thiết lập in, đọc từ XML đã phân tích. Các byte khác nhau chỉ ở cách XML được viết và nén: tệp do ${writer.vi} viết.`,
      en: `✓ The figures replay: ${builtEn} holds the same content, sheet by sheet: every cell (value and style), row height, column width, merge, drop-down, conditional format and print setting, read from the parsed XML. The bytes differ only in how the XML was written and compressed: the file was written by ${writer.en}.`,
    };
  }
  const writer = same.writer === null ? null : writerText(same.writer);
  return { vi: `✓ Các số liệu lập lại được: ${built} trùng từng byte${writer ? ` (${writer.vi})` : ''}.`, en: `✓ The figures replay: ${builtEn} is the same, byte for byte${writer ? ` (${writer.en})` : ''}.` };
}
