import type { Command } from 'commander';
import { formatVietnameseDate, parseUserDate } from '../../ledger/dates.ts';
import { replay } from '../../ledger/replay.ts';
import { progressWorkbookBytes } from '../../templates/reports/progress-workbook.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { parseKnownAt, readLedgerForReports, requireIntact, writeOutput } from '../report-ledger.ts';
import { vietnamClockText } from '../vietnam-time.ts';

interface ReplayOptions {
  asOf: string;
  knownAt?: string;
  out: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('replay')
    .description(
      'Dựng lại bảng theo dõi tiến độ tại một ngày (và theo những gì sổ biết đến một thời điểm), kèm nhật ký thay đổi.\n' +
        'Replay the ledger at a date (as known at a moment): the progress sheet and the audit trail in one workbook.',
    )
    .argument('<ledger>', 'sổ: tệp .ndjson hoặc tệp Excel có trang sổ / the ledger: .ndjson, or a workbook with its ledger sheet')
    .requiredOption('--as-of <date>', 'tình hình đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy) / the date to show the plan at')
    .option('--known-at <moment>', 'chỉ tính ghi nhận đến thời điểm này (mặc định: bây giờ) / data recorded up to this moment (default now)')
    .option('--out <file.xlsx>', 'tệp kết quả / output file', 'tien-do.xlsx')
    .option('--force', 'ghi đè tệp kết quả đã có (không bao giờ ghi đè sổ hay tệp đầu vào) / overwrite an existing output (never the ledger or an input)')
    .action(async (file: string, options: ReplayOptions) => {
      const validAt = parseUserDate(options.asOf);
      if (!validAt) {
        throw new CliError(
          `--as-of "${options.asOf}" không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy).`,
          `--as-of "${options.asOf}" is not a date (YYYY-MM-DD or dd/mm/yyyy).`,
          EXIT_USAGE,
        );
      }
      const knownAt = parseKnownAt(options.knownAt);
      const { events, verification } = await readLedgerForReports(file);
      requireIntact(file, verification);
      const state = replay(events, { knownAt, validAt });
      await writeOutput(options.out, await progressWorkbookBytes(state, events, verification), file, options.force);
      process.stdout.write(
        `Đã ghi / written: ${options.out} (tình hình đến ngày ${formatVietnameseDate(validAt)}, ghi nhận đến ${vietnamClockText(knownAt)} giờ Việt Nam; ${state.count} ghi nhận)\n`,
      );
    });
}
