import type { Command } from 'commander';
import { auditWorkbookBytes } from '../../templates/reports/audit-workbook.ts';
import { chainStatusText } from '../../templates/reports/chain-status.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { readLedgerForReports, writeOutput } from '../report-ledger.ts';

export function register(program: Command): void {
  program
    .command('audit')
    .description(
      'Xuất nhật ký thay đổi của sổ (mỗi ghi nhận một dòng, ghi nhận đã hủy được đánh dấu) và kết quả kiểm tra chuỗi băm.\n' +
        'Write the audit trail: one row per event, voided ones marked, with the chain verification on top.',
    )
    .argument('<ledger>', 'sổ: tệp .ndjson hoặc tệp Excel có trang sổ / the ledger: .ndjson, or a workbook with its ledger sheet')
    .option('--out <file.xlsx>', 'tệp kết quả / output file', 'nhat-ky.xlsx')
    .option('--force', 'ghi đè tệp kết quả đã có (không bao giờ ghi đè sổ hay tệp đầu vào) / overwrite an existing output (never the ledger or an input)')
    .action(async (file: string, options: { out: string; force?: boolean }) => {
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
