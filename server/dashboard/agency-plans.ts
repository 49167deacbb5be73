import { countedUnitOf } from '../../templates/reports/completion-rate.ts';
import { tallyAll } from '../../templates/reports/tally.ts';
import type { Database } from '../db/database.ts';
import { contextJson, type DashboardContext } from './dashboard-context.ts';
import { DashboardRequestError } from './dashboard-request-error.ts';
import { chainOf, itemsJson, planTitleOf, rateOf } from './plan-figures.ts';
import type { PlanStateCache } from './plan-state-cache.ts';
import { LEVEL_LABELS_VI, replayPlan, syncOf } from './province-overview.ts';
import { agenciesOf, plansOfYear } from './province-rows.ts';

/** One agency's plans of the year, each item with its status at the period's date. */
export async function agencyPlans(db: Database, cache: PlanStateCache, context: DashboardContext, agencyId: string) {
  const agency = (await agenciesOf(db, context.province.code)).find((a) => a.id === agencyId);
  if (!agency) {
    throw new DashboardRequestError(404, `Không có cơ quan "${agencyId}" trong tỉnh.`, `There is no agency "${agencyId}" in the province.`);
  }
  const plans = (await plansOfYear(db, context.province.code, context.year)).filter((p) => p.owner_agency_id === agencyId);
  const window = { from: context.period.from, to: context.period.to };
  return {
    agency: { id: agency.id, name: agency.official_name, level: LEVEL_LABELS_VI[agency.level], ...syncOf(plans, context) },
    ...contextJson(context),
    plans: await Promise.all(
      plans.map(async (row) => {
        const replayed = await replayPlan(cache, row, context);
        const { state } = replayed;
        return {
          id: row.id,
          ...planTitleOf(state, row.title),
          scope: row.scope,
          head: state.head.seq,
          chain: chainOf(replayed),
          figures: rateOf(tallyAll(state, window), countedUnitOf(state)),
          items: itemsJson(state),
        };
      }),
    ),
  };
}
