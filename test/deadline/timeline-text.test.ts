import { describe, expect, it } from 'vitest';
import { parseDeadline, timelineText } from '../../templates/deadline/index.ts';

describe('timelineText', () => {
  it('writes a cell that Excel turned into a date as dd/mm/yyyy, which then reads as that date', () => {
    const cell = new Date(Date.UTC(2021, 11, 31));
    expect(timelineText(cell)).toBe('31/12/2021');
    const d = parseDeadline(timelineText(cell), { planYear: 2021 });
    expect([d.kind, d.start, d.due]).toEqual(['date', '2021-12-31', '2021-12-31']);
  });

  it('passes text through and writes numbers as they show', () => {
    expect(timelineText('Quý II/2021')).toBe('Quý II/2021');
    expect(timelineText(2022)).toBe('2022');
    expect(parseDeadline(timelineText(2022)).due).toBe('2022-12-31');
  });

  it('gives empty text for what holds none', () => {
    for (const cell of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, new Date(Number.NaN), true, {}, ['Quý II']]) {
      expect(timelineText(cell)).toBe('');
    }
  });
});
