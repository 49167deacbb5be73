import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { addProgressSheet } from '../../templates/reports/progress-sheet.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { grid } from './support.ts';

const GROUPED = grid([
  ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025'],
  ['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
  ['I', 'Xây dựng chính quyền số'],
  ['I.1', 'Nhóm các nền tảng số'],
  ['1', 'Nâng cấp cổng dịch vụ công', 'Cổng', 'Sở Khoa học và Công nghệ', 'Quý II/2025'],
  ['I.2', 'Nhóm dữ liệu số'],
  ['2', 'Làm sạch dữ liệu', 'Dữ liệu', 'Công an tỉnh', 'Quý IV/2025'],
]);

describe('groups in the ledger and the progress sheet', () => {
  it('carries each item path (section → groups → task) in plan.imported, through the ledger, into the progress sheet', async () => {
    const data = planImportedData(readGrid(GROUPED), { name: 'g.xlsx', sha256: 'c'.repeat(64) });
    expect(data.items.map((i) => i.groups)).toEqual([[{ numbering: 'I.1', title: 'Nhóm các nền tảng số' }], [{ numbering: 'I.2', title: 'Nhóm dữ liệu số' }]]);
    const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2025-01-10T00:00:00.000Z') });
    await ledger.append({ type: 'plan.imported', actor: { name: 'Lan', unit: 'Sở Nội vụ' }, at: '2025-01-05T00:00:00.000Z', data });
    expect(ledger.state.items['1.1']!.definition.groups).toEqual([{ numbering: 'I.1', title: 'Nhóm các nền tảng số' }]);
    const workbook = new ExcelJS.Workbook();
    const { sheet, rowOfItem, columns } = addProgressSheet(workbook, ledger.state);
    expect(sheet.getCell(rowOfItem['1.2']!, columns['text']!).value).toBe('[I.2. Nhóm dữ liệu số]\nLàm sạch dữ liệu');
  });

  it('leaves items of a table without groups as they were (no groups key)', () => {
    const data = planImportedData(readGrid(grid([['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'], ['1', 'Việc', 'Báo cáo', 'Sở Nội vụ', 'Quý II/2025']])), {
      name: 'p.xlsx',
      sha256: 'c'.repeat(64),
    });
    expect(data.items[0]).not.toHaveProperty('groups');
  });
});
