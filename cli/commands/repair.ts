import type { Command } from 'commander';
import { LedgerError } from '../../ledger/errors.ts';
import { formatIntegerVi } from '../../templates/reports/cell-values.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { openLedgerSource } from '../ledger-source.ts';

export function register(program: Command): void {
  program
    .command('repair')
    .description(
      'Chuyển dòng cuối bị cắt dở (do máy tắt khi đang ghi) của sổ .ndjson sang một tệp riêng; không xóa gì.\n' +
        'Move the torn last line of an .ndjson ledger (left by a crash during a write) aside into its own file; nothing is deleted.',
    )
    .argument('<ledger>', 'tệp sổ .ndjson / the .ndjson ledger')
    .action(async (file: string) => {
      const source = await openLedgerSource(file);
      if (source.kind !== 'ndjson') {
        throw new CliError(
          `${file}: sổ trong tệp Excel được ghi theo từng dòng hoàn chỉnh, không có dòng cắt dở để sửa; dùng "cchc verify" để kiểm tra.`,
          `${file}: a workbook's ledger sheet is written in whole rows and has no torn line to repair; use "cchc verify" to check it.`,
          EXIT_USAGE,
        );
      }
      try {
        const moved = await source.store.repair();
        if (!moved) {
          process.stdout.write('Sổ nguyên vẹn ở cuối tệp: không có gì để sửa.\nThe ledger ends in a whole line: nothing to repair.\n');
          return;
        }
        // Said first: where the bytes went matters even when what is left is no ledger either.
        process.stdout.write(
          `Đã chuyển dòng cuối bị cắt dở (${formatIntegerVi(moved.length)} byte, từ byte ${formatIntegerVi(moved.byte)}) sang tệp ${moved.movedTo}.\n` +
            `Moved the torn last line (${moved.length} bytes from byte ${moved.byte}) to ${moved.movedTo}.\n`,
        );
        const head = await source.store.head();
        process.stdout.write(
          `Sổ giờ kết thúc ở ghi nhận số ${formatIntegerVi(head.seq)}. Chạy "cchc verify ${file}" để kiểm tra toàn bộ chuỗi.\n` +
            `The ledger now ends at seq ${head.seq}. Run "cchc verify ${file}" to check the whole chain.\n`,
        );
      } catch (error) {
        if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw error;
      }
    });
}
