import { formatVietnameseDate } from '../../ledger/dates.ts';
import { ASSESSMENT_LABELS_VI, type Assessment, type ItemState, type LedgerState } from '../../ledger/state.ts';
import { STATUS_LABELS_VI } from '../../ledger/status.ts';
import { chainStatusText, verificationOfPrefix } from '../../templates/reports/chain-status.ts';
import { citePlan, shorten } from '../../templates/reports/cell-values.ts';
import { completionOf, completionTextVi, parLevelOf, percentTextVi, type CountedUnit } from '../../templates/reports/completion-rate.ts';
import { DEFAULT_PAR } from '../../templates/reports/report-config.ts';
import { emptyTally, itemsInOrder, type Tally } from '../../templates/reports/tally.ts';
import type { ReplayedPlan } from './plan-state-cache.ts';

/** The assessments in the order the dashboard lists and colours them. */
export const ASSESSMENTS: readonly Assessment[] = ['done_on_time', 'done_late', 'open_in_time', 'open_overdue', 'waiting', 'withdrawn'];

/** A completion rate as the page shows it: the report's own numbers and words (decimal comma). */
export interface RateJson {
  done: number;
  inForce: number;
  total: number;
  overdue: number;
  /** Percent as a number, for charts (41.33); null when nothing is in force. */
  rate: number | null;
  /** "41,33%", or "—". */
  rateText: string;
  /** "31/75 nhiệm vụ, đạt 41,33%". */
  text: string;
  /** The PAR Index level it reaches (DEFAULT_PAR), or null. */
  par: string | null;
}

export function rateOf(tally: Tally, unit: CountedUnit = 'mục theo dõi'): RateJson {
  const completion = completionOf(tally);
  return {
    done: completion.done,
    inForce: completion.inForce,
    total: tally.total,
    overdue: tally.open_overdue,
    rate: completion.basisPoints === null ? null : completion.basisPoints / 100,
    rateText: percentTextVi(completion) ?? '—',
    text: completionTextVi(completion, unit),
    par: parLevelOf(completion, DEFAULT_PAR)?.label ?? null,
  };
}

/** Sums tallies (an agency's several plans, an area over every plan). */
export function addTally(into: Tally, tally: Tally): Tally {
  for (const key of Object.keys(into) as Array<keyof Tally>) into[key] += tally[key];
  return into;
}

export const sumTallies = (tallies: Iterable<Tally>): Tally => {
  const sum = emptyTally();
  for (const t of tallies) addTally(sum, t);
  return sum;
};

/** The chain's verification, as of the events the state was made from. */
export function chainOf(replayed: ReplayedPlan): { ok: boolean; text: string } {
  const verification = verificationOfPrefix(replayed.verification, replayed.state);
  return { ok: verification.ok, text: chainStatusText(verification) };
}

export function planTitleOf(state: LedgerState, fallback: string): { title: string; citation: string | null } {
  const identity = state.plan?.identity;
  return identity ? { title: identity.title, citation: citePlan(identity) } : { title: fallback, citation: null };
}

/** One item as the drill-down lists it, at the state's validAt. */
export interface ItemJson {
  id: string;
  numbering: string;
  section: string;
  text: string;
  lead: string;
  due: string | null;
  dueText: string;
  status: string;
  statusLabel: string;
  assessment: Assessment;
  assessmentLabel: string;
  daysOverdue: number;
  completedText: string | null;
}

export function itemJson(state: LedgerState, item: ItemState): ItemJson {
  const section = state.sections.find((s) => s.id === item.definition.section);
  return {
    id: item.definition.id,
    numbering: item.definition.numbering,
    section: section ? `${section.numeral}. ${section.title}` : '',
    text: shorten(item.definition.activity ?? item.definition.text, 220),
    lead: item.definition.leadText,
    due: item.due,
    dueText: item.due ? formatVietnameseDate(item.due) : item.definition.timeline.raw || 'Chưa có thời hạn',
    status: item.status,
    statusLabel: STATUS_LABELS_VI[item.status],
    assessment: item.assessment,
    assessmentLabel: ASSESSMENT_LABELS_VI[item.assessment],
    daysOverdue: item.daysOverdue,
    completedText: item.completedOn ? formatVietnameseDate(item.completedOn) : null,
  };
}

export const itemsJson = (state: LedgerState): ItemJson[] => itemsInOrder(state).map((item) => itemJson(state, item));
