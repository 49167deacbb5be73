import { describe, expect, it } from 'vitest';
import { completionOf, completionTextVi, formatPercentVi, parLevelOf } from '../../templates/reports/completion-rate.ts';
import { placeAndDate } from '../../templates/reports/official-header.ts';
import { DEFAULT_PAR, parseReportConfig, ReportConfig, ReportConfigError } from '../../templates/reports/report-config.ts';
import { issuerInProvince, placeOf, reportSymbolOf } from '../../templates/reports/report-document.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { emptyTally } from '../../templates/reports/tally.ts';

const defaults = ReportConfig.parse({});

describe('cut-off dates', () => {
  it('default to the Ministry guidance (DOMAIN.md)', () => {
    const range = (p: string) => {
      const r = resolvePeriod(p, defaults)!;
      return `${r.from}..${r.to}`;
    };
    expect(range('2021-Q1')).toBe('2020-12-15..2021-03-14');
    expect(range('2021-H1')).toBe('2020-12-15..2021-06-14');
    expect(range('2021-Q3')).toBe('2021-06-15..2021-09-14');
    expect(range('2021-9M')).toBe('2020-12-15..2021-09-14');
    expect(range('2021-Y')).toBe('2020-12-15..2021-12-14');
  });

  it('follow a province’s own periods from the configuration', () => {
    const config = parseReportConfig({ periods: { Q1: { from: '1/1', to: '20/3' }, Y: { from: '21/11', fromPreviousYear: true, to: '20/11' } } }, 'rules.json');
    expect(resolvePeriod('2022-Q1', config)).toMatchObject({ from: '2022-01-01', to: '2022-03-20' });
    expect(resolvePeriod('2022-Y', config)).toMatchObject({ from: '2021-11-21', to: '2022-11-20' });
    expect(resolvePeriod('2022-H1', config)).toMatchObject({ from: '2021-12-15', to: '2022-06-14' });
  });

  it('refuse what is not a period', () => {
    for (const p of ['2021-Q2', '2021', 'Q1-2021', '21-Q1', '2021-q1']) expect(resolvePeriod(p, defaults), p).toBeNull();
  });
});

describe('the configuration file is checked, with errors that say where', () => {
  const errorOf = (value: unknown): string => {
    try {
      parseReportConfig(value, 'rules.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ReportConfigError);
      return (error as ReportConfigError).messageVi;
    }
    throw new Error('accepted');
  };

  it('names the file, the field and the problem', () => {
    expect(errorOf({ periods: { Q1: { from: '15/12', fromPreviousYear: true, to: '31/02' } } })).toMatch(/rules\.json[\s\S]*periods\.Q1\.to: không có ngày này/);
    expect(errorOf({ periods: { Q1: { from: '15-12', to: '14/3' } } })).toMatch(/periods\.Q1\.from: viết ngày\/tháng/);
    expect(errorOf({ periods: { Q1: { from: '15/12', to: '14/3' } } })).toMatch(/periods\.Q1\.from: ngày bắt đầu sau ngày chốt/);
    expect(errorOf({ periods: { Q2: { from: '1/1', to: '1/2' } } })).toMatch(/Q2/);
    expect(errorOf({ par: { thresholds: [] , below: { label: 'x' } } })).toMatch(/par\.thresholds/);
    expect(errorOf({ par: { thresholds: [{ atLeast: 120, label: 'x' }], below: { label: 'y' } } })).toMatch(/par\.thresholds\.0/);
    expect(errorOf({ colour: 'red' })).toMatch(/colour/);
  });
});

describe('completion rate and PAR level', () => {
  const tally = (done: number, open: number, withdrawn: number) => ({
    ...emptyTally(),
    total: done + open + withdrawn,
    done_on_time: done,
    open_in_time: open,
    withdrawn,
  });

  it('is written the Vietnamese way, withdrawn items out of the count', () => {
    expect(completionTextVi(completionOf(tally(31, 44, 3)), 'nhiệm vụ')).toBe('31/75 nhiệm vụ, đạt 41,33%');
    expect(completionTextVi(completionOf(tally(2, 1, 0)), 'nhiệm vụ')).toBe('2/3 nhiệm vụ, đạt 66,67%');
    expect(completionTextVi(completionOf(tally(0, 0, 2)), 'nhiệm vụ')).toBe('Không có nhiệm vụ trong kế hoạch');
    expect(formatPercentVi(5)).toBe('0,05');
  });

  it('reads the thresholds on the exact rate: 99,996% prints as 100,00% but is not full marks', () => {
    const almost = completionOf(tally(24_999, 1, 0));
    expect(completionTextVi(almost, 'nhiệm vụ')).toBe('24999/25000 nhiệm vụ, đạt 100,00%');
    expect(parLevelOf(almost, DEFAULT_PAR)?.label).toBe('Đạt một phần điểm');
    expect(parLevelOf(completionOf(tally(4, 1, 0)), DEFAULT_PAR)?.label).toBe('Không đạt điểm'); // 80%: not above 80
    expect(parLevelOf(completionOf(tally(81, 19, 0)), DEFAULT_PAR)?.label).toBe('Đạt một phần điểm');
    expect(parLevelOf(completionOf(tally(5, 0, 7)), DEFAULT_PAR)).toEqual({ label: 'Đạt điểm tối đa', score: 1 });
  });
});

describe('the official header (Nghị định 30/2020)', () => {
  it('writes place and date in words, with a zero before days under 10 and months 1 and 2', () => {
    expect(placeAndDate('Bến Tre', '2021-01-05')).toBe('Bến Tre, ngày 05 tháng 01 năm 2021');
    expect(placeAndDate('Bến Tre', '2021-02-28')).toBe('Bến Tre, ngày 28 tháng 02 năm 2021');
    expect(placeAndDate('Hà Tĩnh', '2021-03-09')).toBe('Hà Tĩnh, ngày 09 tháng 3 năm 2021');
    expect(placeAndDate('Gia Lai', '2022-12-25')).toBe('Gia Lai, ngày 25 tháng 12 năm 2022');
  });

  it('derives the place and the symbol from the issuer', () => {
    expect(placeOf('Ủy ban nhân dân tỉnh Bến Tre')).toBe('Bến Tre');
    expect(placeOf('Ủy ban nhân dân thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
    expect(placeOf('Sở Giáo dục và Đào tạo')).toBeNull();
    expect(reportSymbolOf('Ủy ban nhân dân tỉnh Bến Tre')).toBe('BC-UBND');
    expect(reportSymbolOf('Sở Giáo dục và Đào tạo')).toBe('BC-SGDĐT');
    expect(reportSymbolOf('Sở Nội vụ tỉnh Hà Tĩnh')).toBe('BC-SNV');
  });

  it('names an agency in its province once, whether or not its name already says the province', () => {
    expect(issuerInProvince('Sở Nội vụ', 'tỉnh Bến Tre')).toBe('Sở Nội vụ tỉnh Bến Tre');
    expect(issuerInProvince('Sở Nội vụ tỉnh Bến Tre', 'tỉnh Bến Tre')).toBe('Sở Nội vụ tỉnh Bến Tre');
    expect(issuerInProvince('Sở Nội vụ Tỉnh Bến Tre', 'tỉnh Bến Tre')).toBe('Sở Nội vụ Tỉnh Bến Tre');
    expect(issuerInProvince('Ủy ban nhân dân tỉnh Bến Tre', 'tỉnh Bến Tre')).toBe('Ủy ban nhân dân tỉnh Bến Tre');
  });
});
