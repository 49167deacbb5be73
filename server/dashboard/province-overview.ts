import { REFORM_AREA_LABELS_VI, ReformArea } from '../../ledger/plan.ts';
import { ASSESSMENT_LABELS_VI } from '../../ledger/state.ts';
import { vietnamTimeText } from '../../templates/reports/cell-values.ts';
import { emptyTally, type Tally } from '../../templates/reports/tally.ts';
import type { Database } from '../db/database.ts';
import { contextJson, type DashboardContext } from './dashboard-context.ts';
import { cutOf, periodFiguresOf, type PeriodFigures } from './period-figures.ts';
import { ASSESSMENTS, addTally, chainOf, rateOf, sumTallies, type ItemJson, type RateJson } from './plan-figures.ts';
import { storeFigures } from './plan-figures-table.ts';
import type { PlanStateCache, ReplayedPlan } from './plan-state-cache.ts';
import { agenciesOf, plansOfYearWithFigures, type AgencyRow, type PlanRow } from './province-rows.ts';

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

/**
 * The province at a glance for one period. Each plan's figures for the period's cut are those the
 * writer stored at its head (one query for them all); a plan without them (no push since this
 * day's cut began, events recorded after now, a database older than the figures) is replayed
 * alone and its figures stored for the next visitor.
 */
export async function provinceOverview(db: Database, cache: PlanStateCache, context: DashboardContext) {
  const { province, year, period } = context;
  const cut = cutOf(period);
  const [agencies, plans] = await Promise.all([agenciesOf(db, province.code), plansOfYearWithFigures(db, province.code, year, cut)]);
  const figures = await Promise.all(plans.map((plan) => figuresOfPlan(db, cache, plan, context)));

  const plansOf = new Map<string, Array<{ row: PlanRow; figures: PeriodFigures }>>();
  plans.forEach((row, i) => {
    const list = plansOf.get(row.owner_agency_id) ?? [];
    list.push({ row, figures: figures[i]! });
    plansOf.set(row.owner_agency_id, list);
  });

  const byArea = new Map<ReformArea, Tally>();
  const overdue: Array<ItemJson & { agencyId: string; agencyName: string; planId: string }> = [];
  const agencyJson: AgencyJson[] = agencies.map((agency) => {
    const own = plansOf.get(agency.id) ?? [];
    for (const { row, figures: f } of own) {
      for (const { area, tally } of f.byArea) byArea.set(area, addTally(byArea.get(area) ?? emptyTally(), tally));
      for (const item of f.overdue) overdue.push({ ...item, agencyId: agency.id, agencyName: agency.official_name, planId: row.id });
    }
    const units = new Set(own.map(({ figures: f }) => f.unit));
    return {
      id: agency.id,
      name: agency.official_name,
      level: LEVEL_LABELS_VI[agency.level],
      plans: own.length,
      figures: own.length === 0 ? null : rateOf(sumTallies(own.map(({ figures: f }) => f.tally)), units.size === 1 ? [...units][0] : 'mục theo dõi'),
      chainOk: own.every(({ figures: f }) => f.chainOk),
      ...syncOf(own.map(({ row }) => row), context),
    };
  });

  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || a.agencyName.localeCompare(b.agencyName, 'vi'));
  const overall = sumTallies(figures.map((f) => f.tally));
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
      brokenChains: figures.filter((f) => !f.chainOk).length,
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

/**
 * One plan's figures for the context's period: as stored at its head when they hold for what is
 * known now (every event recorded by now), else from its replay, stored when the replay reached
 * the head and knew every event.
 */
async function figuresOfPlan(db: Database, cache: PlanStateCache, plan: PlanRow & { figures: PeriodFigures | null }, context: DashboardContext): Promise<PeriodFigures> {
  const everythingKnown = plan.last_at === null || plan.last_at <= context.knownAt;
  if (plan.figures && everythingKnown) return plan.figures;
  const replayed = await replayPlan(cache, plan, context);
  const cut = cutOf(context.period);
  const figures = periodFiguresOf(replayed.state, cut, chainOf(replayed).ok);
  if (everythingKnown && plan.head_seq > 0 && replayed.state.head.seq === plan.head_seq) {
    await storeFigures(db, plan.id, { seq: plan.head_seq, hash: plan.head_hash }, [{ cut, figures }]);
  }
  return figures;
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
