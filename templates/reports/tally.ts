import type { IsoDate } from '../../ledger/dates.ts';
import { REFORM_AREA_LABELS_VI, ReformArea, type Section } from '../../ledger/plan.ts';
import type { Assessment, ItemState, LedgerState } from '../../ledger/state.ts';

/** Items counted by their assessment at the cut-off; `total` includes withdrawn items, so the columns add up. */
export type Tally = Record<Assessment, number> & {
  total: number;
  /** Done, with the completion date inside the period's data window. */
  completedInPeriod: number;
};

export const emptyTally = (): Tally => ({
  total: 0,
  done_on_time: 0,
  done_late: 0,
  open_in_time: 0,
  open_overdue: 0,
  waiting: 0,
  withdrawn: 0,
  completedInPeriod: 0,
});

export interface DataWindow {
  from: IsoDate;
  to: IsoDate;
}

export function addToTally(tally: Tally, item: ItemState, window: DataWindow): void {
  tally.total++;
  tally[item.assessment]++;
  if (item.completedOn && item.completedOn >= window.from && item.completedOn <= window.to) tally.completedInPeriod++;
}

/** The items of the state in the plan's order. */
export const itemsInOrder = (state: LedgerState): ItemState[] =>
  state.itemOrder.flatMap((id) => (state.items[id] ? [state.items[id]] : []));

export function tallyAll(state: LedgerState, window: DataWindow): Tally {
  const tally = emptyTally();
  for (const item of itemsInOrder(state)) addToTally(tally, item, window);
  return tally;
}

/** Per reform area, in the order areas are listed by the Ministry (not the plan's section order). */
export function tallyByArea(state: LedgerState, window: DataWindow): Array<{ area: ReformArea; label: string; tally: Tally }> {
  const areaOfSection = new Map(state.sections.map((s) => [s.id, s.area]));
  const byArea = new Map<ReformArea, Tally>();
  for (const item of itemsInOrder(state)) {
    const area = areaOfSection.get(item.definition.section) ?? 'unknown';
    let tally = byArea.get(area);
    if (!tally) byArea.set(area, (tally = emptyTally()));
    addToTally(tally, item, window);
  }
  return ReformArea.options.flatMap((area) => {
    const tally = byArea.get(area);
    return tally ? [{ area, label: REFORM_AREA_LABELS_VI[area], tally }] : [];
  });
}

/** Per section of the plan, in the plan's order; sections without items are left out. */
export function tallyBySection(state: LedgerState, window: DataWindow): Array<{ section: Section; tally: Tally }> {
  const bySection = new Map<string, Tally>();
  for (const item of itemsInOrder(state)) {
    let tally = bySection.get(item.definition.section);
    if (!tally) bySection.set(item.definition.section, (tally = emptyTally()));
    addToTally(tally, item, window);
  }
  return state.sections.flatMap((section) => {
    const tally = bySection.get(section.id);
    return tally ? [{ section, tally }] : [];
  });
}

export const NO_LEAD_VI = '(Chưa xác định cơ quan chủ trì)';

/**
 * Per lead agency. A collective lead ("Các sở, ban, ngành tỉnh") is one row for the group, not spread over
 * its members; an item with two leads counts once for each, so rows may add up to more than the items.
 * Rows follow the order agencies first appear in the plan.
 */
export function tallyByLead(state: LedgerState, window: DataWindow): Array<{ name: string; group: boolean; tally: Tally }> {
  const rows = new Map<string, { name: string; group: boolean; tally: Tally }>();
  for (const item of itemsInOrder(state)) {
    const leads = item.definition.lead.length > 0 ? item.definition.lead : [{ name: NO_LEAD_VI, raw: '', group: false }];
    const seen = new Set<string>();
    for (const agency of leads) {
      const key = agency.name.normalize('NFC');
      if (seen.has(key)) continue;
      seen.add(key);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { name: agency.name, group: agency.group, tally: emptyTally() }));
      addToTally(row.tally, item, window);
    }
  }
  return [...rows.values()];
}

/** Adds `more`'s counts to `tally`: the counts of several plans together. */
export function addTallyTo(tally: Tally, more: Tally): void {
  for (const key of Object.keys(more) as Array<keyof Tally>) tally[key] += more[key];
}
