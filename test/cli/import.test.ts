import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

const SAMPLE = new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url);
let dir: string;
let ledger: string;
const person = ['--actor', 'Phạm Thu Hà', '--unit', 'Sở Nội vụ'];
const who = [...person, '--key', testKeyFile()];
const events = () => readFileSync(ledger, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-import-'));
  ledger = join(dir, 'ledger.ndjson');
});

/** The sample with a few cells edited as a revised plan would: one timeline, one row removed, one row added. */
async function editedSample(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(new URL(SAMPLE).pathname);
  const sheet = workbook.worksheets[0]!;
  sheet.getCell('D19').value = 'Quý III/2021'; // II.3: was Quý II/2021
  sheet.spliceRows(44, 1); // VI (finance) task 3 withdrawn
  sheet.insertRow(49, [6, 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', 'Kho dữ liệu', 'Quý IV/2021', 'Văn phòng UBND tỉnh', 'Sở TT&TT', null]);
  const file = join(dir, 'bentre-2021-dieu-chinh.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

describe('cchc import', () => {
  it('imports the table once; the same table again appends nothing', () => {
    const first = runCli(['import', new URL(SAMPLE).pathname, '--ledger', ledger, ...who]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('7 phần, 37 nhiệm vụ, 37 mục theo dõi');
    const before = readFileSync(ledger);
    const copy = join(dir, 'copy.xlsx');
    copyFileSync(new URL(SAMPLE).pathname, copy);
    const again = runCli(['import', copy, '--ledger', ledger, ...who]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('không ghi gì');
    expect(readFileSync(ledger).equals(before)).toBe(true);
  });

  it('an edited table appends one plan.revised with exactly what changed', async () => {
    runCli(['import', new URL(SAMPLE).pathname, '--ledger', ledger, ...who]);
    const edited = await editedSample();
    const r = runCli(['import', edited, '--ledger', ledger, '--document', 'Kế hoạch số 150/KH-UBND ngày 15/07/2021', ...who]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const all = events();
    expect(all.map((e) => e.type)).toEqual(['key.enrolled', 'plan.imported', 'plan.revised']);
    const revision = all[2];
    expect(revision.type).toBe('plan.revised');
    expect(revision.data.document).toEqual({ kind: 'Kế hoạch', number: '150/KH-UBND', date: '2021-07-15' });
    expect(revision.data.amended).toHaveLength(1);
    expect(revision.data.amended[0].was.timeline.raw).toBe('Quý II/2021');
    expect(revision.data.amended[0].set.timeline).toMatchObject({ raw: 'Quý III/2021', due: '2021-09-30' });
    expect(Object.keys(revision.data.amended[0].set)).toEqual(['timeline']);
    expect(revision.data.withdrawn).toHaveLength(1);
    expect(revision.data.added).toHaveLength(1);
    expect(revision.data.added[0]).toMatchObject({ text: 'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính', leadText: 'Văn phòng UBND tỉnh' });
    // Importing the edited table once more: it is the plan now, so nothing more.
    expect(runCli(['import', edited, '--ledger', ledger, '--document', 'x', ...who]).stdout).toContain('không ghi gì');
  });

  it('an edited table without a deciding document is refused and nothing is written', async () => {
    runCli(['import', new URL(SAMPLE).pathname, '--ledger', ledger, ...who]);
    const before = readFileSync(ledger);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(new URL(SAMPLE).pathname);
    workbook.worksheets[0]!.getCell('A3').value = 'Phụ lục'; // drop the "Kèm theo Kế hoạch số ..." line
    workbook.worksheets[0]!.getCell('D19').value = 'Quý III/2021';
    const file = join(dir, 'no-number.xlsx');
    await workbook.xlsx.writeFile(file);
    const r = runCli(['import', file, '--ledger', ledger, '--year', '2021', ...who]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--document');
    expect(readFileSync(ledger).equals(before)).toBe(true);
  });

  it('makes a signed (format 2) ledger, its importer enrolled as first administrator; without a key it refuses, saying how to make one, and creates nothing', () => {
    const keyless = runCli(['import', new URL(SAMPLE).pathname, '--ledger', ledger, ...person], { env: { CCHC_KEY: '' } });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('Sổ mới');
    expect(keyless.stderr).toContain('cchc key new --name "Phạm Thu Hà" --unit "Sở Nội vụ" --out');
    expect(keyless.stderr).toContain('--key me.key or CCHC_KEY');
    expect(existsSync(ledger)).toBe(false);
    expect(runCli(['import', new URL(SAMPLE).pathname, '--ledger', ledger, ...who]).code).toBe(0);
    const [enrolment, plan] = events();
    expect(enrolment).toMatchObject({ v: 2, type: 'key.enrolled', actor: { name: 'Phạm Thu Hà' }, data: { role: 'admin', person: { name: 'Phạm Thu Hà', unit: 'Sở Nội vụ' } } });
    expect(plan).toMatchObject({ v: 2, type: 'plan.imported', sig: { key: enrolment.data.key } });
    expect(runCli(['verify', ledger]).stdout).toContain('Format 2: a signed ledger');
    // A signed ledger takes no unsigned event: the same refusal for record.
    const record = runCli(['record', ledger, '--item', '1.1', '--status', 'done', '--effective', '2021-03-01', ...person], { env: { CCHC_KEY: '' } });
    expect(record.code).toBe(2);
    expect(record.stderr).toContain('is a signed (format 2) ledger');
  });

  it('a file that is not a table says so, with the file name', () => {
    const bad = join(dir, 'notes.xlsx');
    writeFileSync(bad, 'not a zip');
    const r = runCli(['import', bad, '--ledger', ledger, ...who]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.xlsx');
  });
});
