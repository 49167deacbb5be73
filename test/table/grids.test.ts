import { describe, expect, it } from 'vitest';
import { readGrid } from '../../templates/table/read-grid.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { grid } from './support.ts';

const codes = (read: { warnings: Array<{ code: string; row: number | null }> }) => read.warnings.map((w) => `${w.code}@${w.row}`);

describe('header', () => {
  it('maps columns by meaning whatever their words, case, diacritics and order', () => {
    const read = readGrid(
      grid([
        ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023'],
        [],
        ['Thời hạn\nhoàn thành', 'don vi chu tri', 'TT', 'Nhiệm vụ cụ thể', 'Phối hợp thực hiện', 'SẢN PHẨM', 'Theo dõi, kiểm tra, đôn đốc', 'Nguồn kinh phí', 'Cột lạ'],
        ['Quý II/2023', 'Sở Nội vụ', '1', 'Xây dựng kế hoạch', 'Các sở, ban, ngành', 'Kế hoạch', 'Văn phòng UBND tỉnh', 'Ngân sách tỉnh', 'x'],
      ]),
    );
    expect(read.header.rows).toEqual([3]);
    expect(read.header.columns.map((c) => c.field)).toEqual(['timeline', 'lead', 'number', 'task', 'coordinating', 'output', 'monitoring', 'budget', null]);
    expect(read.header.unmapped.map((c) => [c.letter, c.header])).toEqual([['I', 'Cột lạ']]);
    expect(codes(read)).toContain('unmapped-column@3');
    const [item] = itemsOf(read);
    expect(item).toMatchObject({
      id: '1.1',
      numbering: '1',
      text: 'Xây dựng kế hoạch',
      output: 'Kế hoạch',
      leadText: 'Sở Nội vụ',
      coordinatingText: 'Các sở, ban, ngành',
      monitoring: 'Văn phòng UBND tỉnh',
      budget: 'Ngân sách tỉnh',
    });
    expect(item!.timeline).toMatchObject({ kind: 'quarter', due: '2023-06-30' });
    expect(read.year).toBe(2023);
  });

  it('reads a header that spans two rows (a merged "Cơ quan thực hiện" over Chủ trì / Phối hợp)', () => {
    const read = readGrid(
      grid(
        [
          ['PHỤ LỤC'],
          ['STT', 'Nội dung', 'Kết quả', 'Thời gian', 'Cơ quan thực hiện', ''],
          ['', '', '', '', 'Chủ trì', 'Phối hợp'],
          ['I', 'Cải cách thể chế'],
          ['1', 'Rà soát văn bản', 'Báo cáo', 'Tháng 6/2024', 'Sở Tư pháp', 'Các sở, ngành'],
        ],
        ['A1:F1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:F2'],
      ),
      { year: 2024 },
    );
    expect(read.header.rows).toEqual([2, 3]);
    expect(read.header.columns.map((c) => c.field)).toEqual(['number', 'task', 'output', 'timeline', 'lead', 'coordinating']);
    expect(itemsOf(read)[0]).toMatchObject({ leadText: 'Sở Tư pháp', coordinatingText: 'Các sở, ngành' });
  });

  it('fails with a typed error naming the rows that came closest', () => {
    const attempt = () =>
      readGrid(
        grid([
          ['Báo cáo tình hình'],
          ['Ghi chú', 'khác'],
          ['STT', 'Nội dung', 'Số liệu'],
          ['1', 'Một việc', '5'],
        ]),
        { file: 'bang.xlsx' },
      );
    expect(attempt).toThrow(TableError);
    try {
      attempt();
    } catch (error) {
      const e = error as TableError;
      expect(e.code).toBe('no-header');
      expect(e.details).toMatchObject({ file: 'bang.xlsx', sheet: 'Sheet1', row: 3 });
      expect(e.details.candidates![0]).toEqual({
        row: 3,
        matched: ['STT', 'Nội dung'],
        missing: ['Kết quả/Sản phẩm', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
      });
      expect(e.messageVi).toContain('hàng 3 khớp 2/5 cột chính (STT, Nội dung), thiếu Kết quả/Sản phẩm, Thời gian thực hiện, Cơ quan chủ trì');
      expect(e.messageEn).toContain('row 3 matched 2 of the 5 key columns (STT, Nội dung); missing:');
    }
  });

  it('does not take a data row for the header', () => {
    // Every cell of this row contains header words ("nhiệm vụ", "kết quả", "cơ quan") but it is data.
    expect(() =>
      readGrid(grid([['1', 'Thực hiện nhiệm vụ cải cách hành chính năm 2022 của các cơ quan', 'Báo cáo kết quả', 'Các cơ quan, đơn vị có liên quan']])),
    ).toThrow(TableError);
  });
});

describe('sections', () => {
  it('reads a first column whose merged cells span each section', () => {
    const read = readGrid(
      grid(
        [
          ['', 'STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Chủ trì'],
          ['I. Cải cách thể chế', '1', 'Rà soát văn bản QPPL', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp'],
          ['', '2', 'Kiểm tra văn bản', 'Báo cáo', 'Quý II/2022', 'Sở Tư pháp'],
          ['Cải cách thủ tục hành chính', '1', 'Công bố TTHC', 'Quyết định', 'Thường xuyên trong năm', 'Văn phòng UBND tỉnh'],
          ['', '2', 'Rà soát TTHC', 'Báo cáo', 'Tháng 10/2022', 'Văn phòng UBND tỉnh'],
          ['', '3', 'Số hóa hồ sơ', 'Báo cáo', 'Năm 2022', 'Các sở, ngành'],
        ],
        ['A2:A3', 'A4:A6'],
      ),
      { year: 2022 },
    );
    expect(read.sections.map((s) => [s.id, s.numeral, s.title, s.area, s.tasks.length])).toEqual([
      ['1', 'I', 'Cải cách thể chế', 'institutions', 2],
      ['2', '', 'Cải cách thủ tục hành chính', 'procedures', 3],
    ]);
    expect(itemsOf(read).map((i) => i.id)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3']);
    expect(itemsOf(read)[2]!.numbering).toBe('1');
  });

  it('reads numeral and title in one STT cell, and a title row with no numeral', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
        ['III Cải cách thủ tục hành chính'],
        ['1', 'Công bố TTHC', 'Quyết định', 'Năm 2022', 'Văn phòng'],
        ['', 'CẢI CÁCH TÀI CHÍNH CÔNG'],
        ['1', 'Giao tự chủ', 'Quyết định', 'Năm 2022', 'Sở Tài chính'],
      ]),
      { year: 2022 },
    );
    expect(read.sections.map((s) => [s.numeral, s.title, s.area])).toEqual([
      ['III', 'Cải cách thủ tục hành chính', 'procedures'],
      ['', 'CẢI CÁCH TÀI CHÍNH CÔNG', 'public_finance'],
    ]);
    expect(codes(read)).toContain('section-numeral-unexpected@2');
  });

  it('puts tasks above any section row into an unnamed section, with a warning', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
        ['1', 'Việc một', 'Báo cáo', 'Năm 2022', 'Sở Nội vụ'],
        ['2', 'Việc hai', 'Báo cáo', 'Năm 2022', 'Sở Nội vụ'],
      ]),
      { year: 2022 },
    );
    expect(read.sections).toHaveLength(1);
    expect(read.sections[0]).toMatchObject({ id: '1', numeral: '', title: '', area: 'unknown', row: null });
    expect(codes(read)).toEqual(['task-without-section@2']);
  });
});

describe('tasks and sub-rows', () => {
  it('reads numbering written inside the task text when there is no STT column', () => {
    const read = readGrid(
      grid([
        ['Nội dung công việc', 'Sản phẩm', 'Thời gian', 'Cơ quan chủ trì'],
        ['I. CẢI CÁCH THỂ CHẾ'],
        ['1. Rà soát văn bản', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp'],
        ['a) Rà soát đợt 1', 'Danh mục', 'Quý II/2022', 'Sở Tư pháp'],
        ['2) Tự kiểm tra văn bản', 'Báo cáo', 'Quý III/2022', 'Sở Tư pháp'],
        ['II - Cải cách thủ tục hành chính'],
        ['1. Công bố TTHC', 'Quyết định', 'Năm 2022', 'Văn phòng UBND tỉnh'],
      ]),
      { year: 2022 },
    );
    expect(read.sections.map((s) => [s.numeral, s.title])).toEqual([
      ['I', 'CẢI CÁCH THỂ CHẾ'],
      ['II', 'Cải cách thủ tục hành chính'],
    ]);
    const tasks = read.sections.flatMap((s) => s.tasks);
    expect(tasks.map((t) => [t.id, t.numbering, t.text])).toEqual([
      ['1.1', '1', 'Rà soát văn bản'],
      ['1.2', '2', 'Tự kiểm tra văn bản'],
      ['2.1', '1', 'Công bố TTHC'],
    ]);
    expect(itemsOf(read).map((i) => [i.id, i.numbering, i.activity ?? null])).toEqual([
      ['1.1', 'I.1', null],
      ['1.1.b', 'I.1.a', 'a) Rà soát đợt 1'],
      ['1.2', 'I.2', null],
      ['2.1', 'II.1', null],
    ]);
  });

  it('reads a task merged over its sub-rows as one task with one item per row', () => {
    const read = readGrid(
      grid(
        [
          ['STT', 'Nhiệm vụ', 'Kết quả', 'Thời gian thực hiện', 'Đơn vị chủ trì', 'Đơn vị phối hợp'],
          ['I', 'Cải cách tổ chức bộ máy'],
          ['1', 'Sắp xếp tổ chức', 'Đề án', 'Quý I/2022', 'Sở Nội vụ', 'Các sở, ngành'],
          ['', '', 'Quyết định', 'Quý III/2022', '', ''],
          ['', '', 'Báo cáo', 'Tháng 12/2022', 'Sở Tài chính', ''],
          ['2', 'Tinh giản biên chế', 'Báo cáo', 'Năm 2022', 'Sở Nội vụ', ''],
        ],
        ['A3:A5', 'B3:B5', 'F3:F5'],
      ),
      { year: 2022 },
    );
    expect(read.counts).toMatchObject({ sections: 1, tasks: 2, items: 4 });
    const items = itemsOf(read);
    expect(items.map((i) => [i.id, i.numbering, i.text, i.output, i.leadText, i.coordinatingText, i.timeline.due])).toEqual([
      ['1.1', 'I.1', 'Sắp xếp tổ chức', 'Đề án', 'Sở Nội vụ', 'Các sở, ngành', '2022-03-31'],
      // An empty lead in a sub-row is the task's (the cell was merged in print).
      ['1.1.b', 'I.1.b', 'Sắp xếp tổ chức', 'Quyết định', 'Sở Nội vụ', 'Các sở, ngành', '2022-09-30'],
      ['1.1.c', 'I.1.c', 'Sắp xếp tổ chức', 'Báo cáo', 'Sở Tài chính', 'Các sở, ngành', '2022-12-31'],
      ['1.2', 'I.2', 'Tinh giản biên chế', 'Báo cáo', 'Sở Nội vụ', '', '2022-12-31'],
    ]);
  });

  it('does not track a task row that only names the task above sub-rows that carry the work', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
        ['I', 'Hiện đại hóa hành chính'],
        ['1', 'Chuyển đổi số'],
        ['a', 'Nâng cấp cổng dịch vụ công', 'Hệ thống', 'Quý II/2022', 'Sở TT&TT'],
        ['b', 'Số hóa hồ sơ', 'Báo cáo', 'Quý IV/2022', 'Sở TT&TT'],
      ]),
      { year: 2022 },
    );
    expect(itemsOf(read).map((i) => [i.id, i.numbering, i.text, i.activity])).toEqual([
      ['1.1.b', 'I.1.a', 'Chuyển đổi số', 'Nâng cấp cổng dịch vụ công'],
      ['1.1.c', 'I.1.b', 'Chuyển đổi số', 'Số hóa hồ sơ'],
    ]);
  });

  it('warns about repeated and skipped STT and keeps them as printed', () => {
    const read = readGrid(
      grid([
        ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
        ['I', 'Cải cách thể chế'],
        ['1', 'A', 'Báo cáo', 'Năm 2022', 'Sở Tư pháp'],
        ['1', 'B', 'Báo cáo', 'Năm 2022', 'Sở Tư pháp'],
        ['4', 'C', 'Báo cáo', 'Năm 2022', 'Sở Tư pháp'],
      ]),
      { year: 2022 },
    );
    expect(itemsOf(read).map((i) => [i.id, i.numbering])).toEqual([
      ['1.1', 'I.1'],
      ['1.2', 'I.1'],
      ['1.3', 'I.4'],
    ]);
    expect(codes(read)).toEqual(['stt-repeated@4', 'stt-gap@5']);
  });
});

describe('page breaks', () => {
  const header = ['STT', 'Nhiệm vụ', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian thực hiện'];

  it('skips repeated headers and column-number rows, joins a split row, keeps a real sub-row', () => {
    const read = readGrid(
      grid([
        header,
        ['(1)', '(2)', '(3)', '(4)', '(5)'],
        ['I', 'Cải cách chế độ công vụ'],
        ['1', 'Tổ chức thi tuyển công chức theo', 'Kết quả thi', 'Sở Nội', 'Quý II'],
        header,
        ['', 'quy định hiện hành', '', 'vụ', 'năm 2022'],
        ['2', 'Đào tạo, bồi dưỡng', 'Kế hoạch', 'Sở Nội vụ', 'Quý I/2022'],
        header,
        ['', 'Tổ chức lớp bồi dưỡng', 'Báo cáo', 'Trường Chính trị', 'Quý III/2022'],
      ]),
      { year: 2022 },
    );
    expect(read.counts).toMatchObject({ tasks: 2, items: 3, repeatedHeaders: 2, continuations: 1 });
    const items = itemsOf(read);
    expect(items[0]).toMatchObject({ text: 'Tổ chức thi tuyển công chức theo quy định hiện hành', leadText: 'Sở Nội vụ' });
    expect(items[0]!.timeline).toMatchObject({ raw: 'Quý II năm 2022', due: '2022-06-30' });
    expect(items[2]).toMatchObject({ id: '1.2.b', text: 'Đào tạo, bồi dưỡng', output: 'Báo cáo', leadText: 'Trường Chính trị' });
    expect(codes(read)).toEqual([
      'column-number-row@2',
      'repeated-header@5',
      'continuation-joined@6',
      'repeated-header@8',
      'sub-row-after-header@9',
    ]);
    const joined = read.warnings.find((w) => w.code === 'continuation-joined')!;
    expect(joined.message_vi).toContain('là phần còn lại của hàng 4');
    expect(joined.message_en).toContain('right after the repeated header at row 5');
    expect(joined.message_en).toContain('columns B, D, E');
    const kept = read.warnings.find((w) => w.code === 'sub-row-after-header')!;
    expect(kept.message_en).toContain('has its own output, lead, timeline');
  });

  it('joins a lower-case fragment with no output even without a repeated header', () => {
    const read = readGrid(
      grid([
        header,
        ['1', 'Kiểm tra công tác', 'Báo cáo', 'Sở Nội vụ', 'Năm 2022'],
        ['', 'cải cách hành chính tại các sở'],
        ['', 'Kiểm tra đột xuất'],
      ]),
    );
    const items = itemsOf(read);
    expect(items.map((i) => [i.id, i.text])).toEqual([
      ['1.1', 'Kiểm tra công tác cải cách hành chính tại các sở'],
      // Capitalised, not after a header: a sub-row of its own, warned as incomplete.
      ['1.1.b', 'Kiểm tra công tác cải cách hành chính tại các sở'],
    ]);
    expect(items[1]!.activity).toBe('Kiểm tra đột xuất');
    expect(codes(read)).toContain('continuation-joined@3');
    expect(codes(read)).toContain('item-incomplete@4');
  });
});

describe('tracking columns and ids', () => {
  it('reads a sheet this program wrote back: status, completion date, evidence, progress note, Mã', () => {
    const read = readGrid(
      grid([
        ['Mã', 'STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Trạng thái', 'Ngày hoàn thành', 'Tài liệu kiểm chứng', 'Ghi chú tiến độ'],
        ['', 'I', 'Cải cách thể chế'],
        ['1.1', '1', 'Việc một', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp', 'Hoàn thành', '30/03/2022', 'Báo cáo số 12/BC-STP ngày 30/03/2022', 'Đã gửi'],
        ['x-7', '2', 'Việc hai', 'Báo cáo', 'Quý II/2022', 'Sở Tư pháp', 'Xong rồi', '31/02/2022', '', ''],
        ['1.1', '3', 'Việc ba', 'Báo cáo', 'Quý III/2022', 'Sở Tư pháp', '', '', '', ''],
      ]),
      { year: 2022 },
    );
    const items = itemsOf(read);
    expect(items.map((i) => i.id)).toEqual(['1.1', 'x-7', '1.3']);
    expect(items[0]!.tracking).toEqual({
      status: { raw: 'Hoàn thành', value: 'done' },
      completedOn: { raw: '30/03/2022', date: '2022-03-30' },
      evidence: 'Báo cáo số 12/BC-STP ngày 30/03/2022',
      progressNote: 'Đã gửi',
    });
    expect(items[1]!.tracking).toEqual({ status: { raw: 'Xong rồi', value: null }, completedOn: { raw: '31/02/2022', date: null } });
    expect(items[2]!.tracking).toBeUndefined();
    expect(codes(read)).toEqual(['status-unreadable@4', 'date-unreadable@4', 'ref-duplicate@5']);
  });
});

describe('plan year', () => {
  const rows = [
    ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
    ['I', 'Cải cách thể chế'],
    ['1', 'A', 'Báo cáo', 'Quý II/2024', 'Sở Tư pháp'],
    ['2', 'B', 'Báo cáo', 'Quý III', 'Sở Tư pháp'],
  ];

  it('is guessed from the timelines when the title has none, with a warning', () => {
    const read = readGrid(grid(rows));
    expect([read.year, read.yearSource]).toEqual([2024, 'timelines']);
    expect(codes(read)).toContain('year-guessed@null');
    expect(itemsOf(read)[1]!.timeline.due).toBe('2024-09-30');
  });

  it('comes from the option first, warning when the title disagrees', () => {
    const read = readGrid(grid([['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023'], ...rows]), { year: 2024 });
    expect([read.year, read.yearSource]).toEqual([2024, 'option']);
    expect(codes(read)).toContain('year-differs@null');
  });

  it('stays unknown when nothing names it: dates without a year stay open', () => {
    const read = readGrid(grid([rows[0]!, rows[1]!, ['1', 'A', 'Báo cáo', 'Quý III', 'Sở Tư pháp']]));
    expect(read.year).toBeNull();
    expect(codes(read)).toContain('no-year@null');
    expect(itemsOf(read)[0]!.timeline.due).toBeNull();
  });

  it('reads a header with nothing under it as no items, not an error', () => {
    const read = readGrid(grid([rows[0]!]));
    expect(read.counts.items).toBe(0);
    expect(codes(read)).toContain('no-items@1');
  });
});

describe('grids handed over by a caller', () => {
  it('takes numbers, booleans, empty slots and decomposed Vietnamese in cells as text', () => {
    const values = [
      ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
      ['I', 'Cải cách thể chế'],
      [1, 'Ra\u0300 soa\u0301t  văn bản_x000D_', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp'],
      [2.0, 'Kiểm tra', true, null, undefined],
    ] as unknown as string[][];
    const read = readGrid({ sheet: 'Active', values, merges: [] }, { year: 2022 });
    const items = itemsOf(read);
    expect(items.map((i) => [i.numbering, i.text, i.output])).toEqual([
      ['I.1', 'Rà soát văn bản', 'Báo cáo'],
      ['I.2', 'Kiểm tra', 'TRUE'],
    ]);
  });
});
