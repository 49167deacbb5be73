import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { LEAD_SHEET_NAME, SUMMARY_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { OVERDUE_SHEET_NAME } from '../../templates/reports/overdue-sheet.ts';
import { readWithSheetJs, reportFor, tableOf } from './read-back.ts';
import { KNOWN_AFTER_LATE_RECORD, KNOWN_AT_YEAR_END, KNOWN_BEFORE_LATE_RECORD, scenarioEvents } from './scenario.ts';

/** One row of a tally table, as the sheet's headers name its columns. Worked out by hand below. */
function row(label: string, [total, onTime, late, inTime, overdue, waiting, withdrawn, inPeriod]: number[], result: string, par?: string) {
  return {
    'Lĩnh vực': label,
    'Tổng số mục theo dõi': total,
    'Hoàn thành đúng hạn': onTime,
    'Hoàn thành quá hạn': late,
    'Chưa hoàn thành, trong hạn': inTime,
    'Chưa hoàn thành, quá hạn': overdue,
    'Chưa có thời hạn (chờ điều kiện)': waiting,
    'Đã rút khỏi kế hoạch': withdrawn,
    'Hoàn thành trong kỳ': inPeriod,
    'Kết quả': result,
    ...(par !== undefined && { 'Mức độ hoàn thành (Chỉ số PAR)': par }),
  };
}
const FULL = 'Đạt điểm tối đa';
const NONE = 'Không đạt điểm';

/**
 * The scenario (see scenario.ts), item by item, at each cut-off:
 *   A1 due 31/03, done 12/03 but recorded 20/03 · A2 due 31/01, done 25/01 · A3 waits for a decision, met 01/10 with due 15/11
 *   B1 due 30/06, in progress 01/04, done 10/07 · B2 due 28/02, done 05/03 (two leads) · B3 due 31/12, withdrawn 01/08
 *   C1 due 30/09, done 14/09 · C2 due 10/03, "done 01/03" voided, done 01/06 · C2b due 30/11, never done
 */
const EXPECTED: Record<string, { knownAt: string; areas: ReturnType<typeof row>[] }> = {
  // Q1, 15/12/2020–14/03/2021, known 25/03: A1 counted done on time.
  'Q1 known after the late record': {
    knownAt: KNOWN_AFTER_LATE_RECORD,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 2, 0, 0, 0, 1, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Cải cách thể chế', [3, 0, 1, 2, 0, 0, 0, 1], '1/3 mục theo dõi, đạt 33,33%', NONE),
      row('Cải cách thủ tục hành chính', [3, 0, 0, 2, 1, 0, 0, 0], '0/3 mục theo dõi, đạt 0,00%', NONE),
      row('Tổng cộng', [9, 2, 1, 4, 1, 1, 0, 3], '3/9 mục theo dõi, đạt 33,33%', NONE),
    ],
  },
  // The same report known on 16/03: A1's completion was not yet recorded, so it is open and in time.
  'Q1 known before the late record': {
    knownAt: KNOWN_BEFORE_LATE_RECORD,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 1, 0, 1, 0, 1, 0, 1], '1/3 mục theo dõi, đạt 33,33%', NONE),
      row('Cải cách thể chế', [3, 0, 1, 2, 0, 0, 0, 1], '1/3 mục theo dõi, đạt 33,33%', NONE),
      row('Cải cách thủ tục hành chính', [3, 0, 0, 2, 1, 0, 0, 0], '0/3 mục theo dõi, đạt 0,00%', NONE),
      row('Tổng cộng', [9, 1, 1, 5, 1, 1, 0, 2], '2/9 mục theo dõi, đạt 22,22%', NONE),
    ],
  },
  // H1, to 14/06: C2 done late on 01/06; B1's completion (10/07) is after the cut-off.
  H1: {
    knownAt: KNOWN_AT_YEAR_END,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 2, 0, 0, 0, 1, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Cải cách thể chế', [3, 0, 1, 2, 0, 0, 0, 1], '1/3 mục theo dõi, đạt 33,33%', NONE),
      row('Cải cách thủ tục hành chính', [3, 0, 1, 2, 0, 0, 0, 1], '1/3 mục theo dõi, đạt 33,33%', NONE),
      row('Tổng cộng', [9, 2, 2, 4, 0, 1, 0, 4], '4/9 mục theo dõi, đạt 44,44%', NONE),
    ],
  },
  // 9M, 15/12/2020–14/09: B3 withdrawn (out of the denominator), C1 done on the cut-off day, A3 still waiting.
  '9M': {
    knownAt: KNOWN_AT_YEAR_END,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 2, 0, 0, 0, 1, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Cải cách thể chế', [3, 0, 2, 0, 0, 0, 1, 2], '2/2 mục theo dõi, đạt 100,00%', FULL),
      row('Cải cách thủ tục hành chính', [3, 1, 1, 1, 0, 0, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Tổng cộng', [9, 3, 3, 1, 0, 1, 1, 6], '6/8 mục theo dõi, đạt 75,00%', NONE),
    ],
  },
  // Q3 alone, 15/06–14/09: the same state, but only B1 and C1 were completed inside the quarter.
  Q3: {
    knownAt: KNOWN_AT_YEAR_END,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 2, 0, 0, 0, 1, 0, 0], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Cải cách thể chế', [3, 0, 2, 0, 0, 0, 1, 1], '2/2 mục theo dõi, đạt 100,00%', FULL),
      row('Cải cách thủ tục hành chính', [3, 1, 1, 1, 0, 0, 0, 1], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Tổng cộng', [9, 3, 3, 1, 0, 1, 1, 2], '6/8 mục theo dõi, đạt 75,00%', NONE),
    ],
  },
  // Y, to 14/12: A3's condition met with due 15/11 (overdue 29 days), C2b overdue 14 days.
  Y: {
    knownAt: KNOWN_AT_YEAR_END,
    areas: [
      row('Công tác chỉ đạo, điều hành', [3, 2, 0, 0, 1, 0, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Cải cách thể chế', [3, 0, 2, 0, 0, 0, 1, 2], '2/2 mục theo dõi, đạt 100,00%', FULL),
      row('Cải cách thủ tục hành chính', [3, 1, 1, 0, 1, 0, 0, 2], '2/3 mục theo dõi, đạt 66,67%', NONE),
      row('Tổng cộng', [9, 3, 3, 0, 2, 0, 1, 6], '6/8 mục theo dõi, đạt 75,00%', NONE),
    ],
  },
};

const PERIOD_OF: Record<string, string> = {
  'Q1 known after the late record': '2021-Q1',
  'Q1 known before the late record': '2021-Q1',
  H1: '2021-H1',
  '9M': '2021-9M',
  Q3: '2021-Q3',
  Y: '2021-Y',
};

function lead(name: string, counts: number[], result: string) {
  const { 'Lĩnh vực': _area, ...rest } = row(name, counts, result);
  return { 'Cơ quan chủ trì': name, ...rest };
}

let events: LedgerEvent[];
beforeAll(async () => {
  events = await scenarioEvents();
});

const withoutRate = (rows: Array<Record<string, unknown>>) =>
  rows.map(({ STT: _n, 'Tỷ lệ hoàn thành': _r, ...rest }) => rest);

describe('period report counts, worked out by hand', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: by reform area and overall`, async () => {
      const workbook = readWithSheetJs(await reportFor(events, PERIOD_OF[name]!, expected.knownAt));
      const rows = tableOf(workbook.Sheets[SUMMARY_SHEET_NAME]!, 'Lĩnh vực');
      expect(withoutRate(rows)).toEqual(expected.areas);
      // The rate is text with the decimal comma, the same as the result's.
      for (const r of rows) expect(String(r['Kết quả'])).toMatch(new RegExp(`, đạt ${String(r['Tỷ lệ hoàn thành'])}$`));
    });
  }

  it('the Q1 report depends on --known-at: the late record of A1 changes it', async () => {
    const before = readWithSheetJs(await reportFor(events, '2021-Q1', KNOWN_BEFORE_LATE_RECORD));
    const after = readWithSheetJs(await reportFor(events, '2021-Q1', KNOWN_AFTER_LATE_RECORD));
    const total = (wb: typeof before) => tableOf(wb.Sheets[SUMMARY_SHEET_NAME]!, 'Lĩnh vực').at(-1)!['Kết quả'];
    expect(total(before)).toBe('2/9 mục theo dõi, đạt 22,22%');
    expect(total(after)).toBe('3/9 mục theo dõi, đạt 33,33%');
  });


  // Leads: A1 A2 A3 Sở Nội vụ · B1 Sở Tư pháp · B2 Sở Tư pháp and Sở Nội vụ · B3 C1 Các sở, ban, ngành tỉnh (group)
  // · C2 Các sở, ban, ngành tỉnh and UBND cấp huyện (both groups) · C2b Văn phòng UBND tỉnh.
  const LEADS: Array<[name: string, period: string, knownAt: string, rows: ReturnType<typeof lead>[]]> = [
    ['Q1', '2021-Q1', KNOWN_AFTER_LATE_RECORD, [
      lead('Sở Nội vụ', [4, 2, 1, 0, 0, 1, 0, 3], '3/4 mục theo dõi, đạt 75,00%'), // A1 A2 on time, B2 late, A3 waiting
      lead('Sở Tư pháp', [2, 0, 1, 1, 0, 0, 0, 1], '1/2 mục theo dõi, đạt 50,00%'), // B2 late, B1 in time
      lead('Các sở, ban, ngành tỉnh (nhóm cơ quan)', [3, 0, 0, 2, 1, 0, 0, 0], '0/3 mục theo dõi, đạt 0,00%'), // B3 C1 in time, C2 overdue
      lead('UBND cấp huyện (nhóm cơ quan)', [1, 0, 0, 0, 1, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'), // C2
      lead('Văn phòng UBND tỉnh', [1, 0, 0, 1, 0, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'), // C2b
    ]],
    ['H1', '2021-H1', KNOWN_AT_YEAR_END, [
      lead('Sở Nội vụ', [4, 2, 1, 0, 0, 1, 0, 3], '3/4 mục theo dõi, đạt 75,00%'),
      lead('Sở Tư pháp', [2, 0, 1, 1, 0, 0, 0, 1], '1/2 mục theo dõi, đạt 50,00%'),
      lead('Các sở, ban, ngành tỉnh (nhóm cơ quan)', [3, 0, 1, 2, 0, 0, 0, 1], '1/3 mục theo dõi, đạt 33,33%'), // C2 done late 01/06
      lead('UBND cấp huyện (nhóm cơ quan)', [1, 0, 1, 0, 0, 0, 0, 1], '1/1 mục theo dõi, đạt 100,00%'),
      lead('Văn phòng UBND tỉnh', [1, 0, 0, 1, 0, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'),
    ]],
    ['9M', '2021-9M', KNOWN_AT_YEAR_END, [
      lead('Sở Nội vụ', [4, 2, 1, 0, 0, 1, 0, 3], '3/4 mục theo dõi, đạt 75,00%'),
      lead('Sở Tư pháp', [2, 0, 2, 0, 0, 0, 0, 2], '2/2 mục theo dõi, đạt 100,00%'), // B1 done late 10/07
      lead('Các sở, ban, ngành tỉnh (nhóm cơ quan)', [3, 1, 1, 0, 0, 0, 1, 2], '2/2 mục theo dõi, đạt 100,00%'), // B3 withdrawn, C1 on time
      lead('UBND cấp huyện (nhóm cơ quan)', [1, 0, 1, 0, 0, 0, 0, 1], '1/1 mục theo dõi, đạt 100,00%'),
      lead('Văn phòng UBND tỉnh', [1, 0, 0, 1, 0, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'),
    ]],
    ['Q3', '2021-Q3', KNOWN_AT_YEAR_END, [
      lead('Sở Nội vụ', [4, 2, 1, 0, 0, 1, 0, 0], '3/4 mục theo dõi, đạt 75,00%'),
      lead('Sở Tư pháp', [2, 0, 2, 0, 0, 0, 0, 1], '2/2 mục theo dõi, đạt 100,00%'),
      lead('Các sở, ban, ngành tỉnh (nhóm cơ quan)', [3, 1, 1, 0, 0, 0, 1, 1], '2/2 mục theo dõi, đạt 100,00%'),
      lead('UBND cấp huyện (nhóm cơ quan)', [1, 0, 1, 0, 0, 0, 0, 0], '1/1 mục theo dõi, đạt 100,00%'),
      lead('Văn phòng UBND tỉnh', [1, 0, 0, 1, 0, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'),
    ]],
    ['Y', '2021-Y', KNOWN_AT_YEAR_END, [
      lead('Sở Nội vụ', [4, 2, 1, 0, 1, 0, 0, 3], '3/4 mục theo dõi, đạt 75,00%'), // A3 overdue
      lead('Sở Tư pháp', [2, 0, 2, 0, 0, 0, 0, 2], '2/2 mục theo dõi, đạt 100,00%'),
      lead('Các sở, ban, ngành tỉnh (nhóm cơ quan)', [3, 1, 1, 0, 0, 0, 1, 2], '2/2 mục theo dõi, đạt 100,00%'),
      lead('UBND cấp huyện (nhóm cơ quan)', [1, 0, 1, 0, 0, 0, 0, 1], '1/1 mục theo dõi, đạt 100,00%'),
      lead('Văn phòng UBND tỉnh', [1, 0, 0, 0, 1, 0, 0, 0], '0/1 mục theo dõi, đạt 0,00%'), // C2b overdue
    ]],
  ];
  for (const [name, period, knownAt, rows] of LEADS) {
    it(`${name} by lead agency: two leads count for each, a collective lead is one group row, withdrawn out of the rate`, async () => {
      const workbook = readWithSheetJs(await reportFor(events, period, knownAt));
      expect(withoutRate(tableOf(workbook.Sheets[LEAD_SHEET_NAME]!, 'Cơ quan chủ trì'))).toEqual(rows);
    });
  }

  it('the overdue list: most days overdue first, with the due date as a date cell', async () => {
    const year = readWithSheetJs(await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END));
    const rows = tableOf(year.Sheets[OVERDUE_SHEET_NAME]!, 'Số hiệu');
    expect(rows.map((r) => [r['Mã mục theo dõi'], r['Số ngày quá hạn'], r['Cơ quan chủ trì']])).toEqual([
      ['A3', 29, 'Sở Nội vụ'],
      ['C2b', 14, 'Văn phòng UBND tỉnh'],
    ]);
    const q1 = readWithSheetJs(await reportFor(events, '2021-Q1', KNOWN_AFTER_LATE_RECORD));
    const q1Rows = tableOf(q1.Sheets[OVERDUE_SHEET_NAME]!, 'Số hiệu');
    expect(q1Rows.map((r) => [r['Mã mục theo dõi'], r['Số ngày quá hạn']])).toEqual([['C2', 4]]);
    // 10/03/2021 is serial 44265.
    expect(q1Rows[0]!['Hạn hoàn thành']).toBe(44265);
  });

  it('PAR levels follow the configuration: a province that gives part marks from 70%', async () => {
    const config = {
      par: { thresholds: [{ atLeast: 100, label: 'Tối đa', score: 1 }, { atLeast: 70, label: 'Một phần', score: 0.5 }], below: { label: 'Không', score: 0 } },
    };
    const workbook = readWithSheetJs(await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END, config));
    const rows = tableOf(workbook.Sheets[SUMMARY_SHEET_NAME]!, 'Lĩnh vực');
    expect(rows.map((r) => r['Mức độ hoàn thành (Chỉ số PAR)'])).toEqual(['Không', 'Tối đa', 'Không', 'Một phần']);
  });
});
