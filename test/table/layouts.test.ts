import { describe, expect, it } from 'vitest';
import { readGrid } from '../../templates/table/read-grid.ts';
import { itemsOf, type TableRead } from '../../templates/table/table-read.ts';
import { grid } from './support.ts';

const codes = (read: TableRead) => read.warnings.map((w) => `${w.code}@${w.row}`);
const outline = (read: TableRead) =>
  read.sections.map((s) => ({
    section: `${s.numeral} ${s.title}`.trim(),
    tasks: s.tasks.map((t) => `${t.numbering}|${t.text}|${t.items.length}`),
  }));

const HEADER = ['Nhiệm vụ chung', 'Nhiệm vụ cụ thể', 'Kết quả/Sản phẩm', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện'];

describe('a section in its own first column, tasks numbered inside the text', () => {
  const rows = [
    ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025'],
    HEADER,
    ['I. Cải cách thể chế', '1. Xây dựng văn bản quy phạm pháp luật', 'Nghị quyết', 'Sở Tư pháp', 'Các sở, ngành', 'Quý II'],
    ['', '2. Rà soát văn bản', 'Báo cáo', 'Sở Tư pháp', '', 'Quý III'],
    ['', '', 'Danh mục văn bản', 'Sở Tư pháp', '', 'Quý IV'],
    ['II. Cải cách thủ tục hành chính', '1. Công bố thủ tục', 'Quyết định', 'Văn phòng UBND tỉnh', '', 'Thường xuyên'],
    ['', '2. Số hóa hồ sơ', 'Kết quả số hóa', 'Sở Khoa học và Công nghệ', '', 'Tháng 6/2025'],
  ];

  it('reads the merged section column as sections and column B as the tasks, with sub-rows', () => {
    const read = readGrid(grid(rows, ['A3:A5', 'A6:A7']));
    expect(read.header.columns.map((c) => c.field)).toEqual(['section', 'task', 'output', 'lead', 'coordinating', 'timeline']);
    expect(outline(read)).toEqual([
      { section: 'I Cải cách thể chế', tasks: ['1|Xây dựng văn bản quy phạm pháp luật|1', '2|Rà soát văn bản|2'] },
      { section: 'II Cải cách thủ tục hành chính', tasks: ['1|Công bố thủ tục|1', '2|Số hóa hồ sơ|1'] },
    ]);
    expect(read.sections.map((s) => s.area)).toEqual(['institutions', 'procedures']);
    expect(codes(read).filter((c) => c.startsWith('unmapped'))).toEqual([]);
  });

  it('reads the same when the section is written on its first row only', () => {
    const read = readGrid(grid(rows));
    expect(outline(read)).toEqual(outline(readGrid(grid(rows, ['A3:A5', 'A6:A7']))));
  });

  it('reads "Nội dung" over sections beside "Nhiệm vụ cụ thể" the same way', () => {
    const read = readGrid(grid([['Nội dung', ...HEADER.slice(1)], ...rows.slice(2)], ['A2:A4', 'A5:A6']));
    expect(read.counts).toMatchObject({ sections: 2, tasks: 4, items: 5 });
  });

  it('never drops a column of text silently: a second task column is read, or named in a warning', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Nhiệm vụ', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian', ''],
        ['I', 'Cải cách thể chế'],
        ['1', 'Rà soát', 'Rà soát văn bản năm 2025', 'Báo cáo', 'Sở Tư pháp', 'Quý II/2025', 'ghi thêm'],
        ['2', 'Ban hành', 'Ban hành văn bản mới', 'Quyết định', 'Sở Tư pháp', 'Quý III/2025', 'ghi thêm'],
      ]),
    );
    const mapped = read.header.columns.filter((c) => c.field !== null).map((c) => c.letter);
    const warned = read.warnings.filter((w) => w.column !== undefined).map((w) => w.column);
    for (const letter of ['B', 'C', 'G']) expect(mapped.includes(letter) || warned.includes(letter), letter).toBe(true);
  });
});

describe('an unnamed first column of section titles', () => {
  it('is the section column, merged or written on each section first row', () => {
    const rows = [
      ['', 'Nhiệm vụ', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
      ['I. Cải cách thể chế', '1. Rà soát văn bản', 'Báo cáo', 'Sở Tư pháp', 'Quý II/2025'],
      ['', '2. Ban hành văn bản', 'Quyết định', 'Sở Tư pháp', 'Quý III/2025'],
      ['II. Cải cách tài chính công', '1. Giao tự chủ', 'Quyết định', 'Sở Tài chính', 'Quý IV/2025'],
    ];
    for (const merges of [[], ['A2:A3']]) {
      const read = readGrid(grid(rows, merges));
      expect(outline(read)).toEqual([
        { section: 'I Cải cách thể chế', tasks: ['1|Rà soát văn bản|1', '2|Ban hành văn bản|1'] },
        { section: 'II Cải cách tài chính công', tasks: ['1|Giao tự chủ|1'] },
      ]);
    }
  });
});
