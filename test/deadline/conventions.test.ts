import { describe, expect, it } from 'vitest';
import { Deadline } from '../../ledger/deadline.ts';
import { parseDeadline } from '../../templates/deadline/index.ts';

// The conventions of docs/deadlines.md, one row each: text, plan year → kind, start, due.
type Row = [text: string, planYear: number | undefined, kind: Deadline['kind'], start: string | null, due: string | null];

const CONVENTIONS: Row[] = [
  // Dates: "trước ngày D" is due by D (inclusive), as in "Trước ngày 31/12/2021".
  ['Trước ngày 31/12/2021', 2022, 'date', null, '2021-12-31'],
  ['Ban hành kế hoạch trước 31/12/2021', 2022, 'date', null, '2021-12-31'],
  ['ngày 15/8/2022', 2022, 'date', '2022-08-15', '2022-08-15'],
  ['15/8/2022', 2022, 'date', '2022-08-15', '2022-08-15'],
  ['15-08-2022', 2022, 'date', '2022-08-15', '2022-08-15'],
  ['15.8.2022', 2022, 'date', '2022-08-15', '2022-08-15'],
  ['ngày 17 tháng 9 năm 2021', 2021, 'date', '2021-09-17', '2021-09-17'],
  ['2021-12-31', 2021, 'date', '2021-12-31', '2021-12-31'],
  ['2021-12-31T00:00:00.000Z', 2021, 'date', '2021-12-31', '2021-12-31'],
  ['Trước 30/6', 2022, 'date', null, '2022-06-30'],
  // Months: the whole month; "trước tháng M" is due the day before that month begins.
  ['Tháng 8/2021', 2021, 'month', '2021-08-01', '2021-08-31'],
  ['thang 8/2021', 2021, 'month', '2021-08-01', '2021-08-31'],
  ['Tháng 02 năm 2024', 2024, 'month', '2024-02-01', '2024-02-29'],
  ['tháng 8-2021', 2021, 'month', '2021-08-01', '2021-08-31'],
  ['Trước tháng 01/2022', 2022, 'month', null, '2021-12-31'],
  ['Chậm nhất tháng 3/2022', 2022, 'month', '2022-03-01', '2022-03-31'],
  ['Tháng 04-10/2021', 2021, 'range', '2021-04-01', '2021-10-31'],
  ['Từ tháng 3 đến tháng 6/2021', 2021, 'range', '2021-03-01', '2021-06-30'],
  ['Từ ngày 01/3/2022 đến ngày 30/6/2022', 2022, 'range', '2022-03-01', '2022-06-30'],
  ['Tháng 10/2021 - 3/2022', 2021, 'range', '2021-10-01', '2022-03-31'],
  ['Từ tháng 3/2022', 2022, 'range', '2022-03-01', '2022-12-31'],
  // Quarters, Roman or Arabic, with or without the year.
  ['Quý II', 2021, 'quarter', '2021-04-01', '2021-06-30'],
  ['Quy II/2021', undefined, 'quarter', '2021-04-01', '2021-06-30'],
  ['QUÝ 2', 2021, 'quarter', '2021-04-01', '2021-06-30'],
  ['Q3/2021', undefined, 'quarter', '2021-07-01', '2021-09-30'],
  ['Trong quý III năm 2022', undefined, 'quarter', '2022-07-01', '2022-09-30'],
  ['Quý I, IV năm 2021', undefined, 'quarter', '2021-01-01', '2021-12-31'],
  ['Quý I, II, III, IV/2021', undefined, 'quarter', '2021-01-01', '2021-12-31'],
  ['Quý I - III/2021', undefined, 'quarter', '2021-01-01', '2021-09-30'],
  ['Quý I và Quý II năm 2022', undefined, 'quarter', '2022-01-01', '2022-06-30'],
  ['Trước quý II/2022', undefined, 'quarter', null, '2022-03-31'],
  ['Đầu năm', 2022, 'quarter', '2022-01-01', '2022-03-31'],
  ['Cuối năm 2021', undefined, 'quarter', '2021-10-01', '2021-12-31'],
  // Years and parts of a year.
  ['Năm 2022', undefined, 'year', '2022-01-01', '2022-12-31'],
  ['Trong năm 2021', undefined, 'year', '2021-01-01', '2021-12-31'],
  ['Trong năm', 2021, 'year', '2021-01-01', '2021-12-31'],
  ['Trước năm 2022', undefined, 'year', null, '2021-12-31'],
  ['6 tháng đầu năm', 2022, 'range', '2022-01-01', '2022-06-30'],
  ['6 tháng cuối năm 2022', undefined, 'range', '2022-07-01', '2022-12-31'],
  ['9 tháng đầu năm 2021', undefined, 'range', '2021-01-01', '2021-09-30'],
  ['Giai đoạn 2021-2025', 2021, 'range', '2021-01-01', '2025-12-31'],
  // Ongoing and recurring: through the plan year.
  ['Thường xuyên trong năm', 2021, 'ongoing', '2021-01-01', '2021-12-31'],
  ['Thường xuyên, liên tục', 2022, 'ongoing', '2022-01-01', '2022-12-31'],
  ['Hằng tháng', 2021, 'month', '2021-01-01', '2021-12-31'],
  ['Hàng quý', 2021, 'quarter', '2021-01-01', '2021-12-31'],
  ['Định kỳ hằng quý', 2021, 'quarter', '2021-01-01', '2021-12-31'],
  ['Định kỳ 6 tháng', 2021, 'range', '2021-01-01', '2021-12-31'],
  ['Hằng năm', 2021, 'year', '2021-01-01', '2021-12-31'],
  // Several milestones in one cell: due when the last is.
  ['Tháng 12/2020 và trong năm 2021', 2021, 'milestones', '2020-12-01', '2021-12-31'],
  ['Ban hành kế hoạch trong tháng 02/2025 và tổ chức thực hiện', 2025, 'milestones', '2025-02-01', '2025-12-31'],
  ['Trước ngày 31/12/2021 Trong Quý IV năm 2022', 2022, 'milestones', null, '2022-12-31'],
  ['- Quý II/2021\n- Quý IV/2021', 2021, 'milestones', '2021-04-01', '2021-12-31'],
  // Waiting on something: no dates until it happens.
  ['15 ngày làm việc', 2021, 'relative', null, null],
  ['Sau khi có Quyết định của Bộ Nội vụ', 2021, 'conditional', null, null],
  ['Theo quy định của Bộ Nội vụ', 2021, 'scheduled', null, null],
  ['Theo Kế hoạch số 513/KH-UBND ngày 31/12/2020', 2021, 'scheduled', null, null],
  // Unreadable or impossible: a person must look.
  ['Tháng 13/2021', 2021, 'unknown', null, null],
  ['31/02/2022', 2022, 'unknown', null, null],
  ['Quý V/2021', 2021, 'unknown', null, null],
  ['Đã hoàn thành', 2021, 'unknown', null, null],
  ['', 2021, 'unknown', null, null],
];

describe('timeline conventions', () => {
  it.each(CONVENTIONS)('"%s" (plan year %s) → %s, %s to %s', (text, planYear, kind, start, due) => {
    const d = parseDeadline(text, planYear === undefined ? {} : { planYear });
    expect(Deadline.parse(d)).toEqual(d);
    expect({ kind: d.kind, start: d.start, due: d.due }).toEqual({ kind, start, due });
    if (kind === 'unknown') expect(d.milestones).toEqual([]);
    else expect(d.milestones.length).toBeGreaterThan(0);
  });

  it('writes a follow-on clause as a milestone running to the end of the year', () => {
    const d = parseDeadline('Ban hành kế hoạch trong tháng 02/2025 và tổ chức thực hiện', { planYear: 2025 });
    expect(d.milestones).toEqual([
      { label: 'Ban hành kế hoạch trong tháng 02/2025', kind: 'month', start: '2025-02-01', due: '2025-02-28' },
      { label: 'tổ chức thực hiện', kind: 'ongoing', start: '2025-02-01', due: '2025-12-31' },
    ]);
  });

  it('gives a recurring timeline one milestone per period', () => {
    const d = parseDeadline('Định kỳ hằng quý', { planYear: 2021 });
    expect(d.milestones.map((m) => [m.label, m.due])).toEqual([
      ['Quý I/2021', '2021-03-31'],
      ['Quý II/2021', '2021-06-30'],
      ['Quý III/2021', '2021-09-30'],
      ['Quý IV/2021', '2021-12-31'],
    ]);
    expect(parseDeadline('Hằng tháng', { planYear: 2024 }).milestones.map((m) => m.due).slice(0, 3)).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
    ]);
  });

  it('keeps the kind but gives no dates when neither the text nor the plan names the year', () => {
    for (const text of ['Quý II', 'Quý II, III', 'Thường xuyên trong năm', 'Hằng quý', '6 tháng đầu năm', 'Trước 30/6', 'Tháng 8']) {
      const d = parseDeadline(text, {});
      expect(d.kind, text).not.toBe('unknown');
      expect([d.start, d.due], text).toEqual([null, null]);
    }
  });

  it('takes a missing year from the next one written, then from the plan', () => {
    expect(parseDeadline('Tháng 11 và tháng 12/2021', { planYear: 2020 }).start).toBe('2021-11-01');
    const d = parseDeadline('Tháng 12/2020 và trong năm', { planYear: 2021 });
    expect(d.milestones.map((m) => m.due)).toEqual(['2020-12-31', '2021-12-31']);
    // Without a plan year "trong năm" does not borrow 2020 from the month before it.
    expect(parseDeadline('Tháng 12/2020 và trong năm', {}).due).toBeNull();
    expect(parseDeadline('Tháng 11/2021 và tháng 12', {}).due).toBe('2021-12-31');
  });

  it('ignores a plan year that is no year', () => {
    for (const planYear of [Number.NaN, 1e9, -1, 2021.5]) {
      expect(parseDeadline('Quý II', { planYear }).due).toBeNull();
    }
  });

  it('reads upper and lower case, missing diacritics, decomposed diacritics and Excel line-break escapes alike', () => {
    const reference = parseDeadline('Quý II/2021');
    for (const text of ['QUÝ II/2021', 'quý ii/2021', 'Quy II/2021', 'Qúy II/2021', 'Quy\u0301 II/2021', 'Quý  II _x000D_\n/2021', '\u00a0Quý II/2021\t']) {
      const d = parseDeadline(text);
      expect([d.kind, d.start, d.due], JSON.stringify(text)).toEqual([reference.kind, reference.start, reference.due]);
      expect(d.raw).toBe(text);
    }
  });

  it('reads a relative deadline: offset, unit and the trigger as written', () => {
    expect(parseDeadline('07 ngày làm việc kể từ ngày nhận được văn bản', { planYear: 2021 })).toEqual({
      raw: '07 ngày làm việc kể từ ngày nhận được văn bản',
      kind: 'relative',
      start: null,
      due: null,
      milestones: [{ label: '07 ngày làm việc kể từ ngày nhận được văn bản', kind: 'relative', start: null, due: null }],
      trigger: 'ngày nhận được văn bản',
      offset: { amount: 7, unit: 'working-days' },
    });
    const months = parseDeadline('Sau 02 tháng kể từ ngày Nghị định có hiệu lực');
    expect([months.kind, months.offset, months.trigger]).toEqual(['relative', { amount: 2, unit: 'months' }, 'ngày Nghị định có hiệu lực']);
    const days = parseDeadline('trong vòng 15 ngày kể từ ngày ký ban hành.');
    expect([days.kind, days.offset, days.trigger]).toEqual(['relative', { amount: 15, unit: 'days' }, 'ngày ký ban hành']);
    const alone = parseDeadline('15 ngày làm việc');
    expect([alone.kind, alone.offset, alone.trigger]).toEqual(['relative', { amount: 15, unit: 'working-days' }, undefined]);
    expect('trigger' in alone).toBe(false);
    const afterCondition = parseDeadline('Sau khi có Quyết định của UBND tỉnh, trong vòng 30 ngày');
    expect([afterCondition.kind, afterCondition.offset, afterCondition.trigger]).toEqual([
      'relative',
      { amount: 30, unit: 'days' },
      'có Quyết định của UBND tỉnh',
    ]);
    expect(parseDeadline('10 ngày sau khi có kết quả thẩm định').trigger).toBe('có kết quả thẩm định');
  });

  it('leaves a period in charge when a relative clause only follows it', () => {
    const d = parseDeadline('Quý II/2021; báo cáo trong 15 ngày kể từ khi kết thúc', { planYear: 2021 });
    expect([d.kind, d.due]).toEqual(['quarter', '2021-06-30']);
  });

  it('makes a relative deadline whose trigger is already a date a date deadline, skipping weekends and the holidays given', () => {
    // 28/4/2021 is a Wednesday; 30/4 and 3/5 were public holidays, 1-2/5 a weekend.
    const holidays = new Set(['2021-04-30', '2021-05-03']);
    const text = '07 ngày làm việc kể từ ngày 28/4/2021';
    expect(parseDeadline(text).due).toBe('2021-05-07');
    const d = parseDeadline(text, { holidays });
    expect([d.kind, d.due, d.trigger, d.offset]).toEqual(['date', '2021-05-11', 'ngày 28/4/2021', { amount: 7, unit: 'working-days' }]);
    expect(d.milestones).toEqual([{ label: text, kind: 'date', start: null, due: '2021-05-11' }]);
  });

  it('reads a condition or a schedule named anywhere when the cell names no period', () => {
    expect(parseDeadline('Triển khai ngay sau khi có hướng dẫn của Bộ')).toMatchObject({ kind: 'conditional', trigger: 'có hướng dẫn của Bộ' });
    expect(parseDeadline('Thực hiện định kỳ theo quy định').kind).toBe('scheduled');
    expect(parseDeadline('Báo cáo theo yêu cầu').kind).toBe('scheduled');
  });
});
