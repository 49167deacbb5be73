/**
 * Text as staff type and paste it: markup and script, cell text that a spreadsheet would take for a
 * formula (=, +, -, @), very long text, emoji, right-to-left writing, combining marks. Through the
 * command line (import → record → report, replay, audit; template) and the ledger sheet, it must be
 * stored, hashed and shown exactly as typed (in NFC), and come out of every workbook as text: read
 * back with exceljs and SheetJS, no cell is a formula and none holds more than Excel's 32,767.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEvent } from '../../ledger/events.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { writeCorpus, type Corpus } from '../../scripts/hostile-corpus/cases.ts';
import { HOSTILE_TEXT, hostileBody, longText } from '../../scripts/hostile-corpus/sample-table.ts';
import { publishFigures } from './support/figures.ts';
import { runCommand } from './support/run-command.ts';
import { testKeyFile } from '../support/test-key.ts';

const EXCEL_CELL_MAX = 32_767;
const ACTOR = ['--actor', 'Nguyễn Thị Lan <b>', '--unit', '=Sở Nội vụ', '--key', testKeyFile()];
/** Notes recorded through `cchc record`, one per item: every kind of hostile text, and one over a cell's size. */
const NOTES = [HOSTILE_TEXT.formulaEquals, HOSTILE_TEXT.formulaAt, HOSTILE_TEXT.imgOnerror, HOSTILE_TEXT.emoji, HOSTILE_TEXT.rightToLeft, longText(40_000)];

let corpus: Corpus;
let dir: string;
let ledger: string;
const outputs = new Map<string, Uint8Array>();
const stats = { cells: 0, formulas: 0, overlong: 0, texts: 0 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-text-'));
  corpus = await writeCorpus(join(dir, 'corpus'), []);
  ledger = join(dir, 'ledger.ndjson');
  const run = async (args: string[]) => {
    const r = await runCommand(args, { cwd: dir });
    expect(r.code, `cchc ${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };
  await run(['import', corpus.good.hostileTable, '--ledger', ledger, ...ACTOR]);
  for (const [i, note] of NOTES.entries()) {
    await run(['record', ledger, '--item', `1.${i + 1}`, '--note', note, '--effective', '2021-03-01', ...ACTOR]);
  }
  await run(['record', ledger, '--item', '1.1', '--status', 'done', '--effective', '2021-03-02', '--evidence', '=Kế hoạch số 12/KH-UBND ngày 01/03/2021 <script>x</script>', ...ACTOR]);
  await run(['report', ledger, '--period', '2021-Y', '--out', join(dir, 'report.xlsx')]);
  await run(['replay', ledger, '--as-of', '2021-12-31', '--out', join(dir, 'progress.xlsx')]);
  await run(['audit', ledger, '--out', join(dir, 'audit.xlsx')]);
  await run(['template', '--year', '2021', '--out', join(dir, 'template.xlsx')]);
  for (const name of ['report', 'progress', 'audit', 'template']) outputs.set(name, new Uint8Array(readFileSync(join(dir, `${name}.xlsx`))));
  // The ledger sheet the add-in keeps in the workbook, written from these events.
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Phụ lục');
  await writeLedgerSheet(book, await events());
  outputs.set('ledger sheet', new Uint8Array(await book.xlsx.writeBuffer()));
}, 300_000);

afterAll(() => {
  if (stats.cells) {
    publishFigures('4-hostile-text', [
      { measure: 'hostile texts typed (markup, script, formula signs, emoji, RTL, combining, 32,000 and 40,000 characters)', value: stats.texts },
      { measure: 'output workbooks read back (report, progress, audit, template, ledger sheet) × 2 readers', value: outputs.size * 2 },
      { measure: 'text cells read back', value: stats.cells },
      { measure: 'cells read back as formulas', value: stats.formulas },
      { measure: `cells over Excel's ${EXCEL_CELL_MAX.toLocaleString('en-US')} characters`, value: stats.overlong },
    ]);
  }
  rmSync(dir, { recursive: true, force: true });
});

async function events(): Promise<LedgerEvent[]> {
  const list: LedgerEvent[] = [];
  for await (const raw of (await NdjsonStore.open(ledger)).read()) list.push(LedgerEvent.parse((raw as { value: unknown }).value));
  return list;
}

/** Every string a value holds, deep. */
function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, into));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, into));
  return into;
}

/** Every text typed into the hostile table's cells, as the reader keeps it. */
const typedInTable = (): string[] =>
  hostileBody()
    .flatMap((row) => row.slice(1))
    .filter((c): c is string => typeof c === 'string' && c !== '' && !/^(Quý|Tháng|Trong năm)/.test(c) && !/^Sở /.test(c) && c !== 'Kế hoạch' && c !== 'Báo cáo')
    .map((c) => c.normalize('NFC'));

describe('hostile text, stored and hashed', () => {
  it('is in the ledger exactly as typed (NFC), and the chain verifies', async () => {
    const all = await events();
    const stored = new Set(strings(all));
    const typed = [...new Set([...typedInTable(), ...NOTES.map((n) => n.normalize('NFC'))])];
    stats.texts = typed.length;
    for (const text of typed) expect(stored.has(text), `not stored as typed: ${text.slice(0, 60)}`).toBe(true);
    expect(all[0]!.actor).toEqual({ name: 'Nguyễn Thị Lan <b>', unit: '=Sở Nội vụ' });
    expect(await verify((await NdjsonStore.open(ledger)).read())).toMatchObject({ ok: true, count: 4 + NOTES.length }); // the importer's key, the plan, the notes, status and evidence
    // Combining marks with no precomposed form are kept; ones that compose are composed (NFC), as everywhere in the ledger.
    expect(stored.has(HOSTILE_TEXT.combining.normalize('NFC'))).toBe(true);
    expect(HOSTILE_TEXT.combining.normalize('NFC')).toContain('q\u0301');
  });

  it('reaches the terminal with its control characters shown, not obeyed; --json keeps them exact', async () => {
    const file = join(dir, 'terminal.ndjson');
    const note = 'Đỏ \u001b[31mchữ\u001b[0m, tiêu đề \u001b]0;pwned\u0007, về đầu dòng\r, đảo chiều \u202egnp.exe\u202c';
    writeFileSync(file, readFileSync(ledger));
    const recorded = await runCommand(['record', file, '--item', '1.2', '--note', note, ...ACTOR], { cwd: dir });
    expect(recorded.code, recorded.stderr).toBe(0);
    const shown = await runCommand(['log', file], { cwd: dir });
    expect(shown.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(shown.stdout).toContain('\\u001B]0;pwned\\u0007');
    const json = await runCommand(['log', '--json', '--item', '1.2', file], { cwd: dir });
    const notes = json.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { note: string | null }).note);
    expect(notes).toContain(note);
  });

  it('is shown as typed by cchc log (one line per event, markup as characters)', async () => {
    const log = await runCommand(['log', ledger], { cwd: dir });
    expect(log.code).toBe(0);
    for (const note of NOTES.slice(0, 5)) expect(log.stdout).toContain(note.normalize('NFC'));
  });
});

describe('hostile text in every output workbook', () => {
  it('comes back from exceljs and SheetJS as text, never a formula, within the size of a cell', async () => {
    for (const [name, bytes] of outputs) {
      const seen = new Set<string>();
      // SheetJS, asked to keep formulas: none may be there.
      const book = XLSX.read(bytes, { type: 'array', cellFormula: true });
      for (const sheetName of book.SheetNames) {
        const sheet = book.Sheets[sheetName]!;
        for (const [address, cell] of Object.entries(sheet)) {
          if (address.startsWith('!')) continue;
          const c = cell as XLSX.CellObject;
          expect(c.f, `${name} ${sheetName}!${address} is a formula`).toBeUndefined();
          if (c.f !== undefined) stats.formulas++;
          if (typeof c.v === 'string') {
            stats.cells++;
            seen.add(c.v);
            if (c.v.length > EXCEL_CELL_MAX) stats.overlong++;
            expect(c.v.length, `${name} ${sheetName}!${address}: ${c.v.length} characters`).toBeLessThanOrEqual(EXCEL_CELL_MAX);
          }
        }
      }
      // exceljs: no formula value either, and every string the same as SheetJS read.
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            expect(cell.formula, `${name} ${sheet.name}!${cell.address}`).toBeUndefined();
            expect(cell.type, `${name} ${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
            if (typeof cell.value === 'string') expect(seen.has(cell.value) || cell.value === '', `${name} ${cell.address}`).toBe(true);
          }),
        ),
      );
      if (name === 'ledger sheet') {
        // The ledger sheet holds JSON; its cells never start with a formula sign.
        for (const text of seen) expect(/^[=+\-@]/.test(text), `ledger cell starts with a formula sign: ${text.slice(0, 40)}`).toBe(false);
      }
    }
  });

  it('shows each typed text, whole, as the entire text of a cell of the report or progress workbook', async () => {
    const cellsOf = (bytes: Uint8Array) => {
      const book = XLSX.read(bytes, { type: 'array' });
      return new Set(book.SheetNames.flatMap((n) => Object.entries(book.Sheets[n]!).filter(([a]) => !a.startsWith('!')).map(([, c]) => String((c as XLSX.CellObject).v))));
    };
    const shown = new Set([...cellsOf(outputs.get('report')!), ...cellsOf(outputs.get('progress')!)]);
    const formulaLike = [HOSTILE_TEXT.formulaEquals, HOSTILE_TEXT.formulaPlus, HOSTILE_TEXT.formulaMinus, HOSTILE_TEXT.formulaAt];
    for (const text of [...formulaLike, HOSTILE_TEXT.imgOnerror, HOSTILE_TEXT.script, HOSTILE_TEXT.emoji, HOSTILE_TEXT.rightToLeft, HOSTILE_TEXT.combining.normalize('NFC'), longText(32_000)]) {
      expect(shown.has(text), `not shown whole: ${text.slice(0, 60)}`).toBe(true);
    }
  });
});
