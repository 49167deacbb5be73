import type { IsoInstant } from '../../ledger/dates.ts';
import type { FormatVersion } from '../../ledger/events.ts';
import { ReformArea } from '../../ledger/plan.ts';
import { completionOf, parLevelOf, type Completion, type CountedUnit } from './completion-rate.ts';
import type { OverdueItem } from './overdue-sheet.ts';
import { ConsolidationError, type PlanCutFigures, type Province, type ProvinceAgency, type ProvincePlan } from './province-plans.ts';
import { DEFAULT_PAR, type ParLevels, type ReportConfig } from './report-config.ts';
import type { ReportPeriod } from './report-period.ts';
import { addTallyTo, emptyTally, type Tally } from './tally.ts';

export interface ConsolidatedReportInput {
  province: Province;
  period: ReportPeriod;
  /** When the data is taken: every plan's figures must be those at (period.to, knownAt). */
  knownAt: IsoInstant;
  config: ReportConfig;
  plans: readonly ProvincePlan[];
}

/** One plan's figures, and where they come from. */
export interface PlanFigures {
  /** The plan's number in every table of the report and in the provenance list ("3"). */
  ref: string;
  plan: ProvincePlan;
  agency: ProvinceAgency;
  /** How the tables name it: the agency, or the province's plan and who keeps it. */
  label: string;
  unit: CountedUnit;
  overall: Tally;
  completion: Completion;
  par: { label: string; score?: number } | null;
  areas: PlanCutFigures['areas'];
  leads: PlanCutFigures['leads'];
  overdue: OverdueItem[];
}

/** A plan the report lists but does not count, and why. */
export interface UncountedPlan {
  ref: string;
  plan: ProvincePlan;
  agency: ProvinceAgency;
  reason: string;
}

export interface Consolidation {
  input: ConsolidatedReportInput;
  par: ParLevels;
  /** "nhiệm vụ" when every counted plan tracks one item per task, else "mục theo dõi". */
  unit: CountedUnit;
  /** The province's own plans (scope 'province'), counted. */
  provincePlans: PlanFigures[];
  /** The agencies' plans, counted, in the order of the province's agency list. */
  agencyPlans: PlanFigures[];
  /** Every agency plan's counts together. */
  agencyTotal: Tally;
  /** Every agency plan's counts together by reform area, in the Ministry's order of areas. */
  agencyAreas: Array<{ area: ReformArea; label: string; tally: Tally }>;
  uncounted: UncountedPlan[];
  /** Agencies with no counted plan of their own, and why (no plan, or only plans not counted). */
  withoutData: Array<{ agency: ProvinceAgency; reason: string }>;
  /** Per plan in report order (province first): what the provenance list shows. */
  provenance: Array<{ ref: string; plan: ProvincePlan; agency: ProvinceAgency; format: FormatVersion | null; counted: boolean; reason?: string }>;
}

const LEVEL_ORDER = { province: 0, department: 1, district: 2, commune: 3 } as const;

/**
 * The figures of a consolidated report, computed once for the workbook and the Word document:
 * every plan's counts by the single-plan report's rules (tally.ts, completion-rate.ts), numbered
 * 1, 2, … in a fixed order (the province's plans, then the agencies' in the province's list order,
 * then plan id), so that the same inputs give the same report. Refuses a plan of an agency not in
 * the province's list and a plan whose figures are not those of (the period's cut, knownAt).
 * Chains are checked where the figures are made (replayProvincePlan; the service, at each append).
 */
export function consolidate(input: ConsolidatedReportInput): Consolidation {
  const { province, period, knownAt } = input;
  const agencies = new Map(province.agencies.map((a, i) => [a.id, { agency: a, order: i }]));
  for (const plan of input.plans) {
    if (!agencies.has(plan.agencyId)) {
      throw new ConsolidationError(
        `Kế hoạch "${plan.id}" thuộc cơ quan "${plan.agencyId}" không có trong danh sách cơ quan của ${province.name}.`,
        `Plan "${plan.id}" belongs to agency "${plan.agencyId}", which is not in the agency list of ${province.name}.`,
        plan.id,
      );
    }
    if (plan.validAt !== period.to || plan.window.from !== period.from || plan.window.to !== period.to || plan.knownAt !== knownAt) {
      throw new ConsolidationError(
        `Kế hoạch "${plan.id}" được tính tại ngày ${plan.validAt} (số liệu từ ${plan.window.from} đến ${plan.window.to}), ghi nhận đến ${plan.knownAt}; báo cáo cần ngày chốt ${period.to} (từ ${period.from}), ghi nhận đến ${knownAt}.`,
        `Plan "${plan.id}" was counted at ${plan.validAt} (data from ${plan.window.from} to ${plan.window.to}) as known at ${plan.knownAt}; the report needs the cut-off ${period.to} (from ${period.from}) as known at ${knownAt}.`,
        plan.id,
      );
    }
  }
  const ids = new Set<string>();
  for (const plan of input.plans) {
    if (ids.has(plan.id)) throw new ConsolidationError(`Kế hoạch "${plan.id}" có hai lần trong dữ liệu.`, `Plan "${plan.id}" is given twice.`, plan.id);
    ids.add(plan.id);
  }

  const ordered = [...input.plans].sort(
    (a, b) =>
      (a.scope === 'province' ? 0 : 1) - (b.scope === 'province' ? 0 : 1) ||
      agencies.get(a.agencyId)!.order - agencies.get(b.agencyId)!.order ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const par = input.config.par ?? DEFAULT_PAR;
  const plansOfAgency = new Map<string, number>();
  for (const plan of ordered) if (plan.scope === 'agency') plansOfAgency.set(plan.agencyId, (plansOfAgency.get(plan.agencyId) ?? 0) + 1);

  const consolidation: Consolidation = {
    input,
    par,
    unit: 'nhiệm vụ',
    provincePlans: [],
    agencyPlans: [],
    agencyTotal: emptyTally(),
    agencyAreas: [],
    uncounted: [],
    withoutData: [],
    provenance: [],
  };
  ordered.forEach((plan, i) => {
    const ref = String(i + 1);
    const agency = agencies.get(plan.agencyId)!.agency;
    const reason = whyNotCounted(plan, period);
    consolidation.provenance.push({ ref, plan, agency, format: plan.format, counted: reason === null, ...(reason && { reason }) });
    if (reason) {
      consolidation.uncounted.push({ ref, plan, agency, reason });
      return;
    }
    const { overall } = plan;
    const completion = completionOf(overall);
    const several = (plansOfAgency.get(plan.agencyId) ?? 0) > 1;
    const figures: PlanFigures = {
      ref,
      plan,
      agency,
      label: plan.scope === 'province' ? `Kế hoạch của ${province.name} (${agency.officialName} theo dõi)` : several ? `${agency.officialName} (${plan.id})` : agency.officialName,
      unit: plan.unit,
      overall,
      completion,
      par: parLevelOf(completion, par),
      areas: plan.areas,
      leads: plan.leads,
      overdue: plan.overdue,
    };
    if (figures.unit === 'mục theo dõi') consolidation.unit = 'mục theo dõi';
    if (plan.scope === 'province') consolidation.provincePlans.push(figures);
    else {
      consolidation.agencyPlans.push(figures);
      addTallyTo(consolidation.agencyTotal, overall);
    }
  });

  const byArea = new Map<ReformArea, { area: ReformArea; label: string; tally: Tally }>();
  for (const p of consolidation.agencyPlans) {
    for (const a of p.areas) {
      let sum = byArea.get(a.area);
      if (!sum) byArea.set(a.area, (sum = { area: a.area, label: a.label, tally: emptyTally() }));
      addTallyTo(sum.tally, a.tally);
    }
  }
  consolidation.agencyAreas = ReformArea.options.flatMap((area) => byArea.get(area) ?? []);

  const counted = new Set(consolidation.agencyPlans.map((p) => p.agency.id));
  const keepers = new Set(consolidation.provincePlans.map((p) => p.agency.id));
  const sortedAgencies = province.agencies
    .map((agency, order) => ({ agency, order }))
    .sort((a, b) => LEVEL_ORDER[a.agency.level] - LEVEL_ORDER[b.agency.level] || a.order - b.order);
  for (const { agency } of sortedAgencies) {
    if (counted.has(agency.id)) continue;
    const own = consolidation.uncounted.filter((u) => u.agency.id === agency.id && u.plan.scope === 'agency');
    if (own.length > 0) consolidation.withoutData.push({ agency, reason: own.map((u) => `Kế hoạch ${u.plan.id}: ${u.reason}`).join('; ') });
    else if (!keepers.has(agency.id)) consolidation.withoutData.push({ agency, reason: 'Chưa có kế hoạch trong dữ liệu tổng hợp' });
  }
  return consolidation;
}

/** Why a plan is listed but not counted: nothing imported by knownAt, or a plan of other years. */
function whyNotCounted(plan: ProvincePlan, period: ReportPeriod): string | null {
  const { identity } = plan;
  if (!identity) return 'sổ chưa có kế hoạch được nhập đến thời điểm lấy số liệu';
  const from = identity.period?.from ?? identity.year;
  const to = identity.period?.to ?? identity.year;
  if (period.year < from || period.year > to) return `kế hoạch năm ${from === to ? from : `${from}-${to}`}, không thuộc kỳ báo cáo năm ${period.year}`;
  return null;
}
