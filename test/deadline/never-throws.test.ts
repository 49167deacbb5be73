import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../ledger/deadline.ts';
import { parseDeadline, type DeadlineContext } from '../../templates/deadline/index.ts';
import { readTimeline } from '../../templates/deadline/read-timeline.ts';

// Pieces of real timelines, so that random input also reaches deep into the patterns.
const PIECES = [
  'Quý', 'quý', 'QUÝ', 'Quy', 'Q', 'I', 'II', 'III', 'IV', 'V', 'ii', '1', '2', '4', '5', '12', '13', '31', '29', '02', '00',
  'Tháng', 'tháng', 'thang', 'Năm', 'năm', 'nam', '2021', '2022', '1899', '2200', '9999', '0000',
  '/', '-', '–', '.', ',', ';', ':', ' ', '\n', '\r\n', '\t', '_x000D_', '_x000A_', '(', ')',
  'và', 'đến', 'Từ', 'từ', 'Trước', 'trước', 'ngày', 'Trong', 'trong', 'Sau', 'sau', 'khi', 'có', 'Khi', 'kể từ', 'tính từ',
  'làm việc', 'tuần', 'Thường xuyên', 'liên tục', 'Hằng', 'hàng', 'Định kỳ', 'đầu', 'cuối', 'nửa', 'cả', 'hết', '6 tháng',
  'Theo', 'quy định', 'Kế hoạch', 'Lồng ghép', 'Bộ Nội vụ', 'tổ chức thực hiện', 'Giai đoạn', 'T',
  '\u0301', '\u0323', '\u0309', '\u0303', '\u0300', '\u200b', '\ufeff', '\u00a0', 'İ', 'ǅ', '２０２１', '①', '\ud800', '\udc00', '😀',
];

const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(''));
const spacedSoup = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' '));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  soup,
  spacedSoup,
);
const context: fc.Arbitrary<DeadlineContext> = fc.record(
  {
    planYear: fc.oneof(fc.integer({ min: 1850, max: 2250 }), fc.double()),
    holidays: fc.array(fc.constantFrom('2021-04-30', '2021-05-03', 'not a date', ''), { maxLength: 3 }).map((days) => new Set(days)),
  },
  { requiredKeys: [] },
);

function checkInvariants(text: string, d: Deadline): void {
  expect(Deadline.parse(d)).toEqual(d);
  expect(d.raw).toBe(text);
  if (d.kind === 'unknown') {
    expect([d.start, d.due, d.milestones]).toEqual([null, null, []]);
  } else {
    expect(d.milestones.length).toBeGreaterThan(0);
  }
  if (d.start !== null && d.due !== null) expect(d.start <= d.due).toBe(true);
  if (d.due !== null) for (const m of d.milestones) if (m.due !== null) expect(m.due <= d.due).toBe(true);
}

describe('parseDeadline never throws', () => {
  it('returns a valid Deadline with raw kept, for any text and any context', () => {
    fc.assert(
      fc.property(anyText, context, (text, ctx) => {
        // The reader itself, without parseDeadline's safety net, so a slip cannot hide behind it.
        const reading = readTimeline(text, ctx);
        const d = { raw: text, ...reading };
        checkInvariants(text, d);
        expect(parseDeadline(text, ctx)).toEqual(d);
      }),
      { numRuns: 3000 },
    );
  });

  it('survives values that are not strings despite the types', () => {
    for (const value of [undefined, null, 42, new Date(Date.UTC(2021, 11, 31)), {}, Symbol('x')]) {
      const d = parseDeadline(value as unknown as string, null as unknown as DeadlineContext);
      expect(Deadline.safeParse(d).success).toBe(true);
    }
    expect(parseDeadline(new Date(Date.UTC(2021, 11, 31)) as unknown as string).due).toBe('2021-12-31');
  });

  it('reads only the start of a 10 MB cell and keeps all of it in raw', () => {
    const huge = `Quý II/2021 ${'Tháng 8/2021 và '.repeat(700_000)}`.slice(0, 10_000_000);
    const d = parseDeadline(huge, { planYear: 2021 });
    expect(d.raw).toBe(huge);
    expect(d.raw.length).toBe(10_000_000);
    expect(d.kind).toBe('milestones');
    expect(d.milestones[0]).toMatchObject({ kind: 'quarter', due: '2021-06-30' });

    for (const filler of ['9', '/', 'a', ' ', '\u0301', 'Quý ']) {
      const text = filler.repeat(10_000_000 / filler.length);
      checkInvariants(text, parseDeadline(text, { planYear: 2021 }));
    }
  });
});
