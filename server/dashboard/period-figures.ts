import type { IsoDate } from '../../ledger/dates.ts';
import type { ReformArea } from '../../ledger/plan.ts';
import { project } from '../../ledger/project.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { countedUnitOf, type CountedUnit } from '../../templates/reports/completion-rate.ts';
import { overdueItems } from '../../templates/reports/overdue-sheet.ts';
import { tallyAll, tallyByArea, type Tally } from '../../templates/reports/tally.ts';
import { dashboardPeriod, periodKeysOf, type DashboardPeriod } from '../../templates/reports/dashboard-period.ts';
import { itemJson, type ItemJson } from './plan-figures.ts';

/** A period as the figures depend on it: the date items are assessed at and the data window. */
export interface PeriodCut {
  validAt: IsoDate;
  from: IsoDate;
  to: IsoDate;
}

export const cutOf = (period: DashboardPeriod): PeriodCut => ({ validAt: period.validAt, from: period.from, to: period.to });

/**
 * What the overview takes from one plan for one period: its tallies (all, by area), its overdue
 * items as the page lists them, the unit it counts in, and whether its chain verified. Small
 * enough to keep per (plan, head, period) in the database (migration 0004).
 */
export interface PeriodFigures {
  tally: Tally;
  byArea: Array<{ area: ReformArea; tally: Tally }>;
  overdue: ItemJson[];
  unit: CountedUnit;
  chainOk: boolean;
}

/** The figures of `state` (replayed at the cut's validAt) over the cut's window. */
export function periodFiguresOf(state: LedgerState, cut: PeriodCut, chainOk: boolean): PeriodFigures {
  const window = { from: cut.from, to: cut.to };
  return {
    tally: tallyAll(state, window),
    byArea: tallyByArea(state, window).map(({ area, tally }) => ({ area, tally })),
    overdue: overdueItems(state).map((item) => itemJson(state, item)),
    unit: countedUnitOf(state),
    chainOk,
  };
}

/**
 * Every cut the dashboard offers, on `today`, for a plan running from `periodFrom` to `periodTo`:
 * each report period of each year it covers, and "today" in the current year (the same cut, once).
 */
export function cutsOfPlan(periodFrom: string, periodTo: string, today: IsoDate): PeriodCut[] {
  const cuts = new Map<string, PeriodCut>();
  for (let year = Number(periodFrom.slice(0, 4)); year <= Number(periodTo.slice(0, 4)); year++) {
    for (const key of periodKeysOf(year, today)) {
      const cut = cutOf(dashboardPeriod(year, key, today)!);
      cuts.set(`${cut.validAt} ${cut.from} ${cut.to}`, cut);
    }
  }
  return [...cuts.values()];
}

/**
 * The figures of every cut from what a ledger knows at its head (every event, every change in
 * force: `Ledger.state`), each a projection to the cut's date: no event is read again. Equal to
 * a replay at that date for any known-at from the head event's time on (ledger/project.ts).
 */
export function figuresFromKnowledge(knowledge: LedgerState, cuts: readonly PeriodCut[]): Array<{ cut: PeriodCut; figures: PeriodFigures }> {
  return cuts.map((cut) => ({ cut, figures: periodFiguresOf(project(knowledge, cut.validAt), cut, true) }));
}
