import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, IsoDate, IsoInstant, isRealDate, parseUserDate, vietnamDateOf } from '../../ledger/dates.ts';

// The Date-based checks the schema used before, as oracles: what a Date makes of the text, written back.
const dateByDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00.000Z`)) && new Date(`${s}T00:00:00.000Z`).toISOString().slice(0, 10) === s;
const instantByDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s;
const vietnamDateByDate = (s: string) => new Date(Date.parse(s) + 7 * 3_600_000).toISOString().slice(0, 10);
const daysBetweenByDate = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((d) => d.join(''));
// Near-dates: right shape, any digits (month 00-99, day 00-99), leap years and ends of months often.
const dateLike = fc.oneof(
  fc.tuple(digits(4), digits(2), digits(2)).map(([y, m, d]) => `${y}-${m}-${d}`),
  fc.tuple(fc.constantFrom('1900', '2000', '2020', '2021', '2024', '2100', '0000', '0004', '9999'), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
);
const realDate = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
const timeLike = fc.tuple(digits(2), digits(2), digits(2), digits(3)).map(([h, m, s, ms]) => `${h}:${m}:${s}.${ms}`);
const nearTime = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 999 })).map(
  ([h, m, s, ms]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`,
);

describe('dates without Date objects', () => {
  it('refuses days that do not exist and accepts those that do', () => {
    for (const s of ['2021-02-29', '2021-02-30', '2021-02-31', '2021-04-31', '2021-06-31', '2021-13-01', '2021-00-10', '2021-01-00', '2021-01-32', '1900-02-29', '2100-02-29', '2021-2-01', '21-02-01', '2021-02-01 ', '']) {
      expect(IsoDate.safeParse(s).success, s).toBe(false);
      expect(isRealDate(s), s).toBe(false);
    }
    for (const s of ['2021-02-28', '2024-02-29', '2000-02-29', '2021-12-31', '2021-01-01', '1999-04-30', '0000-01-01', '9999-12-31']) {
      expect(IsoDate.safeParse(s).success, s).toBe(true);
    }
    expect(parseUserDate('31/02/2021')).toBeNull();
    expect(parseUserDate('29/02/2024')).toBe('2024-02-29');
  });

  it('refuses instants that are not as toISOString writes them', () => {
    for (const s of ['2021-02-29T03:00:00.000Z', '2021-03-01T24:00:00.000Z', '2021-03-01T23:60:00.000Z', '2021-03-01T23:59:60.000Z', '2021-03-01T03:00:00Z', '2021-03-01T03:00:00.000+07:00']) {
      expect(IsoInstant.safeParse(s).success, s).toBe(false);
    }
    expect(IsoInstant.safeParse('2024-02-29T23:59:59.999Z').success).toBe(true);
  });

  it('judges any date-like text as the Date-based check did', () => {
    fc.assert(
      fc.property(dateLike, (s) => {
        expect(IsoDate.safeParse(s).success).toBe(dateByDate(s));
        expect(isRealDate(s)).toBe(dateByDate(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('judges any instant-like text as the Date-based check did', () => {
    fc.assert(
      fc.property(dateLike, fc.oneof(timeLike, nearTime), (date, time) => {
        const s = `${date}T${time}Z`;
        expect(IsoInstant.safeParse(s).success).toBe(instantByDate(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('accepts every real date and instant, and agrees with Date on the Vietnamese date and on day differences', () => {
    fc.assert(
      fc.property(realDate, realDate, (a, b) => {
        const instant = a.toISOString();
        if (!/^\d{4}-/.test(instant)) return; // toISOString writes years past 9999 with a sign
        expect(IsoInstant.safeParse(instant).success).toBe(true);
        expect(IsoDate.safeParse(instant.slice(0, 10)).success).toBe(true);
        if (instant < '9999-12-31T17') expect(vietnamDateOf(instant)).toBe(vietnamDateByDate(instant));
        const other = b.toISOString().slice(0, 10);
        if (/^\d{4}-/.test(other)) expect(daysBetween(instant.slice(0, 10), other)).toBe(daysBetweenByDate(instant.slice(0, 10), other));
      }),
      { numRuns: 20_000 },
    );
  });

  it('puts an instant on the Vietnamese date: from 17:00 UTC it is the next day, across months and years', () => {
    expect(vietnamDateOf('2021-03-01T16:59:59.999Z')).toBe('2021-03-01');
    expect(vietnamDateOf('2021-03-01T17:00:00.000Z')).toBe('2021-03-02');
    expect(vietnamDateOf('2024-02-28T20:00:00.000Z')).toBe('2024-02-29');
    expect(vietnamDateOf('2021-02-28T20:00:00.000Z')).toBe('2021-03-01');
    expect(vietnamDateOf('2021-12-31T17:00:00.000Z')).toBe('2022-01-01');
    expect(vietnamDateOf(new Date('2021-12-31T17:00:00.000Z'))).toBe('2022-01-01');
    expect(daysBetween('2020-12-31', '2021-03-01')).toBe(60);
  });
});
