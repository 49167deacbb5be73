import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { DeadlineKind } from '../../ledger/deadline.ts';
import { REFORM_AREA_LABELS_VI } from '../../ledger/plan.ts';
import { groupPathText } from '../../ledger/group-path.ts';
import { columnMappingText, parseColumnMapping, type ColumnMapping } from '../../templates/table/column-mapping.ts';
import { FIELD_HEADERS_VI } from '../../templates/table/fields.ts';
import { readTable, type TableReadStage } from '../../templates/table/read-table.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { decodeText } from '../../templates/table/text-grid.ts';
import type { ReadItem, TableRead } from '../../templates/table/table-read.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { guardTextTable, guardWorkbook, isWorkbookInput, readInputFile } from '../workbook-guard.ts';

interface InspectOptions {
  sheet?: string;
  year?: string;
  columns?: string;
  json?: boolean;
}

/** The help text of `--columns`, shared by inspect and import. */
export const COLUMNS_OPTION_HELP =
  'nghĩa của từng cột, thay cho cách chương trình tự hiểu, vd. "A=section,B=task,C=output,D=lead,E=coordinating,F=timeline" (none: không đọc cột) / ' +
  'what each column holds, over what the reader decided';

const KIND_VI: Record<DeadlineKind, string> = {
  date: 'ngày',
  month: 'tháng',
  quarter: 'quý',
  year: 'năm',
  range: 'khoảng tháng',
  ongoing: 'thường xuyên',
  milestones: 'nhiều mốc',
  relative: 'kể từ sự kiện',
  conditional: 'chờ điều kiện',
  scheduled: 'theo lịch nơi khác',
  unknown: 'chưa đọc được',
};

export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'Xem chương trình hiểu bảng phụ lục thế nào (phần, nhiệm vụ, mục theo dõi, thời hạn, cảnh báo); không ghi gì.\n' +
        'Show what the reader understood of an appendix table (.xlsx, .docx, .txt/.tsv); writes nothing.',
    )
    .argument('<file>', 'bảng phụ lục .xlsx, văn bản Word .docx hoặc văn bản phân cách bằng tab .txt/.tsv / the appendix table')
    .option('--sheet <name>', 'tên sheet chứa bảng; mặc định sheet đầu tiên có bảng / the sheet to read')
    .option('--year <year>', 'năm của kế hoạch khi tiêu đề không ghi / the plan year, when the title does not say it')
    .option('--columns <mapping>', COLUMNS_OPTION_HELP)
    .option('--json', 'in một đối tượng JSON / print one JSON object')
    .action(async (file: string, options: InspectOptions) => {
      const read = await readForCli(file, options);
      process.stdout.write(options.json ? `${JSON.stringify(jsonOf(read), null, 2)}\n` : humanText(read));
    });
}

/** Reads a table file for a command: file errors and table errors become CliErrors naming the file, sheet and row. */
/** The stages of reading a table from the command line: a workbook's zip checked first, then the reader's own. */
export type CliReadStage = 'zip' | TableReadStage;

export async function readForCli(
  file: string,
  options: { sheet?: string; year?: string; columns?: string | ColumnMapping },
  onStage: (stage: CliReadStage) => void = () => undefined,
): Promise<TableRead> {
  let columns: ColumnMapping | undefined;
  try {
    columns = typeof options.columns === 'string' ? parseColumnMapping(options.columns) : options.columns;
  } catch (error) {
    if (error instanceof TableError) throw new CliError(error.messageVi, error.messageEn, EXIT_USAGE);
    throw error;
  }
  let year: number | undefined;
  if (options.year !== undefined) {
    year = Number(options.year);
    if (!Number.isInteger(year) || year < 1990 || year > 2100) {
      throw new CliError(`--year "${options.year}" không phải năm hợp lệ (1990–2100).`, `--year "${options.year}" is not a year (1990–2100).`, EXIT_USAGE);
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readInputFile(file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`Không tìm thấy tệp "${file}".`, `File "${file}" not found.`, EXIT_FAILED);
    if (code === 'EISDIR') throw new CliError(`"${file}" là thư mục, không phải tệp.`, `"${file}" is a directory, not a file.`, EXIT_FAILED);
    throw new CliError(`Không đọc được tệp "${file}" (${code ?? 'lỗi'}).`, `Cannot read "${file}" (${code ?? String(error)}).`, EXIT_FAILED);
  }
  if (isWorkbookInput(bytes, file)) {
    onStage('zip');
    await guardWorkbook(bytes, file);
  } else guardTextTable(decodeText(bytes), file);
  try {
    return await readTable(bytes, basename(file), {
      onStage,
      ...(options.sheet !== undefined && { sheet: options.sheet }),
      ...(year !== undefined && { year }),
      ...(columns !== undefined && { columns }),
    });
  } catch (error) {
    if (error instanceof TableError) {
      throw new CliError(error.messageVi, error.messageEn, error.code === 'sheet-not-found' || error.code === 'bad-columns' ? EXIT_USAGE : EXIT_FAILED, { cause: error });
    }
    throw error;
  }
}

const dueText = (i: ReadItem) => (i.timeline.due ? formatVietnameseDate(i.timeline.due) : '—');

function humanText(read: TableRead): string {
  const out: string[] = [];
  const id = read.identity;
  out.push(`Tệp / File: ${read.file}${read.sheet ? `, sheet "${read.sheet}"` : ''}`);
  const attached = [id.number && `Kế hoạch số ${id.number}`, id.date && `ngày ${formatVietnameseDate(id.date)}`, id.issuer && `của ${id.issuer}`]
    .filter(Boolean)
    .join(' ');
  const plan = [id.title, attached].filter(Boolean);
  out.push(`Kế hoạch / Plan: ${plan.length ? plan.join(' — ') : '(không thấy tiêu đề / no title found)'}`);
  const yearFrom = { option: '--year', title: 'tiêu đề / title', timelines: 'đoán từ cột thời gian / guessed from the timelines' };
  out.push(`Năm kế hoạch / Plan year: ${read.year ?? 'chưa rõ / unknown'}${read.yearSource ? ` (${yearFrom[read.yearSource]})` : ''}`);
  out.push(`Hàng tiêu đề / Header row: ${read.header.rows.join('–')}. Các cột / Columns:`);
  const BASIS_VI = { header: 'theo tiêu đề / by header', content: 'theo nội dung / by content', user: 'do người dùng chỉ định / set by the user', none: '' };
  for (const c of read.header.columns) {
    const field = c.field ? `${FIELD_HEADERS_VI[c.field]} (${c.field})` : 'không đọc / not read';
    const sure = c.field ? `, chắc chắn / confidence ${Math.round(c.confidence * 100)}% ${BASIS_VI[c.basis]}` : '';
    out.push(`  ${c.letter.padEnd(3)} "${oneLine(c.header, 40)}" → ${field}${sure}`);
  }
  out.push(`  --columns "${columnMappingText(read.header.columns)}"`);
  const c = read.counts;
  out.push(
    `Đã đọc / Read: ${c.sections} phần / sections, ${c.tasks} nhiệm vụ / tasks, ${c.items} mục theo dõi / tracked items` +
      ` (${c.repeatedHeaders} tiêu đề lặp lại bỏ qua / repeated headers skipped, ${c.continuations} hàng ngắt trang đã nối / split rows joined)`,
  );
  for (const s of read.sections) {
    out.push('');
    out.push(`${s.numeral ? `${s.numeral}. ` : ''}${s.title || '(phần không tên / unnamed section)'}  [${REFORM_AREA_LABELS_VI[s.area]}]  mã / id ${s.id}${s.row ? `, hàng / row ${s.row}` : ''}`);
    for (const t of s.tasks) {
      for (const i of t.items) {
        if (i.groups?.length) out.push(`  ${' '.repeat(19)} [${oneLine(groupPathText(i.groups), 90)}]`);
        out.push(`  ${i.id.padEnd(8)} ${(i.numbering || '–').padEnd(10)} ${oneLine(i.activity ?? i.text, 90)}`);
        const lead = i.lead.map((a) => (a.group ? `${a.name} (nhóm)` : a.name)).join('; ') || '—';
        out.push(
          `  ${' '.repeat(19)} Kết quả: ${oneLine(i.output, 40) || '—'} | Thời hạn: ${oneLine(i.timeline.raw, 40) || '—'} → ${KIND_VI[i.timeline.kind]}, hạn ${dueText(i)} | Chủ trì: ${lead} | hàng ${i.sourceRow}`,
        );
      }
    }
  }
  out.push('');
  out.push(`Cảnh báo / Warnings: ${read.warnings.length}`);
  for (const w of read.warnings) {
    const where = w.row === null ? '' : `hàng / row ${w.row}${w.column ? `, cột / column ${w.column}` : ''}: `;
    out.push(`  [${w.code}] ${where}${w.message_vi}`);
    out.push(`  ${' '.repeat(w.code.length + 2)} ${w.message_en}`);
  }
  return `${out.join('\n')}\n`;
}

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The JSON form: the whole read, with each item's row as `row` and its timeline as parsed. */
function jsonOf(read: TableRead) {
  return {
    file: read.file,
    sheet: read.sheet,
    identity: read.identity,
    year: read.year,
    yearSource: read.yearSource,
    period: read.period,
    header: read.header,
    counts: read.counts,
    sections: read.sections.map((s) => ({
      id: s.id,
      numeral: s.numeral,
      title: s.title,
      area: s.area,
      row: s.row,
      tasks: s.tasks.map((t) => ({
        id: t.id,
        numbering: t.numbering,
        text: t.text,
        groups: t.groups,
        row: t.row,
        items: t.items.map(({ sourceRow, ...item }) => ({ ...item, row: sourceRow ?? null })),
      })),
    })),
    warnings: read.warnings,
  };
}
