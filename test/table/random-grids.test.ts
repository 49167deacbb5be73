import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Item } from '../../ledger/plan.ts';
import type { Grid, MergeArea } from '../../templates/table/grid.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { itemsOf } from '../../templates/table/table-read.ts';

// Cells drawn from what real tables hold, so that random grids often do have a header and rows.
const WORDS = [
  '', '', '', 'STT', 'TT', 'Nội dung', 'Nhiệm vụ', 'Hoạt động', 'Mục tiêu', 'Kết quả', 'Sản phẩm', 'Thời gian thực hiện',
  'Cơ quan chủ trì', 'Phối hợp', 'Ghi chú', 'Trạng thái', 'Ngày hoàn thành', 'Mã', 'Lĩnh vực', 'I', 'II', 'VI', 'IIII',
  'III Cải cách thủ tục hành chính', 'Cải cách thể chế', '1', '2', '3', '10', 'a', 'b)', '-', '1. Rà soát', 'a) Kiểm tra',
  'cán bộ', 'chéo chức năng', 'Quý II/2022', 'Tháng 13/2022', 'Trước ngày 31/02/2022', 'Sở Nội vụ', 'Các sở, ban, ngành',
  'Thanh tra + Tổ Pháp chế', 'Hoàn thành', '30/06/2022', '(1)', '(2)', ',', '1.1', 'x'.repeat(300), 'Kèm theo Kế hoạch số 12/KH-UBND',
];

const cell = fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 12 }), fc.constant('\n'));
const rows = fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 25 });
const merge = fc
  .record({ top: fc.integer({ min: -1, max: 26 }), left: fc.integer({ min: -1, max: 10 }), h: fc.integer({ min: -1, max: 4 }), w: fc.integer({ min: -1, max: 3 }) })
  .map(({ top, left, h, w }): MergeArea => ({ top, left, bottom: top + h, right: left + w }));
const HEADER_WORDS = ['STT', 'Nội dung', 'Mục tiêu', 'Hoạt động', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Phối hợp', 'Ghi chú', 'Trạng thái', 'Mã'];
// Half the grids get a header row somewhere near the top, so that the row logic is what gets exercised.
const withHeader = fc
  .tuple(rows, fc.shuffledSubarray(HEADER_WORDS, { minLength: 3 }), fc.nat({ max: 4 }))
  .map(([body, header, at]) => [...body.slice(0, at), header, ...body.slice(at)]);
const grids = fc
  .record({ values: fc.oneof(rows, withHeader), merges: fc.array(merge, { maxLength: 6 }) })
  .map((g): Grid => ({ sheet: 'S', ...g }));

describe('random grids', () => {
  it('never make the reader throw anything but the typed no-header error, and what it reads is valid', () => {
    fc.assert(
      fc.property(grids, fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: undefined }), (grid, year) => {
        let read;
        try {
          read = readGrid(grid, year === undefined ? {} : { year });
        } catch (error) {
          expect(error).toBeInstanceOf(TableError);
          expect((error as TableError).code).toBe('no-header');
          return;
        }
        const items = itemsOf(read);
        expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
        for (const i of items) expect(Item.safeParse(i).success).toBe(true);
        expect(read.counts.items).toBe(items.length);
        for (const w of read.warnings) expect(w.message_vi.length * w.message_en.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });
});
