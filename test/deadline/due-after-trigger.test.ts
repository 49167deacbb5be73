import { describe, expect, it } from 'vitest';
import { dueAfterTrigger, parseDeadline } from '../../templates/deadline/index.ts';

describe('dueAfterTrigger', () => {
  const sevenWorkingDays = parseDeadline('07 ngày làm việc kể từ ngày nhận được văn bản', { planYear: 2021 });

  it('counts working days from the day after the trigger, skipping Saturdays and Sundays', () => {
    // Received Friday 5/3/2021: Mon 8 ... Fri 12 are five, Mon 15 and Tue 16 make seven.
    expect(dueAfterTrigger(sevenWorkingDays, '2021-03-05')).toBe('2021-03-16');
    // Received on a Saturday: counting starts on Monday.
    expect(dueAfterTrigger(sevenWorkingDays, '2021-03-06')).toBe('2021-03-16');
  });

  it('skips the holidays it is given', () => {
    // Wednesday 28/4/2021; 30/4 and 3/5 were holidays, 1-2/5 a weekend.
    expect(dueAfterTrigger(sevenWorkingDays, '2021-04-28')).toBe('2021-05-07');
    expect(dueAfterTrigger(sevenWorkingDays, '2021-04-28', new Set(['2021-04-30', '2021-05-03']))).toBe('2021-05-11');
  });

  it('adds calendar days and months, a month end clamped', () => {
    const days = parseDeadline('trong vòng 15 ngày kể từ ngày ký');
    expect(dueAfterTrigger(days, '2022-01-20')).toBe('2022-02-04');
    const months = parseDeadline('Sau 02 tháng kể từ ngày Nghị định có hiệu lực');
    expect(dueAfterTrigger(months, '2021-12-31')).toBe('2022-02-28');
    expect(dueAfterTrigger(parseDeadline('Sau 1 năm kể từ ngày ban hành'), '2024-02-29')).toBe('2025-02-28');
  });

  it('has no due date for what is not relative, or for a date that does not exist', () => {
    expect(dueAfterTrigger(parseDeadline('Sau khi có Quyết định của Bộ Nội vụ'), '2021-03-05')).toBeNull();
    expect(dueAfterTrigger(parseDeadline('Quý II/2021'), '2021-03-05')).toBeNull();
    expect(dueAfterTrigger(sevenWorkingDays, '2021-02-30')).toBeNull();
    expect(dueAfterTrigger(sevenWorkingDays, '5/3/2021')).toBeNull();
  });
});
