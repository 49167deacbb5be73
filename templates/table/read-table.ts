import { refuseOverlongCells } from './cell-limit.ts';
import { columnLetter, type GridView } from './grid.ts';
import type { HeaderMatch } from './header.ts';
import { headerOf, noHeaderError, readWithHeader } from './read-grid.ts';
import { TableError, type HeaderCandidate } from './table-error.ts';
import type { ReadOptions, TableRead } from './table-read.ts';
import type { TableWarning } from './warnings.ts';
import { refuseUndecodableText } from './text-encoding.ts';
import { decodeText, gridFromTabSeparated } from './text-grid.ts';
import { gridFromSheet, type CellIssue } from './xlsx-grid.ts';
import { openWorkbook, type XlsxWorkbook } from './xlsx-package.ts';

export interface ReadTableOptions extends Omit<ReadOptions, 'file'> {
  /** The sheet to read; otherwise the first visible sheet that holds an appendix table. */
  sheet?: string;
  /** Told as each stage of a read starts (a workbook's sheets are parsed, then its rows read), for progress shown to the user. */
  onStage?: (stage: TableReadStage) => void;
}

/** The stages of reading a table: `sheets` parsing a workbook's parts, `rows` reading the table's rows. */
export type TableReadStage = 'sheets' | 'rows';

type SourceKind = 'xlsx' | 'docx' | 'text';

/**
 * Reads an appendix table from a file's bytes: .xlsx (xlsx-package.ts, xlsx-grid.ts), .docx or
 * tab-separated text (.txt, .tsv).
 * Runs in the browser as in Node: bytes in, no file system. Throws TableError when the file is
 * not a workbook, names a sheet that does not exist, or holds no recognisable header.
 */
export async function readTable(data: Uint8Array | ArrayBuffer, fileName: string, options: ReadTableOptions = {}): Promise<TableRead> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const readOptions: ReadOptions = { ...withoutSheet(options), file: fileName };
  const kind = sourceKind(bytes, fileName);
  const onStage = options.onStage ?? (() => undefined);
  if (kind === 'docx') {
    onStage('sheets');
    return readDocx(bytes, fileName, readOptions, onStage);
  }
  if (kind === 'text') {
    onStage('rows');
    refuseUndecodableText(bytes, fileName);
    const grid = gridFromTabSeparated(decodeText(bytes));
    refuseOverlongCells(grid, fileName);
    const found = headerOf(grid, options.columns);
    if ('candidates' in found) throw noHeaderError(fileName, '', found.candidates);
    return readWithHeader(found.view, found.header, readOptions);
  }

  let workbook: XlsxWorkbook;
  onStage('sheets');
  try {
    workbook = openWorkbook(bytes);
  } catch {
    throw notAWorkbook(fileName);
  }
  const sheets = workbook.sheets;
  onStage('rows');
  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    const sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!sheet) {
      throw new TableError(
        'sheet-not-found',
        `Tệp "${fileName}" không có sheet "${wanted}". Các sheet hiện có: ${sheets.map((s) => `"${s.name}"`).join(', ') || '(không có)'}.`,
        `"${fileName}" has no sheet "${wanted}". Its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ') || '(none)'}.`,
        { file: fileName, sheet: wanted },
      );
    }
    const { grid, issues, hiddenRows } = sheetGrid(workbook, sheet, fileName);
    refuseOverlongCells(grid, fileName);
    const found = headerOf(grid, options.columns);
    if ('candidates' in found) throw noHeaderError(fileName, sheet.name, found.candidates);
    return withIssues(readWithHeader(found.view, found.header, readOptions), issues, hiddenRows);
  }

  const closest: HeaderCandidate[] = [];
  const visibleFirst = [...sheets].sort((a, b) => Number(a.state !== 'visible') - Number(b.state !== 'visible'));
  for (const sheet of visibleFirst) {
    const { grid, issues, hiddenRows } = sheetGrid(workbook, sheet, fileName);
    refuseOverlongCells(grid, fileName);
    const found = headerOf(grid, options.columns);
    if ('header' in found) return withIssues(readWithHeader(found.view, found.header, readOptions), issues, hiddenRows);
    closest.push(...found.candidates.map((c) => ({ ...c, sheet: sheet.name })));
  }
  closest.sort((a, b) => b.matched.length - a.matched.length);
  throw noHeaderError(fileName, sheets.length === 1 ? sheets[0]!.name : '', closest.slice(0, 3));
}

/** A sheet's grid; a sheet that cannot be read (bad XML, an overlapping merge) refuses the workbook, as before. */
function sheetGrid(workbook: XlsxWorkbook, sheet: XlsxWorkbook['sheets'][number], fileName: string) {
  try {
    return gridFromSheet(workbook, sheet);
  } catch {
    throw notAWorkbook(fileName);
  }
}

function notAWorkbook(fileName: string): TableError {
  return new TableError(
    'not-a-workbook',
    `Tệp "${fileName}" không phải bảng tính Excel (.xlsx) đọc được, hoặc đã hỏng.`,
    `"${fileName}" is not a readable Excel workbook (.xlsx), or it is damaged.`,
    { file: fileName },
  );
}

function withoutSheet(options: ReadTableOptions): Omit<ReadOptions, 'file'> {
  const { sheet: _sheet, onStage: _onStage, ...rest } = options;
  return rest;
}

/** .xlsx by its zip signature or its name; text otherwise. Old .xls and other formats are refused by name. */
function sourceKind(bytes: Uint8Array, fileName: string): SourceKind {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'docx' || ext === 'docm') return 'docx';
  if (['xls', 'ods', 'xlsb', 'csv', 'doc', 'pdf'].includes(ext) || (!zip && bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    throw new TableError(
      'unsupported-format',
      `Chưa đọc được tệp "${fileName}": hãy lưu bảng dưới dạng Excel .xlsx, Word .docx (hoặc văn bản phân cách bằng tab .txt/.tsv).`,
      `Cannot read "${fileName}": save the table as an Excel .xlsx workbook, a Word .docx document (or tab-separated .txt/.tsv).`,
      { file: fileName },
    );
  }
  if (zip || ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  return 'text';
}

/**
 * The appendix table of a Word document: of its tables, the one whose header reads best (then the
 * longest), read as any grid; the paragraphs above it are its title block.
 */
async function readDocx(bytes: Uint8Array, fileName: string, options: ReadOptions, onStage: (stage: TableReadStage) => void): Promise<TableRead> {
  // Loaded only for a Word document: jszip and @xmldom/xmldom are most of the reader's code, and an
  // .xlsx or text table (every \`cchc inspect\` or \`import\` of one) need not start them.
  const { tablesFromDocx } = await import('./docx-grid.ts');
  const tables = await tablesFromDocx(bytes, fileName);
  onStage('rows');
  let best: { view: GridView; header: HeaderMatch; rows: number } | null = null;
  const closest: HeaderCandidate[] = [];
  tables.forEach(({ grid }, k) => {
    refuseOverlongCells(grid, fileName);
    const found = headerOf(grid, options.columns);
    if ('header' in found) {
      const rows = grid.values.length;
      if (!best || found.header.score > best.header.score || (found.header.score === best.header.score && rows > best.rows)) best = { view: found.view, header: found.header, rows };
    } else closest.push(...found.candidates.map((c) => ({ ...c, sheet: `bảng ${k + 1} / table ${k + 1}` })));
  });
  if (best) {
    const chosen: { view: GridView; header: HeaderMatch } = best;
    return readWithHeader(chosen.view, chosen.header, options);
  }
  if (tables.length === 0) {
    throw new TableError('no-header', `Văn bản "${fileName}" không có bảng nào.`, `"${fileName}" holds no table.`, { file: fileName });
  }
  closest.sort((a, b) => b.matched.length - a.matched.length);
  throw noHeaderError(fileName, '', closest.slice(0, 3));
}

/** Cell errors, uncached formulas and hidden (or filtered-out) rows inside the table become warnings, in row order. */
function withIssues(read: TableRead, issues: CellIssue[], hiddenRows: number[]): TableRead {
  const first = read.header.rows[0]!;
  const hidden = hiddenRows.filter((r) => r >= first);
  const extra: TableWarning[] = issues
    .filter((i) => i.row >= first)
    .map((i) => {
      const at = `${columnLetter(i.col)}${i.row}`;
      return i.kind === 'error'
        ? {
            code: 'cell-error' as const,
            row: i.row,
            column: columnLetter(i.col),
            message_vi: `Ô ${at} chứa lỗi ${i.detail}: đọc như ô trống.`,
            message_en: `Cell ${at} holds the error ${i.detail}: read as empty.`,
          }
        : {
            code: 'formula-without-result' as const,
            row: i.row,
            column: columnLetter(i.col),
            message_vi: `Ô ${at} có công thức ${i.detail} nhưng tệp không lưu kết quả: đọc như ô trống (mở và lưu lại bằng Excel để có kết quả).`,
            message_en: `Cell ${at} has the formula ${i.detail} but the file stores no result: read as empty (open and save it in Excel).`,
          };
    });
  if (hidden.length > 0) {
    const rows = rowRanges(hidden);
    extra.push({
      code: 'hidden-rows',
      row: hidden[0]!,
      message_vi: `${hidden.length === 1 ? 'Hàng' : `${hidden.length} hàng`} ${rows} bị ẩn hoặc bị lọc khỏi bảng trong Excel: vẫn được đọc như các hàng khác. Hãy hiện lại (bỏ lọc) để kiểm tra trước khi nhập.`,
      message_en: `${hidden.length === 1 ? 'Row' : `${hidden.length} rows`} ${rows} ${hidden.length === 1 ? 'is' : 'are'} hidden or filtered out in Excel: read like the others. Unhide them (clear the filter) to check them before importing.`,
    });
  }
  if (extra.length === 0) return read;
  return { ...read, warnings: [...read.warnings, ...extra].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
}

/** Row numbers as people write them: 7, 9–12, 15. */
function rowRanges(rows: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    out.push(j === i ? String(rows[i]) : `${rows[i]}–${rows[j]}`);
    i = j + 1;
  }
  return out.join(', ');
}
