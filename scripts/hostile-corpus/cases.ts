// The hostile corpus: every file a command may be handed that is not what it should be, written
// into a directory at test time (nothing binary is committed). Each case says what it is; what the
// commands must do with it is the reliability tests' to say.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { LedgerEvent } from '../../ledger/events.ts';
import { ledgerLines, ndjson, parsedLines, resealed } from './ledgers.ts';
import { minimalXlsx, SHEET_HEAD, SHEET_TAIL, sheetXml, type Cell } from './minimal-xlsx.ts';
import { BODY, HEADER, hostileBody, TITLE, tableRows, tableText } from './sample-table.ts';
import { deflatedSegments, zipFile } from './zip-writer.ts';

export type CaseGroup = 'workbook' | 'text-table' | 'ndjson' | 'ledger-sheet';

export interface CorpusCase {
  id: string;
  group: CaseGroup;
  /** The file, relative to the corpus directory. */
  file: string;
  what: string;
}

export interface Corpus {
  dir: string;
  cases: CorpusCase[];
  /** Good inputs the hostile ones are made from: a table and its ledger, as .xlsx, .txt and .ndjson. */
  good: { table: string; text: string; ledger: string; ledgerWorkbook: string; hostileTable: string };
}

const MiB = 1024 * 1024;
const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Writes the corpus into `dir` (created if missing): the good inputs, and the cases of `groups`
 * (default all). Every case of those groups is listed; only those `made` keeps get their file (the
 * large ones are not even built otherwise: a test that tries a cross-section does not pay for the rest).
 */
export async function writeCorpus(
  dir: string,
  groups: readonly CaseGroup[] = ['workbook', 'text-table', 'ndjson', 'ledger-sheet'],
  made: (id: string) => boolean = () => true,
): Promise<Corpus> {
  mkdirSync(dir, { recursive: true });
  const cases: CorpusCase[] = [];
  const put: Put = (group, id, ext, what, bytes) => {
    const file = `${id}.${ext}`;
    if (made(id)) writeFileSync(join(dir, file), typeof bytes === 'function' ? bytes() : bytes);
    cases.push({ id, group, file, what });
  };

  // ---- good inputs -------------------------------------------------------------------------
  const good = {
    table: join(dir, 'good-table.xlsx'),
    text: join(dir, 'good-table.txt'),
    ledger: join(dir, 'good-ledger.ndjson'),
    ledgerWorkbook: join(dir, 'good-ledger.xlsx'),
    hostileTable: join(dir, 'hostile-table.xlsx'),
  };
  const table = minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows()) }]);
  writeFileSync(good.table, table);
  writeFileSync(good.text, tableText());
  const lines = await ledgerLines(table, 'good-table.xlsx');
  writeFileSync(good.ledger, ndjson(lines));
  const events = lines.map((l) => LedgerEvent.parse(JSON.parse(l)));
  writeFileSync(good.ledgerWorkbook, await ledgerWorkbook(events));
  writeFileSync(good.hostileTable, minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows(hostileBody())) }]));

  if (groups.includes('workbook')) writeWorkbooks(put, table);
  if (groups.includes('text-table')) writeTextTables(put);
  if (groups.includes('ndjson')) writeLedgers(put, lines);
  if (groups.includes('ledger-sheet')) await writeSheetEdits(put, events);
  return { dir, cases, good };
}

/** A case's bytes, or how to build them when building costs (the file is then made only if wanted). */
type Put = (group: CaseGroup, id: string, ext: string, what: string, bytes: Uint8Array | string | (() => Uint8Array | string)) => void;

function writeWorkbooks(put: Put, table: Uint8Array): void {
  put('workbook', 'wb-not-a-zip', 'xlsx', 'a PDF renamed to .xlsx', '%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n');
  put('workbook', 'wb-empty', 'xlsx', 'an empty file (0 bytes) named .xlsx', new Uint8Array());
  put('workbook', 'wb-truncated', 'xlsx', 'a workbook cut off at 60% (a download that stopped)', table.subarray(0, Math.floor(table.length * 0.6)));
  put('workbook', 'wb-directory-outside', 'xlsx', "a zip whose end record points its directory past the file's end", directoryPastEnd(table));
  const bombMiB = 4095;
  let built: ReturnType<typeof deflatedSegments> | undefined;
  const bomb = () => (built ??= deflatedSegments([{ bytes: utf8(SHEET_HEAD) }, { bytes: new Uint8Array(MiB).fill(0x20), times: bombMiB }, { bytes: utf8(SHEET_TAIL) }]));
  put('workbook', 'wb-zip-bomb', 'xlsx', `a sheet that inflates to ${((bombMiB * MiB) / 2 ** 30).toFixed(1)} GiB of XML (4 MB on disk), sizes declared honestly`, () => minimalXlsx([{ name: 'Phụ lục', entry: { deflated: bomb() } }]));
  put(
    'workbook',
    'wb-zip-bomb-lying',
    'xlsx',
    'the same 4 GiB sheet, its headers claiming 2,000 bytes',
    () => minimalXlsx([{ name: 'Phụ lục', entry: { deflated: bomb(), claim: { size: 2000 } } }]),
  );
  const dense = deflatedSegments([{ bytes: utf8(SHEET_HEAD) }, { bytes: new Uint8Array(MiB).fill(0x20), times: 12 }, { bytes: utf8(SHEET_TAIL) }]);
  put('workbook', 'wb-ratio', 'xlsx', 'a 12 MiB sheet squeezed 1,000 to 1 (under the size cap, over the ratio cap)', minimalXlsx([{ name: 'Phụ lục', entry: { deflated: dense } }]));
  put('workbook', 'wb-many-parts', 'xlsx', 'a zip of 20,001 parts', () => manyParts(20_000));
  put('workbook', 'wb-encrypted', 'xlsx', 'a password-protected workbook (an OLE file holding EncryptionInfo and EncryptedPackage)', encryptedWorkbook());
  put('workbook', 'wb-old-xls', 'xls', 'an Excel 97-2003 workbook (BIFF8)', oldXls());
  put('workbook', 'wb-old-xls-renamed', 'xlsx', 'an Excel 97-2003 workbook renamed to .xlsx', oldXls());
  put('workbook', 'wb-million-rows', 'xlsx', 'the table followed by 1,000,000 empty rows', () => millionRows());
  put('workbook', 'wb-10mb-cell', 'xlsx', 'a task whose text is 10,000,000 characters (random words, compressed as text is)', () => minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows([...BODY, [4, randomWords(10_000_000, 13), 'Báo cáo', 'Quý IV/2021', 'Sở Nội vụ']])) }]));
  put('workbook', 'wb-near-limits', 'xlsx', 'just under the limits: 590 cells of 80,000 characters, 59 MB of sheet XML', () => minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows([...BODY, ...Array.from({ length: 590 }, (_, i) => [i + 10, randomWords(80_000, 100 + i), 'Báo cáo', 'Quý IV/2021', 'Sở Nội vụ'])])) }]));
  put('workbook', 'wb-40k-cell', 'xlsx', "a task whose text is 40,000 characters (more than an Excel cell holds)", minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows([...BODY, [4, 'Rà soát '.repeat(5_000), 'Báo cáo', 'Quý IV/2021', 'Sở Nội vụ']])) }]));
  put('workbook', 'wb-formulas-errors', 'xlsx', 'formulas (with and without cached results) and error values (#REF!, #N/A, #DIV/0!) inside the table', minimalXlsx([{ name: 'Phụ lục', xml: sheetXml(tableRows(formulaBody())) }]));
  put('workbook', 'wb-200-sheets', 'xlsx', '200 sheets, the table on the last one', () => minimalXlsx(Array.from({ length: 200 }, (_, i) => ({ name: `Trang ${i + 1}`, xml: sheetXml(i === 199 ? tableRows() : [[`Trang ${i + 1}`]]) }))));
  put('workbook', 'wb-no-header', 'xlsx', 'task rows with no header row above them', minimalXlsx([{ name: 'Phụ lục', xml: sheetXml([[TITLE], ...BODY]) }]));
  put('workbook', 'wb-header-only', 'xlsx', 'the header row and nothing under it', minimalXlsx([{ name: 'Phụ lục', xml: sheetXml([[TITLE], HEADER]) }]));
  put('workbook', 'wb-unknown-columns', 'xlsx', 'a header whose every column is unknown', minimalXlsx([{ name: 'Phụ lục', xml: sheetXml([[TITLE], ['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4'], ...BODY]) }]));
  put('workbook', 'wb-empty-sheet', 'xlsx', 'a workbook whose only sheet is empty', minimalXlsx([{ name: 'Sheet1', xml: sheetXml([]) }]));

}

function writeTextTables(put: Put): void {
  put('text-table', 'txt-bom', 'txt', 'UTF-8 with a byte-order mark', `\ufeff${tableText()}`);
  put('text-table', 'txt-crlf', 'txt', 'Windows line ends (CRLF)', tableText('\r\n'));
  put('text-table', 'txt-utf16', 'txt', 'UTF-16 LE with a byte-order mark (Excel\'s "Unicode Text")', utf16le(`\ufeff${tableText('\r\n')}`));
  put('text-table', 'txt-windows-1258', 'txt', 'the table saved in Windows-1258 (the Vietnamese Windows code page), not UTF-8', windows1258(tableText()));
  put('text-table', 'txt-ragged', 'tsv', 'rows of 1 to 9 cells (ragged)', ragged());
  put('text-table', 'txt-binary', 'txt', 'random bytes named .txt', randomBytes(64 * 1024, 7));
  put('text-table', 'txt-huge-line', 'txt', 'a 12 MB line (one cell) after the table', () => `${tableText()}${'Ghi chú '.repeat(1_500_000)}\n`);

}

function writeLedgers(put: Put, lines: string[]): void {
  const values = parsedLines(lines);
  const at = (n: number) => lines.slice(0, n);
  put('ndjson', 'nd-not-json', 'ndjson', 'line 3 is not JSON', ndjson([...at(2), '{"v":1,"seq":3,"type":"status.changed",', ...lines.slice(3)]));
  put('ndjson', 'nd-blank-line', 'ndjson', 'an empty line between events', ndjson([...at(2), '', ...lines.slice(2)]));
  put('ndjson', 'nd-wrong-shape', 'ndjson', 'line 3 is JSON but not an event ({"hello":"world"})', ndjson([...at(2), '{"hello":"world"}', ...lines.slice(2)]));
  put('ndjson', 'nd-array-line', 'ndjson', 'line 3 is a JSON array', ndjson([...at(2), '[1,2,3]', ...lines.slice(2)]));
  put('ndjson', 'nd-null-last', 'ndjson', 'the last line is JSON null', ndjson([...lines, 'null']));
  put('ndjson', 'nd-proto-key', 'ndjson', 'an event (hashes correct) carrying "__proto__": {"polluted": true} in its data', ndjson(withForeignKey(values, '__proto__')));
  put('ndjson', 'nd-constructor-key', 'ndjson', 'an event (hashes correct) carrying "constructor": {"prototype": {"polluted": true}} at its top level', ndjson(withForeignKey(values, 'constructor')));
  put('ndjson', 'nd-proto-ids', 'ndjson', 'a valid ledger whose event ids are "__proto__", "constructor", "toString" and whose items are named the same', ndjson(protoIds(values)));
  put('ndjson', 'nd-50mb-line', 'ndjson', 'a 50 MB line (one event with a 50 MB note) in the middle', () => hugeLine(lines, 50 * MiB));
  put('ndjson', 'nd-unknown-version', 'ndjson', 'an event (hashes correct) in format version 2', ndjson(resealed(values.map((v, i) => (i === 3 ? { ...v, v: 2 } : v)))));
  put('ndjson', 'nd-duplicate-seq', 'ndjson', 'line 4 repeated (the same seq twice)', ndjson([...at(4), lines[3]!, ...lines.slice(4)]));
  put('ndjson', 'nd-duplicate-id', 'ndjson', 'two events with the same id (hashes correct)', ndjson(resealed(values.map((v, i) => (i === 4 ? { ...v, id: values[2]!.id } : v)))));
  put('ndjson', 'nd-gap', 'ndjson', 'line 4 removed (a gap in seq)', ndjson([...at(3), ...lines.slice(4)]));
  put('ndjson', 'nd-future-at', 'ndjson', 'an event recorded in 2099 (hashes correct)', ndjson(resealed(values.map((v, i) => (i === values.length - 1 ? { ...v, at: '2099-01-01T00:00:00.000Z' } : v)))));
  put('ndjson', 'nd-torn-tail', 'ndjson', 'the last line cut off half way (a crash during a write)', ndjson(lines).slice(0, -Math.floor(lines.at(-1)!.length / 2)));
  put('ndjson', 'nd-events-after-torn', 'ndjson', 'a torn line followed by more events', ndjson([...at(3), lines[3]!.slice(0, 40), ...lines.slice(3)]));
  put('ndjson', 'nd-bom', 'ndjson', 'a byte-order mark before the first line (saved by Notepad)', `\ufeff${ndjson(lines)}`);
  put('ndjson', 'nd-invalid-utf8', 'ndjson', 'bytes that are not UTF-8 inside an event', invalidUtf8(lines));
  put('ndjson', 'nd-lone-surrogate', 'ndjson', 'a note holding a lone UTF-16 surrogate (\\ud800), hashes computed as JSON.stringify writes it', ndjson([...at(4), lines[4]!.replace('"Đã kiểm tra', '"\\ud800Đã kiểm tra'), ...lines.slice(5)]));
  put('ndjson', 'nd-deep-nesting', 'ndjson', 'a line of 100,000 nested arrays', ndjson([...at(2), '['.repeat(100_000) + ']'.repeat(100_000), ...lines.slice(2)]));
  put('ndjson', 'nd-binary', 'ndjson', 'random bytes named .ndjson', randomBytes(256 * 1024, 11));

}

async function writeSheetEdits(put: Put, events: LedgerEvent[]): Promise<void> {
  const ledgerBook = Buffer.from(await ledgerWorkbook(events));
  for (const [id, what, edit] of sheetEdits()) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(ledgerBook as unknown as ArrayBuffer);
    edit(workbook.getWorksheet('_cchc_ledger')!);
    put('ledger-sheet', id, 'xlsx', what, new Uint8Array(await workbook.xlsx.writeBuffer()));
  }
}

/** A workbook holding the table and, very hidden, the ledger sheet (as the add-in saves it). */
async function ledgerWorkbook(events: LedgerEvent[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Phụ lục');
  for (const row of tableRows()) sheet.addRow(row.map((c) => (c === null ? undefined : c)));
  await writeLedgerSheet(workbook, events);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

type SheetEdit = [id: string, what: string, edit: (sheet: ExcelJS.Worksheet) => void];

/** Hand edits of the ledger sheet (row 1 is its header, event seq n is on row n + 1). */
export function sheetEdits(): SheetEdit[] {
  const text = (sheet: ExcelJS.Worksheet, address: string) => String(sheet.getCell(address).value);
  return [
    ['ls-cell-changed', 'the status in seq 4 changed from "done" to "in_progress" in its JSON cell', (s) => {
      s.getCell('C5').value = text(s, 'C5').replace('"status":"done"', '"status":"in_progress"');
    }],
    ['ls-date-changed', 'the effective date of seq 2 moved a month earlier', (s) => {
      s.getCell('C3').value = text(s, 'C3').replace('"effective":"2021-01-18"', '"effective":"2020-12-18"');
    }],
    ['ls-row-deleted', 'the row of seq 3 deleted', (s) => s.spliceRows(4, 1)],
    ['ls-rows-swapped', 'the rows of seq 3 and seq 4 swapped', (s) => {
      const a = s.getRow(4).values;
      const b = s.getRow(5).values;
      s.getRow(4).values = b as ExcelJS.CellValue[];
      s.getRow(5).values = a as ExcelJS.CellValue[];
    }],
    ['ls-row-duplicated', 'the row of seq 5 pasted again under it', (s) => {
      s.spliceRows(7, 0, s.getRow(6).values as ExcelJS.CellValue[]);
    }],
    ['ls-last-row-deleted', 'the last row deleted', (s) => s.spliceRows(s.rowCount, 1)],
    ['ls-seq-cell-changed', 'the seq in column A of row 5 typed over', (s) => {
      s.getCell('A5').value = 9;
    }],
    ['ls-hash-cell-changed', 'the hash in column B of row 3 typed over', (s) => {
      s.getCell('B3').value = 'f'.repeat(64);
    }],
    ['ls-json-broken', 'a brace deleted from the JSON of seq 6', (s) => {
      s.getCell('C7').value = text(s, 'C7').slice(0, -1);
    }],
    ['ls-header-changed', 'the header cell A1 typed over', (s) => {
      s.getCell('A1').value = 'Sổ theo dõi';
    }],
    ['ls-formula', 'a formula typed into the JSON cell of seq 2', (s) => {
      s.getCell('C3').value = { formula: 'CONCAT("{",1,"}")', result: '{1}' } as ExcelJS.CellValue;
    }],
  ];
}

/** A zip whose end record says the central directory starts past the end of the file. */
function directoryPastEnd(zip: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(zip);
  const view = new DataView(copy.buffer);
  const end = copy.length - 22;
  view.setUint32(end + 16, copy.length + 1000, true);
  return copy;
}

function manyParts(count: number): Uint8Array {
  const entries = Array.from({ length: count }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: new Uint8Array([i & 0xff]), stored: true }));
  return zipFile([{ name: '[Content_Types].xml', data: utf8('<Types/>') }, ...entries]);
}

function encryptedWorkbook(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', randomBytes(400, 3));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', randomBytes(12_000, 5));
  return XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array;
}

function oldXls(): Uint8Array {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(tableRows() as unknown[][]), 'Phụ lục');
  return XLSX.write(book, { bookType: 'biff8', type: 'buffer' }) as Uint8Array;
}

function millionRows(): Uint8Array {
  const head = sheetXml(tableRows()).slice(0, -SHEET_TAIL.length);
  const rows: string[] = [head];
  for (let r = tableRows().length + 1; r <= 1_000_000; r++) rows.push(`<row r="${r}"/>`);
  rows.push(SHEET_TAIL);
  return minimalXlsx([{ name: 'Phụ lục', xml: rows.join('') }]);
}

function formulaBody(): Cell[][] {
  return [
    ['I', 'Công tác chỉ đạo, điều hành'],
    [{ formula: 'ROW()-3', result: 1 }, 'Xây dựng kế hoạch', { error: '#REF!' }, 'Quý I/2021', 'Sở Nội vụ'],
    [2, { formula: '"Kiểm tra "&"công tác"', result: 'Kiểm tra công tác' }, 'Báo cáo', { error: '#N/A' }, 'Sở Nội vụ'],
    [3, 'Tổng hợp báo cáo', { formula: 'VLOOKUP(A1,Z:Z,2,0)' }, 'Quý IV/2021', { error: '#DIV/0!' }],
    [4, '=1+1', 'Báo cáo', 'Quý III/2021', 'Sở Tư pháp'],
  ];
}

function ragged(): string {
  const rows = tableText().split('\n').filter(Boolean).map((l) => l.split('\t'));
  return rows.map((cells, i) => cells.slice(0, 1 + ((i * 5) % 9)).concat(i % 3 === 0 ? ['', '', 'thừa'] : []).join('\t')).join('\n') + '\n';
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 * i] = code & 0xff;
    out[2 * i + 1] = code >> 8;
  }
  return out;
}

/**
 * The text in Windows-1258, the Vietnamese Windows code page (what an old editor saves): letters
 * with a circumflex, breve or horn as one byte, tone marks as combining bytes after them.
 */
function windows1258(text: string): Uint8Array {
  const decoder = new TextDecoder('windows-1258');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(new Uint8Array([b])), b);
  const out: number[] = [];
  for (const c of text) {
    const direct = byteOf.get(c);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const marks = [...c.normalize('NFD')];
    const tones = marks.filter((m) => TONE_MARKS.includes(m));
    const base = marks.filter((m) => !TONE_MARKS.includes(m)).join('').normalize('NFC');
    const bytes = [base, ...tones].map((part) => byteOf.get(part));
    out.push(...(bytes.every((b) => b !== undefined) ? (bytes as number[]) : [0x3f]));
  }
  return Uint8Array.from(out);
}

const TONE_MARKS = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

/** `length` characters of Vietnamese words in a seeded random order: text that compresses as real text does. */
function randomWords(length: number, seed: number): string {
  const words = 'rà soát xây dựng kế hoạch cải cách hành chính thủ tục một cửa liên thông báo cáo kiểm tra đôn đốc sở ban ngành tỉnh huyện xã'.split(' ');
  const pick = randomBytes(Math.ceil(length / 3), seed);
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const word = words[pick[i % pick.length]! % words.length]!;
    out.push(word);
    size += word.length + 1;
  }
  return out.join(' ').slice(0, length);
}

function randomBytes(length: number, seed: number): Uint8Array {
  let a = seed;
  return Uint8Array.from({ length }, () => {
    a = (Math.imul(a, 1103515245) + 12345) & 0x7fffffff;
    return a >> 16;
  });
}

/** A key the format does not have, planted into one event whose hash is then right for it. */
function withForeignKey(values: Array<Record<string, unknown>>, key: '__proto__' | 'constructor'): string[] {
  return resealed(
    values.map((v, i) => {
      if (i !== 2) return v;
      const line = JSON.stringify(v);
      // Built as JSON text: an object literal's "__proto__" would set a prototype, not a key.
      return key === '__proto__'
        ? (JSON.parse(line.replace('"data":{', '"data":{"__proto__":{"polluted":true},')) as Record<string, unknown>)
        : (JSON.parse(line.replace('{', '{"constructor":{"prototype":{"polluted":true}},')) as Record<string, unknown>);
    }),
  );
}

/** The ledger with its ids and item ids renamed to names every object inherits. */
function protoIds(values: Array<Record<string, unknown>>): string[] {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
  let text = JSON.stringify(values);
  const imported = values[0] as { data: { items: Array<{ id: string }> } };
  imported.data.items.slice(0, 3).forEach((item, i) => {
    text = text.replaceAll(`"${item.id}"`, `"${names[i]}"`);
  });
  const renamed = JSON.parse(text) as Array<Record<string, unknown>>;
  return resealed(renamed.map((v, i) => ({ ...v, id: names[i] ?? v.id })));
}

function hugeLine(lines: string[], size: number): Uint8Array {
  const event = JSON.parse(lines[4]!) as { data: { note: string } };
  const note = 'Ghi chú rất dài. '.repeat(Math.ceil(size / 17)).slice(0, size);
  const big = JSON.stringify({ ...event, data: { ...event.data, note } });
  return utf8(ndjson([...lines.slice(0, 4), big, ...lines.slice(5)]));
}

function invalidUtf8(lines: string[]): Uint8Array {
  const bytes = utf8(ndjson(lines));
  const at = utf8(ndjson(lines.slice(0, 4))).length + 60;
  bytes[at] = 0xff;
  bytes[at + 1] = 0xfe;
  return bytes;
}
