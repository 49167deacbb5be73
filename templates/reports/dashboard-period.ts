import { endOfVietnamDay, formatVietnameseDate, vietnamDateOf, type IsoDate, type IsoInstant } from '../../ledger/dates.ts';
import { DEFAULT_PERIODS } from './report-config.ts';
import { periodNameVi, resolvePeriod, type PeriodKind } from './report-period.ts';

/** The report periods in the order the year runs, then "today". */
export const PERIOD_KINDS: readonly PeriodKind[] = ['Q1', 'H1', 'Q3', '9M', 'Y'];
export const TODAY = 'today';
export type PeriodKey = PeriodKind | typeof TODAY;

/**
 * A period the dashboard shows: the Ministry's data window (the same cut-offs as the reports), and
 * the date items are assessed at: the cut-off, or today while the cut-off is still to come.
 */
export interface DashboardPeriod {
  key: PeriodKey;
  year: number;
  /** "quý I năm 2021", "hôm nay, 02/12/2026". */
  label: string;
  /** The data window, both days included (completions counted "in the period"). */
  from: IsoDate;
  to: IsoDate;
  /** The date items are assessed at: min(cut-off, today). */
  validAt: IsoDate;
  /** The cut-off has not come yet: the figures are as of today. */
  ongoing: boolean;
  /**
   * The cut-off agencies should have synced after (the end of that day, Vietnam time): this
   * period's, or for "today" the latest cut-off already past; null when none is past yet.
   */
  syncCutoff: { date: IsoDate; instant: IsoInstant } | null;
}

const periodOf = (year: number, kind: PeriodKind) => resolvePeriod(`${year}-${kind}`, { periods: DEFAULT_PERIODS })!;

/** "Hôm nay" is offered for the year today belongs to. */
export function periodKeysOf(year: number, today: IsoDate): PeriodKey[] {
  return today.startsWith(`${year}-`) ? [...PERIOD_KINDS, TODAY] : [...PERIOD_KINDS];
}

/** The period shown when none is asked for: today in the current year, else the whole year. */
export const defaultPeriodKey = (year: number, today: IsoDate): PeriodKey => (today.startsWith(`${year}-`) ? TODAY : 'Y');

/** The period `key` of `year` as of `today`; null when the key names none. */
export function dashboardPeriod(year: number, key: string, today: IsoDate): DashboardPeriod | null {
  if (!periodKeysOf(year, today).includes(key as PeriodKey)) return null;
  if (key === TODAY) {
    const yearWindow = periodOf(year, 'Y');
    const past = PERIOD_KINDS.map((k) => periodOf(year, k).to)
      .filter((to) => to < today)
      .sort()
      .at(-1);
    return {
      key: TODAY,
      year,
      label: `hôm nay, ${formatVietnameseDate(today)}`,
      from: yearWindow.from,
      to: today,
      validAt: today,
      ongoing: true,
      syncCutoff: past ? { date: past, instant: endOfVietnamDay(past) } : null,
    };
  }
  const period = periodOf(year, key as PeriodKind);
  const ongoing = period.to > today;
  return {
    key: period.kind,
    year,
    label: periodNameVi(period),
    from: period.from,
    to: period.to,
    validAt: ongoing ? today : period.to,
    ongoing,
    syncCutoff: ongoing ? null : { date: period.to, instant: endOfVietnamDay(period.to) },
  };
}

/** Today's date in Vietnam by the given clock. */
export const vietnamToday = (clock: () => Date): IsoDate => vietnamDateOf(clock());
