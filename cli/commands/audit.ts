import type { Command } from 'commander';
import { auditWorkbookBytes } from '../../templates/reports/audit-workbook.ts';
import { chainStatusText } from '../../templates/reports/chain-status.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { ServiceError } from '../../server/protocol/service-error.ts';
import { auditLog } from '../audit/log-audit.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readLedgerForReports, writeOutput } from '../report-ledger.ts';

export function register(program: Command): void {
  program
    .command('audit')
    .description(
      'Xuất nhật ký thay đổi của sổ (mỗi ghi nhận một dòng, ghi nhận đã hủy được đánh dấu) và kết quả kiểm tra chuỗi băm.\n' +
        'Write the audit trail: one row per event, voided ones marked, with the chain verification on top.',
    )
    .argument('[ledger]', 'sổ: tệp .ndjson hoặc tệp Excel có trang sổ / the ledger: .ndjson, or a workbook with its ledger sheet')
    .option('--out <file.xlsx>', 'tệp kết quả / output file', 'nhat-ky.xlsx')
    .option('--server <url>', 'thay cho <sổ>: tải toàn bộ nhật ký minh bạch của dịch vụ và kiểm tra mọi mục, mọi chuỗi, mọi chữ ký, mọi điểm kiểm / instead of <ledger>: download the service\'s whole transparency log and check every leaf, chain, signature and checkpoint')
    .option('--state <file>', 'với --server: điểm kiểm đã chấp nhận lần trước; mặc định kiem-toan-nhat-ky.json / with --server: the checkpoint accepted last time; default kiem-toan-nhat-ky.json', 'kiem-toan-nhat-ky.json')
    .option('--log-key <vkey>', 'với --server: khóa xác minh nhật ký do tỉnh công bố / with --server: the log\'s verifier key as the province publishes it')
    .option('--witness <vkey>', 'với --server: khóa đồng ký của một nhân chứng tin cậy; lặp lại / with --server: a trusted witness\'s cosignature vkey; repeat', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .option('--witnesses-needed <k>', 'số nhân chứng phải đồng ký; mặc định tất cả / how many must cosign; default all')
    .option('--force', 'ghi đè tệp kết quả đã có (không bao giờ ghi đè sổ hay tệp đầu vào) / overwrite an existing output (never the ledger or an input)')
    .action(async (file: string | undefined, options: { out: string; force?: boolean; server?: string; state: string; logKey?: string; witness: string[]; witnessesNeeded?: string }) => {
      if ((file === undefined) === (options.server === undefined)) {
        throw new CliError('cchc audit cần đúng một trong hai: <sổ> hoặc --server <url>.', 'cchc audit needs exactly one of <ledger> or --server <url>.', EXIT_USAGE);
      }
      if (options.server !== undefined) return auditServer({ ...options, server: options.server });
      file = file!;
      const { events, verification } = await readLedgerForReports(file);
      // Even a broken chain gets its trail, up to the problem: that is what an auditor needs to see.
      await writeOutput(options.out, await auditWorkbookBytes(events, verification), file, options.force);
      process.stdout.write(`Đã ghi / written: ${options.out} (${events.length} ghi nhận)\n${chainStatusText(verification)}\n`);
      if (!verification.ok) {
        throw new CliError(
          `${file}: chuỗi không hợp lệ; nhật ký gồm ${events.length} ghi nhận nguyên vẹn trước chỗ hỏng.`,
          `${file}: the chain is broken; the trail holds the ${events.length} intact events before the problem.`,
          EXIT_FAILED,
        );
      }
    });
}

async function auditServer(options: { server: string; state: string; logKey?: string; witness: string[]; witnessesNeeded?: string }): Promise<void> {
  try {
    const witnesses = options.witness.length > 0 ? trustedWitnesses(options.witness, options.witnessesNeeded === undefined ? options.witness.length : Number(options.witnessesNeeded)) : null;
    const outcome = await auditLog({ server: options.server, stateFile: options.state, ...(options.logKey && { logKey: options.logKey }), witnesses, say: (text) => process.stderr.write(text) });
    process.stdout.write(
      `Nhật ký minh bạch hợp lệ / the transparency log verifies: ${outcome.leaves} mục / leaves, ${outcome.plans} kế hoạch / plans, mọi chuỗi và chữ ký hợp lệ / every chain and signature verifies; ` +
        `điểm kiểm / checkpoint ${outcome.leaves} mục / leaves nối tiếp điểm kiểm đã thấy / extends the one seen before (${options.state})\n` +
        (outcome.cosigners === null ? '' : outcome.cosigners.length > 0 ? `Chung cuộc / final: ${outcome.cosigners.join(', ')}\n` : 'Chưa có điểm kiểm đủ nhân chứng đồng ký / no checkpoint cosigned by enough witnesses yet\n'),
    );
    if (outcome.cosigners !== null && outcome.cosigners.length === 0) process.exitCode = EXIT_FAILED;
  } catch (error) {
    if (error instanceof TlogError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    if (error instanceof ServiceError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  }
}
