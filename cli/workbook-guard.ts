// Node only: the door every input file passes before a library reads it. A workbook is checked
// from its zip directory (nothing inflated), then inflated once as a stream that keeps nothing,
// counting what would make exceljs's memory grow; a text table is checked for size and cell length.
import { stat, readFile } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { notRegularFile } from '../ledger/stores/file-kind.ts';
import { formatIntegerVi } from '../templates/reports/cell-values.ts';
import { columnLetter } from '../templates/table/grid.ts';
import { compoundFileKind, compoundFileNames, isCompoundFile } from './cfb-directory.ts';
import { CliError, EXIT_FAILED } from './exit.ts';
import { XmlScan } from './xml-scan.ts';
import { dataOffset, readZipDirectory, type ZipPart } from './zip-directory.ts';

export interface InputLimits {
  /** An input file's size on disk. */
  maxFileBytes: number;
  /** Every part of a workbook together, inflated: as declared, and as it really inflates. */
  maxUnzippedBytes: number;
  /** Inflated size over stored size, for parts above `ratioFloorBytes`: real sheets stay under 30. */
  maxRatio: number;
  ratioFloorBytes: number;
  maxParts: number;
  maxRowsPerSheet: number;
  maxCells: number;
  /** One text or tag in a workbook's XML: an Excel cell holds at most 32,767 characters. */
  maxTextBytes: number;
}

const MiB = 1024 * 1024;

/** An Excel cell holds at most this many characters (UTF-16 units). */
export const EXCEL_CELL_MAX = 32_767;

/**
 * The limits, from the environment where set (in MB or counts), else defaults that let a province's
 * plan of 5,000 items or a ledger sheet of 50,000 events through and keep a command under ~600 MB.
 */
export function inputLimits(env: NodeJS.ProcessEnv = process.env): InputLimits {
  const number = (name: string, fallback: number, unit = 1): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value * unit : fallback;
  };
  return {
    maxFileBytes: number('CCHC_MAX_INPUT_MB', 64 * MiB, MiB),
    maxUnzippedBytes: number('CCHC_XLSX_MAX_UNZIPPED_MB', 64 * MiB, MiB),
    maxRatio: 200,
    ratioFloorBytes: MiB,
    maxParts: 10_000,
    maxRowsPerSheet: number('CCHC_XLSX_MAX_ROWS', 100_000),
    maxCells: number('CCHC_XLSX_MAX_CELLS', 250_000),
    maxTextBytes: 256 * 1024,
  };
}

/** Reads an input file whole, refusing first (from its size alone) one larger than the limit. File-system errors pass through. */
export async function readInputFile(file: string, limits: InputLimits = inputLimits()): Promise<Uint8Array> {
  const info = await stat(file);
  const kind = notRegularFile(file, info);
  if (kind) throw refusal(kind.vi, kind.en);
  if (info.size > limits.maxFileBytes) {
    throw refusal(
      `Tệp ${file} nặng ${mbVi(info.size)}, quá giới hạn ${mbVi(limits.maxFileBytes)} cho một tệp đầu vào; không đọc. (Nếu tệp là thật, đặt biến môi trường CCHC_MAX_INPUT_MB để nâng giới hạn.)`,
      `${file} is ${mbEn(info.size)}, over the ${mbEn(limits.maxFileBytes)} limit for an input file; not read. (If the file is genuine, set CCHC_MAX_INPUT_MB to raise the limit.)`,
    );
  }
  return new Uint8Array(await readFile(file));
}

/** Whether bytes named `file` are to be read as a workbook (a zip, an OLE file, or named .xlsx/.xlsm/.xls). */
export function isWorkbookInput(bytes: Uint8Array, file: string): boolean {
  return (bytes[0] === 0x50 && bytes[1] === 0x4b) || isCompoundFile(bytes) || /\.(xlsx|xlsm|xls)$/i.test(file);
}

/**
 * Refuses a workbook that is not a whole .xlsx (not a zip, cut off, encrypted, an old .xls) or that
 * would inflate, or make exceljs build, more than the limits allow. Resolves when it is safe to load.
 */
export async function guardWorkbook(bytes: Uint8Array, file: string, limits: InputLimits = inputLimits()): Promise<void> {
  const input = /\.docx$/i.test(file) ? WORD : EXCEL;
  if (bytes.length === 0) {
    throw refusal(`Tệp ${file} trống (0 byte): không phải ${input.vi}.`, `${file} is empty (0 bytes): not ${input.en}.`);
  }
  if (isCompoundFile(bytes)) throw compoundFileRefusal(file, compoundFileKind(compoundFileNames(bytes)), input);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const start = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
    throw refusal(
      `Tệp ${file} không phải bảng tính Excel .xlsx: tệp .xlsx là một tệp nén zip, bắt đầu bằng "PK" (50 4B), còn tệp này bắt đầu bằng ${start} (có thể là tệp khác bị đổi đuôi thành .xlsx).`,
      `${file} is not an Excel .xlsx workbook: an .xlsx is a zip file starting with "PK" (50 4B), this one starts with ${start} (perhaps another kind of file renamed to .xlsx).`,
    );
  }
  const directory = readZipDirectory(bytes);
  if (!directory.ok) {
    if (directory.problem === 'no-end-record') {
      throw refusal(
        `Tệp ${file} bị cắt cụt hoặc hỏng: không thấy mục lục của tệp nén (central directory) ở cuối tệp (${formatIntegerVi(bytes.length)} byte). Thường do tải về hoặc sao chép chưa xong: hãy lấy lại tệp từ nguồn.`,
        `${file} is truncated or damaged: the zip's central directory is missing from the end of the file (${en(bytes.length)} bytes). Usually a download or copy that did not finish: get the file again from its source.`,
      );
    }
    throw refusal(
      `Tệp ${file} hỏng: mục lục của tệp nén không khớp với nội dung (tại byte ${formatIntegerVi(directory.byte)}).`,
      `${file} is damaged: the zip's central directory does not match its content (at byte ${en(directory.byte)}).`,
    );
  }
  const parts = directory.parts;
  const other = otherSpreadsheetKind(parts);
  if (other) {
    throw refusal(
      `Tệp ${file} là bảng tính ${other.vi}, không phải .xlsx (có thể bị đổi đuôi): hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng "Excel Workbook (.xlsx)".`,
      `${file} is ${other.en} spreadsheet, not an .xlsx (perhaps renamed): open it in Excel or LibreOffice and save it as "Excel Workbook (.xlsx)".`,
    );
  }
  if (parts.length > limits.maxParts) {
    throw refusal(
      `Tệp ${file} chứa ${formatIntegerVi(parts.length)} phần, quá giới hạn ${formatIntegerVi(limits.maxParts)} (một bảng tính thật có vài chục phần).`,
      `${file} holds ${en(parts.length)} parts, over the limit of ${en(limits.maxParts)} (a real workbook has a few dozen).`,
    );
  }
  const names = await sheetNames(bytes, parts);
  const label = (part: ZipPart) => partLabel(part.name, names);
  // Two entries of one name: one program reads the first, another the last, so what is checked here
  // need not be what is read.
  const seen = new Set<string>();
  for (const part of parts) {
    if (seen.has(part.name)) {
      throw refusal(
        `Tệp ${file} chứa hai lần ${label(part).vi} (hai mục cùng tên trong tệp nén): không biết đọc bản nào, tệp đã bị sửa hoặc hỏng; bị từ chối. Hãy mở bằng ${input.app}, lưu lại rồi thử lại.`,
        `${file} holds ${label(part).en} twice (two zip entries of the same name): which one is meant is unknown, the file was altered or is damaged; refused. Open it in ${input.app}, save it again, and try again.`,
      );
    }
    seen.add(part.name);
  }
  for (const part of parts) {
    if (part.encrypted || (part.method !== 0 && part.method !== 8)) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file} ${part.encrypted ? 'được mã hóa' : `được nén theo cách không hỗ trợ (phương thức ${part.method})`}: không phải một ${input.vi} thông thường.`,
        `${capitalised(label(part).en)} of ${file} ${part.encrypted ? 'is encrypted' : `uses a compression method this program does not read (method ${part.method})`}: not an ordinary ${input.en.replace(/^an? /, '')}.`,
      );
    }
  }

  // Refused from what the directory declares, before anything is inflated.
  const declared = parts.reduce((n, p) => n + p.size, 0);
  if (declared > limits.maxUnzippedBytes) {
    const largest = parts.reduce((a, b) => (b.size > a.size ? b : a));
    throw refusal(
      `Tệp ${file} khi giải nén sẽ thành ${mbVi(declared)} (phần lớn nhất: ${label(largest).vi}, ${mbVi(largest.size)}), quá giới hạn ${mbVi(limits.maxUnzippedBytes)}: có thể là "bom nén". Không giải nén gì. (Nếu tệp là thật, đặt CCHC_XLSX_MAX_UNZIPPED_MB để nâng giới hạn.)`,
      `${file} would inflate to ${mbEn(declared)} (largest part: ${label(largest).en}, ${mbEn(largest.size)}), over the ${mbEn(limits.maxUnzippedBytes)} limit: possibly a zip bomb. Nothing was inflated. (If the file is genuine, set CCHC_XLSX_MAX_UNZIPPED_MB to raise the limit.)`,
    );
  }
  for (const part of parts) {
    const ratio = part.size / Math.max(1, part.compressedSize);
    if (part.size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file} bị nén ${formatIntegerVi(Math.round(ratio))} lần (${formatIntegerVi(part.compressedSize)} byte thành ${mbVi(part.size)}), vượt mức ${limits.maxRatio} lần: dấu hiệu của "bom nén". Không giải nén.`,
        `${capitalised(label(part).en)} of ${file} is compressed ${en(Math.round(ratio))} to 1 (${en(part.compressedSize)} bytes into ${mbEn(part.size)}), above ${limits.maxRatio} to 1: the mark of a zip bomb. Nothing was inflated.`,
      );
    }
  }

  // Inflated once, as a stream: sizes that lie, and sheets that would build too many rows or cells.
  let inflatedTotal = 0;
  let cells = 0;
  // The shared strings first: a sheet's cells are then counted by the text they point to.
  const SHARED = 'xl/sharedStrings.xml';
  let strings: readonly number[] = [];
  for (const part of [...parts].sort((a, b) => Number(b.name === SHARED) - Number(a.name === SHARED))) {
    const xml = /\.(xml|rels|vml)$/i.test(part.name);
    const scan = new XmlScan(limits.maxTextBytes, strings);
    let inflated = 0;
    const outcome = await inflate(bytes, part, (chunk) => {
      inflated += chunk.length;
      if (inflated > part.size || inflatedTotal + inflated > limits.maxUnzippedBytes) return false;
      if (xml) scan.push(chunk);
      return scan.overrun === null && scan.rows <= limits.maxRowsPerSheet && cells + scan.cells <= limits.maxCells && scan.sharedTextBytes <= limits.maxUnzippedBytes;
    });
    if (outcome instanceof Error) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file} hỏng, không giải nén được (${outcome.message}).`,
        `${capitalised(label(part).en)} of ${file} is damaged and cannot be inflated (${outcome.message}).`,
      );
    }
    if (inflated > part.size || inflatedTotal + inflated > limits.maxUnzippedBytes) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file} giải nén ra nhiều hơn kích thước tệp tự khai (${formatIntegerVi(part.size)} byte; đã dừng ở ${formatIntegerVi(inflated)} byte): tệp khai sai kích thước, có thể là "bom nén"; bị từ chối.`,
        `${capitalised(label(part).en)} of ${file} inflates past the ${en(part.size)} bytes its headers declare (stopped at ${en(inflated)}): the file lies about its sizes, possibly a zip bomb; refused.`,
      );
    }
    if (scan.rows > limits.maxRowsPerSheet) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file} có hơn ${formatIntegerVi(limits.maxRowsPerSheet)} hàng (giới hạn): thường là hàng trống được định dạng tới cuối trang. Hãy xóa các hàng trống bên dưới bảng (chọn từ hàng ngay dưới bảng, Ctrl+Shift+↓, Xóa hàng), lưu lại rồi thử lại. (Đặt CCHC_XLSX_MAX_ROWS để nâng giới hạn.)`,
        `${capitalised(label(part).en)} of ${file} has more than ${en(limits.maxRowsPerSheet)} rows (the limit): usually empty rows formatted down to the bottom. Delete the empty rows below the table (select the row under it, Ctrl+Shift+Down, Delete rows), save, and try again. (Set CCHC_XLSX_MAX_ROWS to raise the limit.)`,
      );
    }
    if (scan.sharedTextBytes > limits.maxUnzippedBytes) {
      throw refusal(
        `${capitalised(label(part).vi)} của tệp ${file}: các ô trỏ tới danh sách chữ dùng chung nhiều lần tới mức khi đọc sẽ thành hơn ${mbVi(limits.maxUnzippedBytes)} chữ (giới hạn; đã dừng ở ô ${scan.lastCell ?? '?'}), dù tệp nhỏ: tệp không do Excel tạo ra hoặc đã bị sửa; bị từ chối trước khi đọc. (Nếu tệp là thật, đặt CCHC_XLSX_MAX_UNZIPPED_MB để nâng giới hạn.)`,
        `${capitalised(label(part).en)} of ${file}: its cells point into the shared strings so many times that reading them would make more than ${mbEn(limits.maxUnzippedBytes)} of text (the limit; stopped at cell ${scan.lastCell ?? '?'}), small as the file is: it was not made by Excel, or was altered; refused before reading. (If the file is genuine, set CCHC_XLSX_MAX_UNZIPPED_MB to raise the limit.)`,
      );
    }
    if (part.name === SHARED) strings = scan.stringBytes;
    cells += scan.cells;
    if (cells > limits.maxCells) {
      throw refusal(
        `Tệp ${file} có hơn ${formatIntegerVi(limits.maxCells)} ô có dữ liệu (giới hạn; tới ${label(part).vi}), nhiều hơn mọi bảng phụ lục hay sổ theo dõi. (Đặt CCHC_XLSX_MAX_CELLS để nâng giới hạn.)`,
        `${file} has more than ${en(limits.maxCells)} cells (the limit; reached in ${label(part).en}), more than any appendix table or ledger sheet. (Set CCHC_XLSX_MAX_CELLS to raise the limit.)`,
      );
    }
    if (scan.overrun) {
      const { kind, at, cell } = scan.overrun;
      const where = { vi: `${label(part).vi}${cell ? `, sau ô ${cell}` : ''}, byte ${formatIntegerVi(at)}`, en: `${label(part).en}${cell ? `, after cell ${cell}` : ''}, byte ${en(at)}` };
      throw refusal(
        `Tệp ${file}: ${kind === 'text' ? 'một nội dung' : 'một thẻ XML'} dài hơn ${formatIntegerVi(limits.maxTextBytes / 1024)} KB (${where.vi}), trong khi một ô ${input.app === 'Excel' ? 'Excel' : 'bảng'} chứa tối đa ${formatIntegerVi(EXCEL_CELL_MAX)} ký tự: tệp không do ${input.app} tạo ra hoặc đã bị sửa; bị từ chối.`,
        `${file}: ${kind === 'text' ? 'a text' : 'an XML tag'} longer than ${limits.maxTextBytes / 1024} KB (${where.en}), while ${input.app === 'Excel' ? 'an Excel' : 'a table'} cell holds at most ${en(EXCEL_CELL_MAX)} characters: the file was not made by ${input.app}, or was altered; refused.`,
      );
    }
    inflatedTotal += inflated;
  }
}

/**
 * Refuses a text table with a cell longer than an Excel cell can hold, naming its line and column,
 * before the reader tidies every cell of it. Cells are counted between tabs and line ends.
 */
export function guardTextTable(text: string, file: string): void {
  let line = 1;
  let column = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 0x09 || c === 0x0a || c === 0x0d) {
      if (i - start > EXCEL_CELL_MAX) {
        throw refusal(
          `Tệp ${file}, dòng ${formatIntegerVi(line)}, cột ${columnLetter(column)}: ô dài ${formatIntegerVi(i - start)} ký tự, quá giới hạn ${formatIntegerVi(EXCEL_CELL_MAX)} ký tự của một ô bảng tính; bị từ chối.`,
          `${file}, line ${en(line)}, column ${columnLetter(column)}: a cell of ${en(i - start)} characters, over the ${en(EXCEL_CELL_MAX)} characters a spreadsheet cell holds; refused.`,
        );
      }
      if (c === 0x09) column++;
      else if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
        line++;
        column = 1;
      }
      start = i + 1;
    }
  }
}

/** Inflates one part, handing each chunk to `take` (false stops); an Error when the stream is damaged. */
async function inflate(bytes: Uint8Array, part: ZipPart, take: (chunk: Uint8Array) => boolean): Promise<'done' | 'stopped' | Error> {
  const start = dataOffset(bytes, part);
  const stored = bytes.subarray(start, start + part.compressedSize);
  if (stored.length < part.compressedSize) return new Error('phần bị cắt cụt / the part is cut off');
  if (part.method === 0) {
    for (let at = 0; at < stored.length; at += 64 * 1024) if (!take(stored.subarray(at, at + 64 * 1024))) return 'stopped';
    return 'done';
  }
  const stream = createInflateRaw({ chunkSize: 64 * 1024 });
  stream.end(stored);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!take(chunk)) {
        stream.destroy();
        return 'stopped';
      }
    }
    return 'done';
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Sheet names by part ("xl/worksheets/sheet1.xml" → "Phụ lục"), from the workbook and its relationships; empty when unreadable. */
/** Other spreadsheet formats that are zips too, told by their parts: OpenDocument (.ods) and Excel binary (.xlsb). */
function otherSpreadsheetKind(parts: readonly ZipPart[]): { vi: string; en: string } | null {
  const names = new Set(parts.map((p) => p.name));
  if (names.has('mimetype') && names.has('content.xml')) return { vi: 'OpenDocument (.ods)', en: 'an OpenDocument (.ods)' };
  if (names.has('xl/workbook.bin')) return { vi: 'Excel nhị phân (.xlsb)', en: 'an Excel binary (.xlsb)' };
  return null;
}

/** The names of a zip workbook's sheets (none when it is not a whole zip): read from workbook.xml alone. */
export async function workbookSheetNames(bytes: Uint8Array): Promise<string[]> {
  const directory = readZipDirectory(bytes);
  return directory.ok ? [...(await sheetNames(bytes, directory.parts)).values()] : [];
}

async function sheetNames(bytes: Uint8Array, parts: readonly ZipPart[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const text = async (name: string): Promise<string> => {
    const part = parts.find((p) => p.name === name);
    if (!part || part.size > MiB) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    const outcome = await inflate(bytes, part, (chunk) => {
      size += chunk.length;
      chunks.push(chunk);
      return size <= MiB;
    });
    return outcome === 'done' ? Buffer.concat(chunks).toString('utf8') : '';
  };
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  const targets = new Map<string, string>();
  for (const [tag] of (await text('xl/_rels/workbook.xml.rels')).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  for (const [tag] of (await text('xl/workbook.xml')).matchAll(/<sheet\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const id = attribute(tag, '[\\w]+:id');
    const target = id && targets.get(id);
    if (name && target) names.set(target, unescapeXml(name));
  }
  return names;
}

function partLabel(part: string, names: Map<string, string>): { vi: string; en: string } {
  const sheet = names.get(part);
  if (sheet !== undefined) return { vi: `trang "${sheet}" (${part})`, en: `sheet "${sheet}" (${part})` };
  if (part === 'xl/sharedStrings.xml') return { vi: `danh sách chữ dùng chung (${part})`, en: `the shared strings (${part})` };
  return { vi: `phần ${part}`, en: `part ${part}` };
}

function compoundFileRefusal(file: string, kind: ReturnType<typeof compoundFileKind>, expected: InputKind): CliError {
  switch (kind) {
    case 'encrypted-workbook':
      if (expected === WORD) {
        return refusal(
          `Tệp ${file} được đặt mật khẩu (văn bản Word đã mã hóa): chương trình không mở được. Hãy mở bằng Word, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ Tài liệu > Mã hóa bằng Mật khẩu, xóa mật khẩu), lưu lại rồi thử lại.`,
          `${file} is password-protected (an encrypted Word document): it cannot be opened here. Open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password, clear it), save, and try again.`,
        );
      }
      return refusal(
        `Tệp ${file} được đặt mật khẩu (bảng tính đã mã hóa): chương trình không mở được. Hãy mở bằng Excel, gỡ mật khẩu (Tệp > Thông tin > Bảo vệ Sổ làm việc > Mã hóa bằng Mật khẩu, xóa mật khẩu), lưu lại rồi thử lại.`,
        `${file} is password-protected (an encrypted workbook): it cannot be opened here. Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and try again.`,
      );
    case 'old-excel':
      return refusal(
        `Tệp ${file} là bảng tính Excel 97–2003 (.xls), định dạng cũ chương trình không đọc. Hãy mở bằng Excel và lưu dưới dạng "Sổ làm việc Excel (*.xlsx)" (nếu tệp có mật khẩu, gỡ mật khẩu khi lưu).`,
        `${file} is an Excel 97–2003 workbook (.xls), an old format this program does not read. Open it in Excel and save it as "Excel Workbook (*.xlsx)" (removing any password as you do).`,
      );
    default: {
      const what = { word: ['văn bản Word (.doc)', 'a Word document (.doc)'], powerpoint: ['bản trình chiếu PowerPoint (.ppt)', 'a PowerPoint file (.ppt)'], other: ['tệp Office đời cũ (định dạng OLE), có thể là bảng tính mã hóa hoặc .xls cũ bị hỏng', 'an old Office file (OLE format): an encrypted workbook or an old .xls, perhaps damaged'] }[kind];
      return refusal(
        `Tệp ${file} là ${what[0]}, không phải ${expected === WORD ? 'văn bản Word .docx' : 'bảng tính Excel .xlsx'}.`,
        `${file} is ${what[1]}, not ${expected === WORD ? 'a Word .docx document' : 'an Excel .xlsx workbook'}.`,
      );
    }
  }
}

/** What the file is taken to be, for the messages: a .docx goes through the same door as a workbook. */
interface InputKind {
  vi: string;
  en: string;
  app: string;
}
const EXCEL: InputKind = { vi: 'bảng tính Excel', en: 'an Excel workbook', app: 'Excel' };
const WORD: InputKind = { vi: 'văn bản Word', en: 'a Word document', app: 'Word' };

const refusal = (vi: string, en: string) => new CliError(vi, en, EXIT_FAILED);
const en = (n: number) => n.toLocaleString('en-US');
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const mbEn = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;
const mbVi = (bytes: number) => `${formatIntegerVi(Math.trunc(bytes / MiB))},${Math.trunc(((bytes / MiB) % 1) * 10)} MB`;
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

