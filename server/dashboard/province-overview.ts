import { REFORM_AREA_LABELS_VI, ReformArea } from '../../ledger/plan.ts';
import { ASSESSMENT_LABELS_VI } from '../../ledger/state.ts';
import { vietnamTimeText } from '../../templates/reports/cell-values.ts';
import { countedUnitOf } from '../../templates/reports/completion-rate.ts';
import { overdueItems } from '../../templates/reports/overdue-sheet.ts';
import { emptyTally, tallyAll, tallyByArea, type Tally } from '../../templates/reports/tally.ts';
import type { Database } from '../db/database.ts';
import { contextJson, type DashboardContext } from './dashboard-context.ts';
import { ASSESSMENTS, addTally, chainOf, itemJson, rateOf, sumTallies, type ItemJson, type RateJson } from './plan-figures.ts';
import type { PlanStateCache, ReplayedPlan } from './plan-state-cache.ts';
import { agenciesOf, plansOfYear, type AgencyRow, type PlanRow } from './province-rows.ts';

export const LEVEL_LABELS_VI: Record<AgencyRow['level'], string> = {
  province: 'Cấp tỉnh',
  department: 'Sở, ban, ngành',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
};

/** The most overdue items the overview lists by name (the count covers them all). */
export const OVERDUE_LISTED = 100;

export interface SyncJson {
  /** When the agency's latest event reached the service (ISO), and as "08:30 ngày 20/03/2021". */
  lastStoredAt: string | null;
  lastStoredText: string | null;
  /** When its latest event was recorded on the client. */
  lastRecordedText: string | null;
  /** Synced after the period's cut-off; null when no cut-off is past. */
  syncedSinceCutoff: boolean | null;
}

export interface AgencyJson extends SyncJson {
  id: string;
  name: string;
  level: string;
  plans: number;
  /** Null for an agency with no plan of the year on the service. */
  figures: RateJson | null;
  chainOk: boolean;
}

/** The province at a glance for one period: every figure from each plan's ledger replayed at the period's date. */
export async function provinceOverview(db: Database, cache: PlanStateCache, context: DashboardContext) {
  const { province, year, period } = context;
  const [agencies, plans] = await Promise.all([agenciesOf(db, province.code), plansOfYear(db, province.code, year)]);
  const replayed = await Promise.all(plans.map((plan) => replayPlan(cache, plan, context)));
  const window = { from: period.from, to: period.to };

  const plansOf = new Map<string, Array<{ row: PlanRow; replayed: ReplayedPlan }>>();
  plans.forEach((row, i) => {
    const list = plansOf.get(row.owner_agency_id) ?? [];
    list.push({ row, replayed: replayed[i]! });
    plansOf.set(row.owner_agency_id, list);
  });

  const byArea = new Map<ReformArea, Tally>();
  const overdue: Array<ItemJson & { agencyId: string; agencyName: string; planId: string }> = [];
  const agencyJson: AgencyJson[] = agencies.map((agency) => {
    const own = plansOf.get(agency.id) ?? [];
    const tallies: Tally[] = [];
    for (const { row, replayed: { state } } of own) {
      tallies.push(tallyAll(state, window));
      for (const { area, tally } of tallyByArea(state, window)) byArea.set(area, addTally(byArea.get(area) ?? emptyTally(), tally));
      for (const item of overdueItems(state)) overdue.push({ ...itemJson(state, item), agencyId: agency.id, agencyName: agency.official_name, planId: row.id });
    }
    const units = new Set(own.map(({ replayed: { state } }) => countedUnitOf(state)));
    return {
      id: agency.id,
      name: agency.official_name,
      level: LEVEL_LABELS_VI[agency.level],
      plans: own.length,
      figures: own.length === 0 ? null : rateOf(sumTallies(tallies), units.size === 1 ? [...units][0] : 'mục theo dõi'),
      chainOk: own.every(({ replayed: r }) => chainOf(r).ok),
      ...syncOf(own.map(({ row }) => row), context),
    };
  });

  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.agencyName.localeCompare(b.agencyName, 'vi'));
  const overall = sumTallies(replayed.map(({ state }) => tallyAll(state, window)));
  const withPlans = agencyJson.filter((a) => a.plans > 0);
  const notSynced = agencyJson.filter((a) => a.syncedSinceCutoff === false);
  return {
    province: { code: province.code, name: province.name },
    ...contextJson(context),
    knownAtText: vietnamTimeText(context.knownAt),
    totals: {
      agencies: agencies.length,
      agenciesWithPlans: withPlans.length,
      plans: plans.length,
      brokenChains: replayed.filter((r) => !chainOf(r).ok).length,
      notSynced: notSynced.length,
      ...rateOf(overall),
    },
    statuses: ASSESSMENTS.map((assessment) => ({ assessment, label: ASSESSMENT_LABELS_VI[assessment], count: overall[assessment] })),
    agencies: agencyJson,
    areas: ReformArea.options.flatMap((area) => {
      const tally = byArea.get(area);
      return tally ? [{ area, label: REFORM_AREA_LABELS_VI[area], ...rateOf(tally) }] : [];
    }),
    overdue: { count: overdue.length, items: overdue.slice(0, OVERDUE_LISTED) },
    notSynced: notSynced.map((a) => ({ id: a.id, name: a.name, level: a.level, lastStoredText: a.lastStoredText, plans: a.plans })),
  };
}

export type ProvinceOverview = Awaited<ReturnType<typeof provinceOverview>>;

export function replayPlan(cache: PlanStateCache, plan: PlanRow, context: DashboardContext): Promise<ReplayedPlan> {
  return cache.replayed(plan.id, { seq: plan.head_seq, hash: plan.head_hash }, context.period.validAt, context.knownAt);
}

/**
 * When an agency last synced: its plans' latest stored event (the service's clock), and whether
 * that is after the period's cut-off (an agency with no event at all has not synced).
 */
export function syncOf(plans: readonly PlanRow[], context: DashboardContext): SyncJson {
  let stored: string | null = null;
  let recorded: string | null = null;
  for (const plan of plans) {
    const at = plan.last_stored_at === null ? null : new Date(plan.last_stored_at).toISOString();
    if (at !== null && (stored === null || at > stored)) stored = at;
    if (plan.last_at !== null && (recorded === null || plan.last_at > recorded)) recorded = plan.last_at;
  }
  const cutoff = context.period.syncCutoff;
  return {
    lastStoredAt: stored,
    lastStoredText: stored === null ? null : vietnamTimeText(stored),
    lastRecordedText: recorded === null ? null : vietnamTimeText(recorded),
    syncedSinceCutoff: cutoff === null ? null : stored !== null && stored > cutoff.instant,
  };
}
