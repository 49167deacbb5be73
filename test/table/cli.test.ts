import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { STATUS_LABELS_VI } from '../../ledger/status.ts';
import { buildBlankTemplate } from '../../templates/blank-template/build-template.ts';
import { readTable } from '../../templates/table/read-table.ts';
import { runCli } from '../support/run-cli.ts';
import { SAMPLES } from './support.ts';

describe('cchc inspect', () => {
  it('--json prints one JSON object with sections, tasks, items (id, timeline raw/kind/due) and warnings', () => {
    const { code, stdout } = runCli(['inspect', SAMPLES.gialaiXlsx, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.sections).toHaveLength(7);
    const tasks = out.sections.flatMap((s: { tasks: unknown[] }) => s.tasks);
    const items = tasks.flatMap((t: { items: unknown[] }) => t.items);
    expect([tasks.length, items.length]).toEqual([24, 35]);
    expect(items[0]).toMatchObject({ id: '1.1', numbering: 'I.1', row: 7, timeline: { raw: 'Sau khi có thông báo bằng văn bản của Bộ Tư pháp', kind: 'conditional', due: null } });
    expect(items.find((i: { id: string }) => i.id === '1.2').timeline).toMatchObject({ raw: 'Trước ngày 30/01/2022', kind: 'date', due: '2022-01-30' });
    expect(out.warnings.filter((w: { code: string }) => w.code === 'repeated-header').map((w: { row: number }) => w.row)).toEqual([10, 20, 27, 32, 40, 45, 53, 59]);
    for (const w of out.warnings) expect(Object.keys(w)).toEqual(expect.arrayContaining(['code', 'row', 'message_vi', 'message_en']));
  });

  it('prints counts, items with due dates dd/mm/yyyy, and warnings with rows for a person', () => {
    const { code, stdout } = runCli(['inspect', SAMPLES.bentreText]);
    expect(code).toBe(0);
    expect(stdout).toContain('7 phần / sections, 37 nhiệm vụ / tasks, 37 mục theo dõi / tracked items');
    expect(stdout).toMatch(/1\.1\s+I\.1\s+Xây dựng và triển khai Kế hoạch CCHC năm 2021/);
    expect(stdout).toContain('Thời hạn: Tháng 12/2020 → tháng, hạn 31/12/2020');
    expect(stdout).toContain('[section-numeral-repeated] hàng / row 240:');
  });

  it('refuses a missing file, a file that is not a workbook, a table with no header, a bad year', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-inspect-'));
    const missing = runCli(['inspect', join(dir, 'nope.xlsx')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không tìm thấy tệp');
    writeFileSync(join(dir, 'bad.xlsx'), 'not a zip');
    const bad = runCli(['inspect', join(dir, 'bad.xlsx')]);
    expect([bad.code, bad.stderr.includes('không phải bảng tính Excel')]).toEqual([1, true]);
    writeFileSync(join(dir, 'plain.txt'), 'STT\tNội dung\nmột\thai\n');
    const none = runCli(['inspect', join(dir, 'plain.txt')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('hàng 1 khớp 2/5 cột chính');
    expect(none.stderr).not.toContain('    at ');
    const year = runCli(['inspect', SAMPLES.bentreXlsx, '--year', 'abc']);
    expect(year.code).toBe(2);
    const sheet = runCli(['inspect', SAMPLES.bentreXlsx, '--sheet', 'Không có']);
    expect([sheet.code, sheet.stderr.includes('không có sheet "Không có"')]).toEqual([2, true]);
  });
});

describe('cchc template', () => {
  it('writes a blank appendix the reader reads back: header found, no items, tracking columns validated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-template-'));
    const out = join(dir, 'phuluc.xlsx');
    expect(runCli(['template', '--out', out, '--year', '2025']).code).toBe(0);
    const again = runCli(['template', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');

    const inspected = JSON.parse(runCli(['inspect', out, '--json']).stdout);
    expect(inspected.sections).toEqual([]);
    expect(inspected.year).toBe(2025);
    expect(inspected.warnings.map((w: { code: string }) => w.code)).toEqual(['no-items']);
    expect(inspected.header.columns.map((c: { field: string }) => c.field)).toEqual([
      'number', 'task', 'output', 'timeline', 'lead', 'coordinating', 'note', 'status', 'completedOn', 'evidence', 'progressNote',
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Phụ lục', 'Hướng dẫn']);
    const sheet = wb.getWorksheet('Phụ lục')!;
    const status = sheet.getCell('H6').dataValidation;
    expect(status.type).toBe('list');
    expect(status.formulae![0]).toBe(`"${Object.values(STATUS_LABELS_VI).join(',')}"`);
    expect(sheet.getCell('I6').dataValidation.type).toBe('date');
    expect(sheet.getCell('I6').numFmt).toBe('dd/mm/yyyy');
  });

  it('once filled in, reads like any appendix, tracking values included', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildBlankTemplate({ year: 2025 })) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Phụ lục')!;
    sheet.getRow(6).values = ['I', 'Cải cách thủ tục hành chính'];
    sheet.getRow(7).values = [1, 'Công bố TTHC', 'Quyết định', 'Quý I/2025', 'Văn phòng UBND tỉnh', '', '', 'Hoàn thành', new Date(Date.UTC(2025, 2, 20)), 'Quyết định số 5/QĐ-UBND ngày 20/3/2025'];
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = await readTable(bytes, 'filled.xlsx');
    const item = read.sections[0]!.tasks[0]!.items[0]!;
    expect(item).toMatchObject({ id: '1.1', numbering: 'I.1', output: 'Quyết định', leadText: 'Văn phòng UBND tỉnh' });
    expect(item.tracking).toEqual({
      status: { raw: 'Hoàn thành', value: 'done' },
      completedOn: { raw: '20/03/2025', date: '2025-03-20' },
      evidence: 'Quyết định số 5/QĐ-UBND ngày 20/3/2025',
    });
  });
});
