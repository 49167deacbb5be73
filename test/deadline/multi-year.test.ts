import { describe, expect, it } from 'vitest';
import { parseDeadline } from '../../templates/deadline/parse-deadline.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { grid } from '../table/support.ts';

const dues = (raw: string, context = {}) => parseDeadline(raw, context).milestones.map((m) => m.due);

describe('programmes longer than a year, and recurring timelines', () => {
  it('"Năm 2025-2030" is due at the range end, with a milestone each year', () => {
    const d = parseDeadline('Năm 2025-2030', { planYear: 2025 });
    expect(d).toMatchObject({ kind: 'range', start: '2025-01-01', due: '2030-12-31' });
    expect(d.milestones.map((m) => m.label)).toEqual(['Năm 2025', 'Năm 2026', 'Năm 2027', 'Năm 2028', 'Năm 2029', 'Năm 2030']);
  });

  it('"Hằng năm" / "Hàng năm" repeats every year of the plan, and is the plan year in a one-year plan', () => {
    expect(dues('Hằng năm', { planYear: 2021, planPeriod: { from: 2021, to: 2025 } })).toEqual([
      '2021-12-31',
      '2022-12-31',
      '2023-12-31',
      '2024-12-31',
      '2025-12-31',
    ]);
    expect(parseDeadline('Hàng năm', { planYear: 2022 })).toMatchObject({ kind: 'year', start: '2022-01-01', due: '2022-12-31' });
    // A year written in the cell is that year, whatever the period.
    expect(dues('Hằng năm, trong năm 2023', { planYear: 2021, planPeriod: { from: 2021, to: 2025 } }).at(-1)).toBe('2023-12-31');
  });

  it('"Thường xuyên, định kỳ hằng quý báo cáo …" is ongoing with quarterly milestones', () => {
    const d = parseDeadline('Thường xuyên, định kỳ hằng quý báo cáo kết quả về Sở Nội vụ', { planYear: 2025 });
    expect(d).toMatchObject({ kind: 'ongoing', start: '2025-01-01', due: '2025-12-31' });
    expect(d.milestones.map((m) => m.due)).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']);
  });

  it('"Bắt đầu triển khai từ năm 2026" is a start with no due date', () => {
    expect(parseDeadline('Bắt đầu triển khai từ năm 2026', { planYear: 2025 })).toMatchObject({ kind: 'range', start: '2026-01-01', due: null });
    // "Từ tháng 3/2022" alone still runs to the end of that year.
    expect(parseDeadline('Từ tháng 3/2022')).toMatchObject({ start: '2022-03-01', due: '2022-12-31' });
  });
});

describe("the plan's period", () => {
  const rows = (title: string) => [
    [title],
    ['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
    ['1', 'Số hóa hồ sơ', 'Dữ liệu', 'Sở Nội vụ', 'Hằng năm'],
  ];

  it('comes from the title ("giai đoạn 2021-2025") and makes "Hằng năm" yearly through it', () => {
    const read = readGrid(grid(rows('KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2025')));
    expect(read.period).toEqual({ from: 2021, to: 2025 });
    expect(read.year).toBe(2021);
    expect(itemsOf(read)[0]!.timeline.milestones).toHaveLength(5);
  });

  it('is null for a one-year plan, whose "Hằng năm" is that year', () => {
    const read = readGrid(grid(rows('KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024')));
    expect(read.period).toBeNull();
    expect(itemsOf(read)[0]!.timeline).toMatchObject({ start: '2024-01-01', due: '2024-12-31' });
  });
});
