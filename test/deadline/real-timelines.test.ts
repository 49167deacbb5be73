import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { Deadline } from '../../ledger/deadline.ts';
import { parseDeadline } from '../../templates/deadline/index.ts';

// Every timeline of the two real appendix tables, with what it must read as, written out by hand from
// the conventions in docs/deadlines.md. Bến Tre's plan is for 2021, Gia Lai's for 2022.
const root = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = [
  { planYear: 2021, xlsx: 'samples/bentre-2021-phuluc.xlsx', seed: 'test/table/seeds/bentre-2021-plan.txt' },
  { planYear: 2022, xlsx: 'samples/gialai-sgddt-2022-phuluc.xlsx', seed: 'test/table/seeds/gialai-sgddt-2022-plan.txt' },
] as const;
const TIMELINE_HEADER = 'Thời gian thực hiện';

interface Expected {
  kind: Deadline['kind'];
  start: string | null;
  due: string | null;
  /** Due dates of the milestones, in order (checked whenever a timeline has more than one). */
  milestoneDues?: Array<string | null>;
  trigger?: string;
}

const whole = (kind: Deadline['kind'], start: string | null, due: string | null): Expected => ({ kind, start, due });
const waiting = (kind: 'conditional' | 'scheduled', trigger?: string): Expected => ({ kind, start: null, due: null, ...(trigger ? { trigger } : {}) });

const BEN_TRE_2021: Record<string, Expected> = {
  'Tháng 12/2020': whole('month', '2020-12-01', '2020-12-31'),
  'Tháng 1/2021': whole('month', '2021-01-01', '2021-01-31'),
  'Tháng 8/2021': whole('month', '2021-08-01', '2021-08-31'),
  'Tháng 04-10/2021': whole('range', '2021-04-01', '2021-10-31'),
  'Trong năm 2021': whole('year', '2021-01-01', '2021-12-31'),
  'Năm 2021': whole('year', '2021-01-01', '2021-12-31'),
  'Thường xuyên trong năm': whole('ongoing', '2021-01-01', '2021-12-31'),
  'Thường xuyên trong năm 2021': whole('ongoing', '2021-01-01', '2021-12-31'),
  'Quý II': whole('quarter', '2021-04-01', '2021-06-30'),
  'Quý II/2021': whole('quarter', '2021-04-01', '2021-06-30'),
  'Quý IV/2021': whole('quarter', '2021-10-01', '2021-12-31'),
  'Quý IV/2020': whole('quarter', '2020-10-01', '2020-12-31'),
  'Quý I, IV năm 2021': { ...whole('quarter', '2021-01-01', '2021-12-31'), milestoneDues: ['2021-03-31', '2021-12-31'] },
  'Quý I, II năm 2021': { ...whole('quarter', '2021-01-01', '2021-06-30'), milestoneDues: ['2021-03-31', '2021-06-30'] },
  'Quý II, III': { ...whole('quarter', '2021-04-01', '2021-09-30'), milestoneDues: ['2021-06-30', '2021-09-30'] },
  'Quý II, III/2021': { ...whole('quarter', '2021-04-01', '2021-09-30'), milestoneDues: ['2021-06-30', '2021-09-30'] },
  'Quý I, II, III, IV/2021': {
    ...whole('quarter', '2021-01-01', '2021-12-31'),
    milestoneDues: ['2021-03-31', '2021-06-30', '2021-09-30', '2021-12-31'],
  },
  'Tháng 12/2020 và trong năm 2021': { ...whole('milestones', '2020-12-01', '2021-12-31'), milestoneDues: ['2020-12-31', '2021-12-31'] },
  'Theo quy định của Bộ Nội vụ': waiting('scheduled'),
  'Sau khi có Quyết định của Bộ Nội vụ': waiting('conditional', 'có Quyết định của Bộ Nội vụ'),
  'Sau khi có Nghị quyết HĐND tỉnh': waiting('conditional', 'có Nghị quyết HĐND tỉnh'),
  'Khi có quy định của Trung ương': waiting('conditional', 'có quy định của Trung ương'),
};

const GIA_LAI_2022: Record<string, Expected> = {
  'Trước ngày 31/12/2021': whole('date', null, '2021-12-31'),
  'Trước ngày 30/01/2022': whole('date', null, '2022-01-30'),
  'Trước ngày 28/02/2022': whole('date', null, '2022-02-28'),
  'Trước ngày 15/8/2022': whole('date', null, '2022-08-15'),
  'Trước 31/01/2022': whole('date', null, '2022-01-31'),
  'Trước 30/6/2022': whole('date', null, '2022-06-30'),
  'Ban hành kế hoạch trước 31/12/2021': whole('date', null, '2021-12-31'),
  'Trước tháng 01/2022': whole('month', null, '2021-12-31'),
  'Trước ngày 31/12/2021 Trong Quý IV năm 2022': { ...whole('milestones', null, '2022-12-31'), milestoneDues: ['2021-12-31', '2022-12-31'] },
  'Trong năm 2022': whole('year', '2022-01-01', '2022-12-31'),
  'Năm 2022': whole('year', '2022-01-01', '2022-12-31'),
  'Thường xuyên trong năm': whole('ongoing', '2022-01-01', '2022-12-31'),
  'Trong Quý I năm 2022': whole('quarter', '2022-01-01', '2022-03-31'),
  'Trong Quý I/2022': whole('quarter', '2022-01-01', '2022-03-31'),
  'Trong Quý IV năm 2022': whole('quarter', '2022-10-01', '2022-12-31'),
  'Trong Quý IV/2022': whole('quarter', '2022-10-01', '2022-12-31'),
  'Theo Kế hoạch': waiting('scheduled'),
  'Lồng ghép trong báo cáo CCHC': waiting('scheduled'),
  'Theo thời gian quy định của Bộ Nội vụ': waiting('scheduled'),
  'Sau khi có thông báo bằng văn bản của Bộ Tư pháp': waiting('conditional', 'có thông báo bằng văn bản của Bộ Tư pháp'),
  // Halves of cells that a page break split: each half alone, as it stands in the file.
  'Sau khi có thông tư,': waiting('conditional', 'có thông tư'),
  'hướng dẫn của cơ quan chủ quản và cơ quan cấp trên': whole('unknown', null, null),
  'Theo văn bản hướng dẫn của': waiting('scheduled'),
  'Sở Nội vụ': whole('unknown', null, null),
  'Trong quý III': whole('quarter', '2022-07-01', '2022-09-30'),
  'năm 2022': whole('year', '2022-01-01', '2022-12-31'),
};

// The same cells joined back, as the table reader joins a row split by a page break.
const GIA_LAI_JOINED: Record<string, Expected> = {
  'Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp trên': waiting(
    'conditional',
    'có thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp trên',
  ),
  'Theo văn bản hướng dẫn của Sở Nội vụ': waiting('scheduled'),
  'Trong quý III năm 2022': whole('quarter', '2022-07-01', '2022-09-30'),
};
const PAGE_BREAK_HALVES = new Set(['hướng dẫn của cơ quan chủ quản và cơ quan cấp trên', 'Sở Nội vụ']);

const EXPECTED: Record<number, Record<string, Expected>> = { 2021: BEN_TRE_2021, 2022: GIA_LAI_2022 };

function xlsxTimelines(file: string): string[] {
  const book = XLSX.read(readFileSync(root + file));
  const out: string[] = [];
  for (const name of book.SheetNames) {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name]!, { header: 1, raw: true, defval: '' });
    let column = -1;
    for (const row of rows) {
      const header = row.findIndex((c) => typeof c === 'string' && c.trim() === TIMELINE_HEADER);
      if (header >= 0) column = header;
      else if (column >= 0 && typeof row[column] === 'string' && row[column] !== '') out.push(row[column] as string);
    }
  }
  return out;
}

function seedTimelines(file: string): string[] {
  const out: string[] = [];
  let column = -1;
  for (const line of readFileSync(root + file, 'utf8').split('\n')) {
    const cells = line.split('\t');
    const header = cells.indexOf(TIMELINE_HEADER);
    if (header >= 0) column = header;
    else if (column >= 0 && cells.length > column && cells[column] !== '') out.push(cells[column]!);
  }
  return out;
}

function check(text: string, planYear: number, expected: Expected): void {
  const d = parseDeadline(text, { planYear });
  expect(() => Deadline.parse(d)).not.toThrow();
  expect(d.raw).toBe(text);
  expect({ kind: d.kind, start: d.start, due: d.due }).toEqual({ kind: expected.kind, start: expected.start, due: expected.due });
  if (expected.milestoneDues) expect(d.milestones.map((m) => m.due)).toEqual(expected.milestoneDues);
  else if (d.kind !== 'unknown') expect(d.milestones).toEqual([{ label: text, kind: d.kind, start: d.start, due: d.due }]);
  expect(d.trigger).toBe(expected.trigger);
}

describe('the timelines of the real appendix tables', () => {
  for (const source of SOURCES) {
    it(`${source.xlsx} and ${source.seed} hold exactly the timelines listed here`, () => {
      const fromXlsx = new Set(xlsxTimelines(source.xlsx));
      const fromSeed = new Set(seedTimelines(source.seed));
      expect(fromXlsx.size).toBeGreaterThan(15);
      expect([...fromXlsx].sort()).toEqual([...fromSeed].sort());
      expect([...fromXlsx].sort()).toEqual(Object.keys(EXPECTED[source.planYear]!).sort());
    });
  }

  for (const [planYear, table] of Object.entries(EXPECTED)) {
    for (const [text, expected] of Object.entries(table)) {
      it(`${planYear}: "${text}" → ${expected.kind}, due ${expected.due}`, () => {
        check(text, Number(planYear), expected);
        if (!PAGE_BREAK_HALVES.has(text)) expect(expected.kind).not.toBe('unknown');
      });
    }
  }

  for (const [text, expected] of Object.entries(GIA_LAI_JOINED)) {
    it(`joined across a page break: "${text}"`, () => check(text, 2022, expected));
  }

  it('reads a page-break join made with a line break the same as with a space', () => {
    const spaced = parseDeadline('Trong quý III năm 2022', { planYear: 2022 });
    const broken = parseDeadline('Trong quý III\nnăm 2022', { planYear: 2022 });
    expect({ ...broken, raw: '', milestones: [] }).toEqual({ ...spaced, raw: '', milestones: [] });
    expect(broken.milestones[0]?.label).toBe('Trong quý III năm 2022');
  });

  it('labels each milestone of a multi-part cell with its own words', () => {
    const d = parseDeadline('Tháng 12/2020 và trong năm 2021', { planYear: 2021 });
    expect(d.milestones).toEqual([
      { label: 'Tháng 12/2020', kind: 'month', start: '2020-12-01', due: '2020-12-31' },
      { label: 'trong năm 2021', kind: 'year', start: '2021-01-01', due: '2021-12-31' },
    ]);
    const g = parseDeadline('Trước ngày 31/12/2021 Trong Quý IV năm 2022', { planYear: 2022 });
    expect(g.milestones).toEqual([
      { label: 'Trước ngày 31/12/2021', kind: 'date', start: null, due: '2021-12-31' },
      { label: 'Trong Quý IV năm 2022', kind: 'quarter', start: '2022-10-01', due: '2022-12-31' },
    ]);
  });

  it('labels the quarters of a quarter list one by one', () => {
    const d = parseDeadline('Quý I, IV năm 2021', { planYear: 2021 });
    expect(d.milestones).toEqual([
      { label: 'Quý I/2021', kind: 'quarter', start: '2021-01-01', due: '2021-03-31' },
      { label: 'Quý IV/2021', kind: 'quarter', start: '2021-10-01', due: '2021-12-31' },
    ]);
  });
});
