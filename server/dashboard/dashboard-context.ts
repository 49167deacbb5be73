import { formatVietnameseDate, type IsoDate } from '../../ledger/dates.ts';
import type { Database } from '../db/database.ts';
import { dashboardPeriod, defaultPeriodKey, periodKeysOf, vietnamToday, type DashboardPeriod } from '../../templates/reports/dashboard-period.ts';
import { DashboardRequestError } from './dashboard-request-error.ts';
import { planYearsOf, provinceOf, type ProvinceRow } from './province-rows.ts';

/** What every dashboard answer is about: the province, the plan year, the period, as of now. */
export interface DashboardContext {
  province: ProvinceRow;
  years: number[];
  year: number;
  period: DashboardPeriod;
  periods: Array<{ key: string; label: string }>;
  today: IsoDate;
  /** What the ledgers know now: events recorded later (a client's clock ahead) wait for the next load. */
  knownAt: string;
}

/**
 * Resolves `?year=` and `?period=`: by default the year today belongs to when a plan covers it,
 * else the latest plan year; "today" in the current year, else the whole year.
 */
export async function dashboardContext(db: Database, clock: () => Date, query: { year?: string; period?: string }): Promise<DashboardContext | null> {
  const province = await provinceOf(db);
  if (!province) return null;
  const now = clock();
  const today = vietnamToday(() => now);
  const years = await planYearsOf(db, province.code);
  const thisYear = Number(today.slice(0, 4));
  let year = years.includes(thisYear) || years.length === 0 ? thisYear : years[0]!;
  if (query.year !== undefined) {
    if (!/^\d{4}$/.test(query.year)) {
      throw new DashboardRequestError(400, `Năm "${query.year}" không hợp lệ; viết 4 chữ số, ví dụ 2025.`, `The year "${query.year}" is not valid; write 4 digits such as 2025.`);
    }
    year = Number(query.year);
  }
  const key = query.period ?? defaultPeriodKey(year, today);
  const period = dashboardPeriod(year, key, today);
  if (!period) {
    const keys = periodKeysOf(year, today).join(', ');
    throw new DashboardRequestError(400, `Kỳ "${key}" không có trong năm ${year}; chọn một trong: ${keys}.`, `There is no period "${key}" in ${year}; choose one of: ${keys}.`);
  }
  return {
    province,
    years,
    year,
    period,
    periods: periodKeysOf(year, today).map((k) => ({ key: k, label: capitalised(dashboardPeriod(year, k, today)!.label) })),
    today,
    knownAt: now.toISOString(),
  };
}

export const capitalised = (text: string): string => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** The period as the page prints it. */
export function periodJson(period: DashboardPeriod) {
  return {
    key: period.key,
    year: period.year,
    label: capitalised(period.label),
    fromText: formatVietnameseDate(period.from),
    toText: formatVietnameseDate(period.to),
    validAtText: formatVietnameseDate(period.validAt),
    ongoing: period.ongoing,
    syncCutoffText: period.syncCutoff ? formatVietnameseDate(period.syncCutoff.date) : null,
  };
}

/** Where every answer stands: the year and period shown and the others to choose from. */
export function contextJson(context: DashboardContext) {
  return { year: context.year, years: context.years, period: periodJson(context.period), periods: context.periods };
}
