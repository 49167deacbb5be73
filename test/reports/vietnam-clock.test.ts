import { describe, expect, it } from 'vitest';
import { vietnamClockParts, vietnamTimeText } from '../../templates/reports/cell-values.ts';
import { vietnamClockText } from '../../cli/vietnam-time.ts';

describe("an instant in Vietnam time, one reading for every text that cites it", () => {
  it('gives the time and the date past midnight in Vietnam, as the reports, the pane and the command line say them', () => {
    // 20:30 UTC on 26/06 is 03:30 on 27/06 in Vietnam (UTC+7).
    const instant = '2022-06-26T20:30:00.000Z';
    expect(vietnamClockParts(instant)).toEqual({ time: '03:30', date: '27/06/2022' });
    expect(vietnamTimeText(instant)).toBe('03:30 ngày 27/06/2022');
    expect(vietnamClockText(instant)).toBe('27/06/2022 03:30');
  });
});
