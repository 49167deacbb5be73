import type { IsoDate, IsoInstant } from '../../ledger/dates.ts';
import type { FormatVersion } from '../../ledger/events.ts';
import { parseLedgerJson } from '../../ledger/ledger-json.ts';
import { locationText } from '../../ledger/location-text.ts';
import type { PlanIdentity } from '../../ledger/plan.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { Head, RawEvent } from '../../ledger/store.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import type { Prechecking, VerifyResult } from '../../ledger/verify.ts';
import { countedUnitOf, type CountedUnit } from './completion-rate.ts';
import { overdueItems, type OverdueItem } from './overdue-sheet.ts';
import type { ReportPeriod } from './report-period.ts';
import { tallyAll, tallyByArea, tallyByLead, type DataWindow, type Tally } from './tally.ts';

/** Levels of the province's agencies, as the service stores them (server/migrations). */
export type AgencyLevel = 'province' | 'department' | 'district' | 'commune';

export interface ProvinceAgency {
  id: string;
  /** "Sở Tư pháp", as the province names it. */
  officialName: string;
  level: AgencyLevel;
  /** The body it answers to, by id (null for the provincial People's Committee). */
  parentId: string | null;
}

export interface Province {
  /** "tỉnh Bến Tre". */
  name: string;
  /** The Sở Nội vụ, who issues the consolidated report: "Sở Nội vụ tỉnh Bến Tre". */
  issuer: string;
  /** Every agency, in the order the report lists them. */
  agencies: ProvinceAgency[];
}

/** A plan as the service (or an export directory) knows it, before its ledger is read. */
export interface ProvincePlanRef {
  id: string;
  /** The agency that keeps the plan (for the province's own plan, the Sở Nội vụ). */
  agencyId: string;
  scope: 'province' | 'agency';
}

/**
 * What the consolidated report counts of one plan at one cut (the date items are assessed at and
 * the data window), from the events known up to `head`: plain data, so that the service can keep
 * it (table report_figures) and send it, and the same for any knownAt from the head event's time
 * until the next event's.
 */
export interface PlanCutFigures {
  /** The last event counted (the plan's head as known at knownAt), and how many were counted. */
  head: Head;
  count: number;
  /** The ledger's format: 1 unsigned, 2 signed, null while it has no event. */
  format: FormatVersion | null;
  /** The plan as in force at validAt; null when nothing was imported by then. */
  identity: PlanIdentity | null;
  validAt: IsoDate;
  window: DataWindow;
  unit: CountedUnit;
  overall: Tally;
  areas: ReturnType<typeof tallyByArea>;
  leads: ReturnType<typeof tallyByLead>;
  /** Open and past due at validAt, most overdue first. */
  overdue: OverdueItem[];
}

/** A plan's figures at (the period's cut-off, knownAt): what the consolidated report is built from. */
export interface ProvincePlan extends ProvincePlanRef, PlanCutFigures {
  knownAt: IsoInstant;
}

/** The figures of a replayed state (a replay at the cut's validAt) over the cut's window. */
export function planCutFigures(state: LedgerState, format: FormatVersion | null, window: DataWindow): PlanCutFigures {
  return {
    head: { seq: state.head.seq, hash: state.head.hash },
    count: state.count,
    format,
    identity: state.plan?.identity ?? null,
    validAt: state.validAt,
    window: { from: window.from, to: window.to },
    unit: countedUnitOf(state),
    overall: tallyAll(state, window),
    areas: tallyByArea(state, window),
    leads: tallyByLead(state, window),
    overdue: overdueItems(state).map(({ definition, due, daysOverdue }) => ({ definition, due, daysOverdue })),
  };
}

/** A plan the consolidated report refuses (a broken chain, a plan of an unknown agency), named in both languages. */
export class ConsolidationError extends Error {
  constructor(
    readonly messageVi: string,
    readonly messageEn: string,
    readonly planId?: string,
  ) {
    super(messageEn);
  }
}

/**
 * The records of a ledger given as its stored lines (NDJSON, one event a line, as the service keeps
 * them in `plan_event.line`), each with its text kept so that signed (format 2) lines are checked
 * byte for byte. `where.line` counts from 1.
 */
export function* recordsOfLines(lines: Iterable<string>): Iterable<RawEvent> {
  let line = 0;
  for (const text of lines) {
    line++;
    const read = parseLedgerJson(text);
    yield 'value' in read ? { value: read.value, line: text, where: { line } } : { parseError: `${read.problem.vi} / ${read.problem.en}`, where: { line } };
  }
}

/**
 * A plan's ledger verified and replayed at (period.to, knownAt) in one pass. A broken chain is
 * refused, naming the plan: a consolidated figure must come from an intact ledger.
 */
export async function replayProvincePlan(
  plan: ProvincePlanRef,
  records: AsyncIterable<RawEvent> | Iterable<RawEvent>,
  moment: { period: ReportPeriod; knownAt: IsoInstant },
  prechecking?: Prechecking,
): Promise<ProvincePlan> {
  // The clock is knownAt's, not this computer's: the same inputs give the same report.
  const { state, verification } = await verifyAndReplay(records, {
    knownAt: moment.knownAt,
    validAt: moment.period.to,
    now: () => new Date(moment.knownAt),
    ...(prechecking && { prechecking }),
  });
  requireIntactPlan(plan.id, verification);
  return { ...plan, ...planCutFigures(state, formatOf(verification), moment.period), knownAt: state.knownAt };
}

/** Refuses a plan whose chain does not verify, naming the plan, the event and why. */
export function requireIntactPlan(planId: string, verification: VerifyResult): void {
  if (verification.ok) return;
  const where = locationText(verification.where);
  throw new ConsolidationError(
    `Kế hoạch "${planId}": chuỗi không hợp lệ tại ghi nhận số ${verification.seq} (${where.vi}): ${verification.message_vi} Không lập báo cáo tổng hợp từ sổ này; chạy "cchc verify" để xem chi tiết.`,
    `Plan "${planId}": the chain is broken at seq ${verification.seq} (${where.en}): ${verification.message_en} No consolidated report is made from it; run "cchc verify" for details.`,
    planId,
  );
}

/** The ledger format a verification found (1 unsigned, 2 signed), null for an empty ledger. */
export const formatOf = (verification: VerifyResult): FormatVersion | null => verification.format ?? null;

/**
 * The consolidated report's input from plans as the service holds them: each plan's row and its
 * stored lines, in seq order. Every plan is verified and replayed at (period.to, knownAt).
 */
export async function provincePlansFromLines(
  plans: ReadonlyArray<ProvincePlanRef & { lines: Iterable<string> }>,
  moment: { period: ReportPeriod; knownAt: IsoInstant },
): Promise<ProvincePlan[]> {
  const replayed: ProvincePlan[] = [];
  for (const { lines, ...plan } of plans) replayed.push(await replayProvincePlan(plan, recordsOfLines(lines), moment));
  return replayed;
}
