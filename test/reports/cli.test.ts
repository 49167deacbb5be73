import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { SUMMARY_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { workbookBytes, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { AUDIT_SHEET_NAME } from '../../templates/reports/audit-trail.ts';
import { PROGRESS_SHEET_NAME } from '../../templates/reports/progress-sheet.ts';
import { runCli } from '../support/run-cli.ts';
import { readWithSheetJs, tableOf } from './read-back.ts';
import { scenarioEvents } from './scenario.ts';

let dir: string;
let events: LedgerEvent[];
const ledgerFile = () => join(dir, 'so.ndjson');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-report-'));
  events = await scenarioEvents();
  writeFileSync(ledgerFile(), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const overall = (file: string) => tableOf(readWithSheetJs(new Uint8Array(readFileSync(file))).Sheets[SUMMARY_SHEET_NAME]!, 'Lĩnh vực').at(-1)!['Kết quả'];

describe('cchc report', () => {
  it('writes the period report; --known-at as a date means the end of that day in Vietnam', () => {
    const before = join(dir, 'q1-before.xlsx');
    const after = join(dir, 'q1-after.xlsx');
    // A1's completion was recorded on 20/03/2021 at 11:00 Vietnam time.
    let r = runCli(['report', ledgerFile(), '--period', '2021-Q1', '--known-at', '19/03/2021', '--out', before]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('hoàn thành 2/9 mục theo dõi, đạt 22,22%');
    r = runCli(['report', ledgerFile(), '--period', '2021-Q1', '--known-at', '2021-03-20T11:00', '--out', after]);
    expect(r.code).toBe(0);
    expect(overall(before)).toBe('2/9 mục theo dõi, đạt 22,22%');
    expect(overall(after)).toBe('3/9 mục theo dõi, đạt 33,33%');
  });

  it('gives the same file twice for the same --known-at, and prints its SHA-256', () => {
    const a = join(dir, 'y-a.xlsx');
    const b = join(dir, 'y-b.xlsx');
    const ra = runCli(['report', ledgerFile(), '--period', '2021-Y', '--known-at', '2022-01-05', '--out', a]);
    const rb = runCli(['report', ledgerFile(), '--period', '2021-Y', '--known-at', '2022-01-05', '--out', b]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const digest = sha256(readFileSync(a));
    expect(sha256(readFileSync(b))).toBe(digest);
    expect(ra.stdout).toContain(`SHA-256 ${digest}`);
  });

  it('--config: a province’s own cut-off, and clear errors for a bad file', () => {
    const config = join(dir, 'rules.json');
    writeFileSync(config, JSON.stringify({ periods: { Q1: { from: '15/12', fromPreviousYear: true, to: '21/3' } } }));
    const out = join(dir, 'q1-own.xlsx');
    // Cut-off 21/03 instead of 14/03: A1, done 12/03 and recorded 20/03, is counted.
    const r = runCli(['report', ledgerFile(), '--period', '2021-Q1', '--known-at', '2021-03-25', '--config', config, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('15/12/2020–21/03/2021');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ periods: { Q1: { from: '15/12', fromPreviousYear: true, to: '30/02' } } }));
    const refused = runCli(['report', ledgerFile(), '--period', '2021-Q1', '--config', bad, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Tệp cấu hình ${bad} không hợp lệ`);
    expect(refused.stderr).toContain('periods.Q1.to: không có ngày này');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    writeFileSync(bad, '{ "periods": ');
    expect(runCli(['report', ledgerFile(), '--period', '2021-Q1', '--config', bad]).stderr).toContain('không phải JSON hợp lệ');
  });

  it('refuses a period or a moment it cannot read', () => {
    const period = runCli(['report', ledgerFile(), '--period', '2021-Q2']);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain('--period "2021-Q2" không phải kỳ báo cáo');
    const moment = runCli(['report', ledgerFile(), '--period', '2021-Q1', '--known-at', '31/02/2021']);
    expect(moment.code).toBe(2);
    expect(moment.stderr).toContain('--known-at "31/02/2021" không phải thời điểm hợp lệ');
  });

  it('--anchor records report.issued with the file name, its SHA-256, the period and the head it was made from', () => {
    const copy = join(dir, 'anchored.ndjson');
    writeFileSync(copy, readFileSync(ledgerFile()));
    const out = join(dir, 'bao-cao-2021-H1.xlsx');
    const r = runCli(['report', copy, '--period', '2021-H1', '--known-at', '2021-06-20', '--out', out, '--anchor', '--actor', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = readFileSync(copy, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(events.length + 1);
    const issued = JSON.parse(lines.at(-1)!) as LedgerEvent;
    // Recorded by 20/06/2021: seq 1..10 (C2 done 01/06 is the last).
    const head = events.filter((e) => e.at <= '2021-06-20T16:59:59.999Z').at(-1)!;
    expect(head.seq).toBe(10);
    expect(issued).toMatchObject({
      type: 'report.issued',
      seq: events.length + 1,
      actor: { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ' },
      data: {
        period: '2021-H1',
        cutoff: { from: '2020-12-15', to: '2021-06-14' },
        knownAt: '2021-06-20T16:59:59.999Z',
        head: { seq: head.seq, hash: head.hash },
        file: { name: 'bao-cao-2021-H1.xlsx', sha256: sha256(readFileSync(out)) },
      },
    });
    // The anchored ledger still verifies, and the same report can be made again from it, byte for byte.
    expect(runCli(['verify', copy]).code).toBe(0);
    const again = join(dir, 'again.xlsx');
    expect(runCli(['report', copy, '--period', '2021-H1', '--known-at', '2021-06-20', '--out', again]).code).toBe(0);
    expect(sha256(readFileSync(again))).toBe(issued.type === 'report.issued' ? issued.data.file.sha256 : '');
  });

  it('reads a workbook’s ledger sheet as well as NDJSON, and makes the same file from it', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Phụ lục').getCell('A1').value = 'Bảng kế hoạch';
    await writeLedgerSheet(workbook, events);
    const book = join(dir, 'so.xlsx');
    writeFileSync(book, await workbookBytes(workbook));
    const fromSheet = join(dir, 'from-sheet.xlsx');
    const fromNdjson = join(dir, 'from-ndjson.xlsx');
    expect(runCli(['report', book, '--period', '2021-9M', '--known-at', '2021-10-01', '--out', fromSheet]).code).toBe(0);
    expect(runCli(['report', ledgerFile(), '--period', '2021-9M', '--known-at', '2021-10-01', '--out', fromNdjson]).code).toBe(0);
    expect(sha256(readFileSync(fromSheet))).toBe(sha256(readFileSync(fromNdjson)));
    expect(overall(fromSheet)).toBe('6/8 mục theo dõi, đạt 75,00%');
  });

  it('--anchor without who issues it is a usage error', () => {
    const r = runCli(['report', ledgerFile(), '--period', '2021-H1', '--anchor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--anchor cần --actor và --unit');
  });
});

describe('cchc replay and cchc audit', () => {
  it('replay --as-of writes the progress sheet and the trail', () => {
    const out = join(dir, 'tien-do.xlsx');
    const r = runCli(['replay', ledgerFile(), '--as-of', '14/03/2021', '--known-at', '2021-03-25', '--out', out]);
    expect(r.code).toBe(0);
    const workbook = readWithSheetJs(new Uint8Array(readFileSync(out)));
    expect(workbook.SheetNames).toEqual([PROGRESS_SHEET_NAME, AUDIT_SHEET_NAME]);
    expect(workbook.Sheets[PROGRESS_SHEET_NAME]!['C3'].v).toBe('Tình hình thực hiện đến ngày 14/03/2021');
    expect(runCli(['replay', ledgerFile(), '--as-of', '2021-02-30', '--out', out]).code).toBe(2);
  });

  it('audit writes the trail of an intact ledger, and of a broken one up to the problem (exit 1)', () => {
    const out = join(dir, 'nhat-ky.xlsx');
    const ok = runCli(['audit', ledgerFile(), '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`HỢP LỆ — ${events.length} ghi nhận`);
    const sheet = readWithSheetJs(new Uint8Array(readFileSync(out))).Sheets[AUDIT_SHEET_NAME]!;
    expect(sheet['B3'].v).toContain('Kiểm tra chuỗi băm: HỢP LỆ'); // the title after Số TT, which repeats on the pages across

    // Someone edits the effective date of seq 6 in the file: its hash no longer matches.
    const broken = join(dir, 'broken.ndjson');
    const lines = readFileSync(ledgerFile(), 'utf8').trim().split('\n');
    lines[5] = lines[5]!.replace('"effective":"2021-03-05"', '"effective":"2021-02-25"');
    writeFileSync(broken, `${lines.join('\n')}\n`);
    const bad = runCli(['audit', broken, '--out', out, '--force']);
    expect(bad.code).toBe(1);
    const trail = readWithSheetJs(new Uint8Array(readFileSync(out))).Sheets[AUDIT_SHEET_NAME]!;
    expect(String(trail['B3'].v)).toMatch(/^Kiểm tra chuỗi băm: KHÔNG HỢP LỆ tại ghi nhận số 6 .*5 ghi nhận trước đó còn nguyên vẹn\.$/);
    const seqs: unknown[] = [];
    for (let r = 5; trail[`A${r}`]; r++) seqs.push(trail[`A${r}`].v);
    expect(seqs).toEqual(['Số TT', 1, 2, 3, 4, 5]);
    // A report from that ledger is refused.
    const report = runCli(['report', broken, '--period', '2021-Q1']);
    expect(report.code).toBe(1);
    expect(report.stderr).toContain('chuỗi không hợp lệ tại ghi nhận số 6');
  });
});
