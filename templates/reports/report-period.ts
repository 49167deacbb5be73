import type { IsoDate } from '../../ledger/dates.ts';
import { DEFAULT_PERIODS, type PeriodRule, type ReportConfig } from './report-config.ts';

export type PeriodKind = keyof typeof DEFAULT_PERIODS;

export interface ReportPeriod {
  /** As written in `report.issued`: "2021-Q1". */
  id: string;
  year: number;
  kind: PeriodKind;
  /** The data window ("thời gian chốt số liệu"), both days included. */
  from: IsoDate;
  to: IsoDate;
}

const PERIOD_NAMES_VI: Record<PeriodKind, (year: number) => string> = {
  Q1: (y) => `quý I năm ${y}`,
  H1: (y) => `6 tháng đầu năm ${y}`,
  Q3: (y) => `quý III năm ${y}`,
  '9M': (y) => `9 tháng đầu năm ${y}`,
  Y: (y) => `năm ${y}`,
};

/** "quý I năm 2021", to follow "Báo cáo công tác cải cách hành chính". */
export const periodNameVi = (period: Pick<ReportPeriod, 'kind' | 'year'>): string => PERIOD_NAMES_VI[period.kind](period.year);

const dateOf = (year: number, dayMonth: string): IsoDate => {
  const [d, m] = dayMonth.split('/').map(Number) as [number, number];
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** The period a user named ("2021-Q1") and its cut-off range under the configuration; null when it is not one. */
export function resolvePeriod(text: string, config: Pick<ReportConfig, 'periods'>): ReportPeriod | null {
  const m = /^(\d{4})-(Q1|H1|Q3|9M|Y)$/.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const kind = m[2] as PeriodKind;
  const rule: PeriodRule = config.periods[kind] ?? DEFAULT_PERIODS[kind];
  const from = dateOf(rule.fromPreviousYear ? year - 1 : year, rule.from);
  const to = dateOf(year, rule.to);
  return { id: `${year}-${kind}`, year, kind, from, to };
}
