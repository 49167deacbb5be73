import * as z from 'zod';

/** "15/12": a day of the year, as report officers write it. 29/02 is refused: not every year has it. */
const DayMonth = z
  .string()
  .regex(/^\d{1,2}\/\d{1,2}$/, 'viết ngày/tháng, ví dụ "15/12" (expected day/month such as "15/12")')
  .refine((s) => {
    const [d, m] = s.split('/').map(Number) as [number, number];
    const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    return days !== undefined && d >= 1 && d <= days;
  }, 'không có ngày này (no such day; 29/02 is not accepted)');

const dayOfYear = (dayMonth: string): number => {
  const [d, m] = dayMonth.split('/').map(Number) as [number, number];
  return m * 100 + d;
};

export const PeriodRule = z.strictObject({
  /** First day of the data, in the report's year, or the year before when `fromPreviousYear`. */
  from: DayMonth,
  fromPreviousYear: z.boolean().default(false),
  /** Last day of the data (the cut-off), in the report's year. */
  to: DayMonth,
}).refine((rule) => rule.fromPreviousYear || dayOfYear(rule.from) <= dayOfYear(rule.to), {
  message: 'ngày bắt đầu sau ngày chốt trong cùng một năm; đặt "fromPreviousYear": true nếu kỳ bắt đầu từ năm trước (from is after to)',
  path: ['from'],
});
export type PeriodRule = z.infer<typeof PeriodRule>;

const Level = z.strictObject({
  label: z.string().min(1),
  score: z.number().optional(),
});

/** A PAR threshold: reached when the completion rate (in %) is at least `atLeast`, or strictly `above`. */
const Threshold = z.union([
  Level.extend({ atLeast: z.number().min(0).max(100) }),
  Level.extend({ above: z.number().min(0).max(100) }),
]);

export const ReportConfig = z.strictObject({
  periods: z
    .strictObject({ Q1: PeriodRule, H1: PeriodRule, Q3: PeriodRule, '9M': PeriodRule, Y: PeriodRule })
    .partial()
    .default({}),
  par: z
    .strictObject({
      /** Checked in order; the first reached gives the level. */
      thresholds: z.array(Threshold).min(1),
      below: Level,
    })
    .optional(),
  document: z
    .strictObject({
      /** The body above the issuer, printed over it: "UBND tỉnh Gia Lai" over "Sở Giáo dục và Đào tạo". */
      parentIssuer: z.string(),
      issuer: z.string().min(1),
      place: z.string().min(1),
      /** The symbol after the number, "BC-UBND". */
      symbol: z.string().min(1),
      /** The number, once the clerk gave one; blank otherwise. */
      number: z.string(),
      /** "Nơi nhận": one recipient a line, as printed ("Bộ Nội vụ (b/c)", "Lưu: VT, SNV"). */
      recipients: z.array(z.string().min(1)).min(1),
      /** Who signs (Nghị định 30/2020, Điều 13 and Phụ lục I): authority, title, name. */
      signer: z.strictObject({
        /** The authority line(s) over the title when signing for the head: "KT. CHỦ TỊCH", or "TM. ỦY BAN NHÂN DÂN" then "KT. CHỦ TỊCH". */
        authority: z.array(z.string().min(1)).default([]),
        /** "PHÓ CHỦ TỊCH". */
        title: z.string().min(1),
        /** "Nguyễn Văn A"; blank until known. */
        name: z.string(),
      }),
    })
    .partial()
    .default({}),
});
export type ReportConfig = z.infer<typeof ReportConfig>;
export type ParLevels = NonNullable<ReportConfig['par']>;

/** The Ministry's cut-offs (DOMAIN.md): Q1, H1, 9M and the year run from 15/12 of the year before; Q3 is the quarter alone. */
export const DEFAULT_PERIODS: Record<'Q1' | 'H1' | 'Q3' | '9M' | 'Y', PeriodRule> = {
  Q1: { from: '15/12', fromPreviousYear: true, to: '14/3' },
  H1: { from: '15/12', fromPreviousYear: true, to: '14/6' },
  Q3: { from: '15/6', fromPreviousYear: false, to: '14/9' },
  '9M': { from: '15/12', fromPreviousYear: true, to: '14/9' },
  Y: { from: '15/12', fromPreviousYear: true, to: '14/12' },
};

/** Full marks at 100%, part above 80%, none at 80% or below (the usual PAR Index reading). */
export const DEFAULT_PAR: ParLevels = {
  thresholds: [
    { atLeast: 100, label: 'Đạt điểm tối đa', score: 1 },
    { above: 80, label: 'Đạt một phần điểm', score: 0.5 },
  ],
  below: { label: 'Không đạt điểm', score: 0 },
};

export class ReportConfigError extends Error {
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

/** Validates a parsed configuration file; `where` names it in the error ("rules.json"). */
export function parseReportConfig(value: unknown, where: string): ReportConfig {
  const result = ReportConfig.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(gốc / root)'}: ${issue.message}`);
  throw new ReportConfigError(
    `Tệp cấu hình ${where} không hợp lệ:\n  ${lines.join('\n  ')}`,
    `The configuration file ${where} is not valid (see the lines above).`,
  );
}
