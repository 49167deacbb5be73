import { access, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { buildBlankTemplate } from '../../templates/blank-template/build-template.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';

interface TemplateCommandOptions {
  out: string;
  year?: string;
  force?: boolean;
}

export function register(program: Command): void {
  program
    .command('template')
    .description(
      'Tạo một bảng phụ lục trống, sẵn sàng để điền (tiêu đề cột quen thuộc, cột theo dõi, sheet hướng dẫn).\n' +
        'Write a blank, ready-to-fill appendix workbook (usual headers, tracking columns, an instructions sheet).',
    )
    .requiredOption('--out <file.xlsx>', 'tệp sẽ tạo / the workbook to write')
    .option('--year <year>', 'năm của kế hoạch, ghi vào tiêu đề / the plan year, written into the title')
    .option('--force', 'ghi đè nếu tệp đã có / overwrite an existing file')
    .action(async (options: TemplateCommandOptions) => {
      if (!/\.xlsx$/i.test(options.out)) {
        throw new CliError(`--out "${options.out}" phải là tệp .xlsx.`, `--out "${options.out}" must be an .xlsx file.`, EXIT_USAGE);
      }
      const year = options.year === undefined ? undefined : Number(options.year);
      if (year !== undefined && (!Number.isInteger(year) || year < 1990 || year > 2100)) {
        throw new CliError(`--year "${options.year}" không phải năm hợp lệ (1990–2100).`, `--year "${options.year}" is not a year (1990–2100).`, EXIT_USAGE);
      }
      if (!options.force && (await exists(options.out))) {
        throw new CliError(
          `Tệp "${options.out}" đã có; không ghi đè (dùng --force nếu muốn thay).`,
          `"${options.out}" already exists; not overwritten (give --force to replace it).`,
          EXIT_FAILED,
        );
      }
      const bytes = await buildBlankTemplate(year === undefined ? {} : { year });
      try {
        await writeFile(options.out, bytes);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CliError(`Không ghi được tệp "${options.out}" (${code}).`, `Cannot write "${options.out}" (${code}).`, EXIT_FAILED);
      }
      process.stdout.write(`Đã tạo / written: ${options.out}\n`);
    });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
