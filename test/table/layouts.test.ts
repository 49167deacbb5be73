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

const paths = (read: TableRead) =>
  itemsOf(read).map((i) => [...(i.groups ?? []).map((g) => `${g.numbering} ${g.title}`.trim()), i.text].join(' > '));

describe('groups inside a section', () => {
  it('keeps "II.1" groups in the STT column with their titles; numbering running on across groups', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
        ['I', 'Công tác chỉ đạo, điều hành'],
        ['1', 'Ban hành kế hoạch', 'Kế hoạch', 'Sở Nội vụ', 'Quý I/2025'],
        ['II', 'Xây dựng chính quyền số'],
        ['II.1', 'Nhóm các nền tảng số'],
        ['1', 'Nâng cấp cổng dịch vụ công', 'Cổng', 'Sở Khoa học và Công nghệ', 'Quý II/2025'],
        ['2', 'Kết nối cơ sở dữ liệu', 'Kết nối', 'Sở Khoa học và Công nghệ', 'Quý III/2025'],
        ['II.2', 'Nhóm dữ liệu số'],
        ['II.2.1', 'Dữ liệu dân cư'],
        ['3', 'Làm sạch dữ liệu', 'Dữ liệu', 'Công an tỉnh', 'Quý IV/2025'],
        ['II.2.2', 'Dữ liệu đất đai'],
        ['4', 'Số hóa hồ sơ đất đai', 'Dữ liệu', 'Sở Nông nghiệp và Môi trường', 'Năm 2025'],
      ]),
    );
    expect(read.counts).toMatchObject({ sections: 2, tasks: 5, items: 5 });
    expect(paths(read)).toEqual([
      'Ban hành kế hoạch',
      'II.1 Nhóm các nền tảng số > Nâng cấp cổng dịch vụ công',
      'II.1 Nhóm các nền tảng số > Kết nối cơ sở dữ liệu',
      'II.2 Nhóm dữ liệu số > II.2.1 Dữ liệu dân cư > Làm sạch dữ liệu',
      'II.2 Nhóm dữ liệu số > II.2.2 Dữ liệu đất đai > Số hóa hồ sơ đất đai',
    ]);
    expect(read.sections[1]!.tasks.map((t) => t.numbering)).toEqual(['1', '2', '3', '4']);
    expect(codes(read).filter((c) => /section-numeral|stt-|item-incomplete/.test(c))).toEqual([]);
  });

  it('reads groups numbered in the text ("III.1 ...", "1.1", "a)") with numbering restarting in each group', () => {
    const read = readGrid(
      grid([
        ['Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
        ['III. HIỆN ĐẠI HÓA HÀNH CHÍNH'],
        ['III.1 Nhóm các nền tảng số'],
        ['1. Nâng cấp cổng dịch vụ công', 'Cổng', 'Sở Khoa học và Công nghệ', 'Quý II/2025'],
        ['2. Kết nối cơ sở dữ liệu', 'Kết nối', 'Sở Khoa học và Công nghệ', 'Quý III/2025'],
        ['III.2 Nhóm dữ liệu số'],
        ['a) Dữ liệu dân cư'],
        ['1. Làm sạch dữ liệu', 'Dữ liệu', 'Công an tỉnh', 'Quý IV/2025'],
        ['b) Dữ liệu đất đai'],
        ['1. Số hóa hồ sơ đất đai', 'Dữ liệu', 'Sở Nông nghiệp và Môi trường', 'Năm 2025'],
        ['2. Cập nhật biến động', 'Dữ liệu', 'Sở Nông nghiệp và Môi trường', 'Năm 2025'],
      ]),
    );
    expect(read.counts).toMatchObject({ sections: 1, tasks: 5, items: 5 });
    expect(paths(read)).toEqual([
      'III.1 Nhóm các nền tảng số > Nâng cấp cổng dịch vụ công',
      'III.1 Nhóm các nền tảng số > Kết nối cơ sở dữ liệu',
      'III.2 Nhóm dữ liệu số > a Dữ liệu dân cư > Làm sạch dữ liệu',
      'III.2 Nhóm dữ liệu số > b Dữ liệu đất đai > Số hóa hồ sơ đất đai',
      'III.2 Nhóm dữ liệu số > b Dữ liệu đất đai > Cập nhật biến động',
    ]);
    // Only the section's own numeral (III where I was due) is warned about, not the groups' "III.1", "III.2".
    expect(codes(read).filter((c) => /section-numeral|stt-|task-without/.test(c))).toEqual(['section-numeral-unexpected@2']);
  });

  it('reads "1" over "1.1", "1.2" as a group and its tasks', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
        ['I', 'Cải cách thể chế'],
        ['1', 'Xây dựng văn bản'],
        ['1.1', 'Nghị quyết về phí', 'Nghị quyết', 'Sở Tài chính', 'Quý II/2025'],
        ['1.2', 'Quyết định về giá', 'Quyết định', 'Sở Tài chính', 'Quý III/2025'],
        ['2', 'Rà soát văn bản', 'Báo cáo', 'Sở Tư pháp', 'Quý IV/2025'],
      ]),
    );
    expect(paths(read)).toEqual(['1 Xây dựng văn bản > Nghị quyết về phí', '1 Xây dựng văn bản > Quyết định về giá', 'Rà soát văn bản']);
  });
});

describe('no column of text is dropped silently', () => {
  it('every column with text under the header, in each sample, is read or named in a warning', async () => {
    const { readSample, SAMPLES } = await import('./support.ts');
    for (const path of Object.values(SAMPLES)) {
      const read = await readSample(path);
      const warned = new Set(read.warnings.filter((w) => w.code === 'unmapped-column').map((w) => w.column));
      const mapped = new Set(read.header.columns.filter((c) => c.field !== null).map((c) => c.letter));
      expect(read.header.columns.length, path).toBeGreaterThan(0);
      for (const c of read.header.columns) expect(mapped.has(c.letter) || warned.has(c.letter), `${path} ${c.letter}`).toBe(true);
    }
  });
});
