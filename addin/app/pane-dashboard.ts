import { daysBetween, type IsoDate } from '../../ledger/dates.ts';
import { project } from '../../ledger/project.ts';
import type { ItemState, LedgerState } from '../../ledger/state.ts';
import { completionOf, type Completion } from '../../templates/reports/completion-rate.ts';
import { dashboardPeriod, periodKeysOf, type DashboardPeriod, type PeriodKey } from '../../templates/reports/dashboard-period.ts';
import { overdueItems } from '../../templates/reports/overdue-sheet.ts';
import { NO_LEAD_VI, itemsInOrder, tallyAll, tallyByLead, tallyBySection, type Tally } from '../../templates/reports/tally.ts';

/** An open item due within this many days of the cut is listed as due soon. */
export const DUE_SOON_DAYS = 14;

export interface DashboardRow {
  label: string;
  tally: Tally;
  completion: Completion;
}

/** An item the list asks attention for: overdue, or due soon, at the cut. */
export interface AttentionItem {
  item: string;
  numbering: string;
  text: string;
  /** Its lead agencies as the lead tally names them (NO_LEAD_VI when none). */
  leads: string[];
  due: IsoDate;
  kind: 'overdue' | 'dueSoon';
  /** Days past due (overdue) or days left (due soon). */
  days: number;
  /** Its row in the plan's sheet (1-based), where the binding knows it. */
  row: number | null;
}

export interface Dashboard {
  period: DashboardPeriod;
  overall: DashboardRow;
  bySection: DashboardRow[];
  byLead: DashboardRow[];
  /** Overdue first (most overdue first, as the report lists them), then due soon (soonest first). */
  attention: AttentionItem[];
}

const rowOf = (label: string, tally: Tally): DashboardRow => ({ label, tally, completion: completionOf(tally) });

/** Lead names as tallyByLead keys them: each agency once, in Unicode NFC; NO_LEAD_VI for an item with none. */
function leadsOf(item: ItemState): string[] {
  const names = item.definition.lead.map((a) => a.name.normalize('NFC'));
  return names.length > 0 ? [...new Set(names)] : [NO_LEAD_VI];
}

/**
 * The pane's progress dashboard at a report period's cut (or today), from what the ledger knows:
 * the state is projected to the cut's date (ledger/project.ts, as the province dashboard does) and
 * counted by the report's own tallies, so the figures are the period report's for the same cut.
 * `rows` is the binding's row of each item.
 */
export function dashboardOf(knowledge: LedgerState, period: DashboardPeriod, rows: Readonly<Record<string, number>>): Dashboard {
  const state = project(knowledge, period.validAt);
  const window = { from: period.from, to: period.to };
  const attentionOf = (item: ItemState, kind: AttentionItem['kind'], days: number): AttentionItem => ({
    item: item.definition.id,
    numbering: item.definition.numbering,
    text: item.definition.activity ?? item.definition.text,
    leads: leadsOf(item),
    due: item.due!,
    kind,
    days,
    row: Object.hasOwn(rows, item.definition.id) ? rows[item.definition.id]! : null,
  });
  const dueSoon = itemsInOrder(state)
    .filter((item) => item.assessment === 'open_in_time' && item.due !== null && daysBetween(period.validAt, item.due) <= DUE_SOON_DAYS)
    .map((item) => attentionOf(item, 'dueSoon', daysBetween(period.validAt, item.due!)))
    .sort((a, b) => a.days - b.days);
  return {
    period,
    overall: rowOf('', tallyAll(state, window)),
    bySection: tallyBySection(state, window).map(({ section, tally }) => rowOf(`${section.numeral}. ${section.title}`.trim(), tally)),
    byLead: tallyByLead(state, window).map(({ name, tally }) => rowOf(name, tally)),
    attention: [...overdueItems(state).map((item) => attentionOf(item, 'overdue', item.daysOverdue)), ...dueSoon],
  };
}

/** The items of the list led by `unit` (a name from `byLead`), or all of them for null. */
export function attentionFor(dashboard: Dashboard, unit: string | null): AttentionItem[] {
  if (unit === null) return dashboard.attention;
  const key = unit.normalize('NFC');
  return dashboard.attention.filter((a) => a.leads.includes(key));
}

/** The cuts the pane offers: each report period of the plan's year and of this year, and today. */
export function dashboardChoices(planYear: number | null, today: IsoDate): Array<{ year: number; key: PeriodKey; period: DashboardPeriod }> {
  const thisYear = Number(today.slice(0, 4));
  const years = [...new Set([planYear ?? thisYear, thisYear])];
  return years.flatMap((year) => periodKeysOf(year, today).map((key) => ({ year, key, period: dashboardPeriod(year, key, today)! })));
}
