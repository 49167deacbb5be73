import type { LedgerState } from '../../ledger/state.ts';
import type { ParLevels } from './report-config.ts';
import type { Tally } from './tally.ts';

export interface Completion {
  done: number;
  /** Items still in the plan: withdrawn items are not counted, in the numerator or the denominator. */
  inForce: number;
  /** done/inForce in hundredths of a percent (4133 for 41,33%), rounded half up; null when nothing is in force. */
  basisPoints: number | null;
}

export function completionOf(tally: Tally): Completion {
  const done = tally.done_on_time + tally.done_late;
  const inForce = tally.total - tally.withdrawn;
  // Integer arithmetic: 31/75 must print 41,33, never 41,32999.
  const basisPoints = inForce === 0 ? null : Math.round((done * 10_000) / inForce);
  return { done, inForce, basisPoints };
}

/** "41,33": a percentage with a decimal comma and two decimals. */
export function formatPercentVi(basisPoints: number): string {
  return `${Math.floor(basisPoints / 100)},${String(basisPoints % 100).padStart(2, '0')}`;
}

/**
 * What the reports count, in the reader's words: a plan's "nhiệm vụ" (task) may hold several
 * "mục theo dõi" (tracked items, one per activity row); status is kept per tracked item, so that is
 * what the counts and rates count. When every task is one tracked item the two are the same and
 * the report says "nhiệm vụ", as officers write; otherwise it says "mục theo dõi".
 */
export type CountedUnit = 'nhiệm vụ' | 'mục theo dõi';

export function countedUnitOf(state: LedgerState): CountedUnit {
  const tasks = new Set<string>();
  for (const id of state.itemOrder) {
    const task = state.items[id]?.definition.task;
    if (task === undefined || tasks.has(task)) return 'mục theo dõi';
    tasks.add(task);
  }
  return 'nhiệm vụ';
}

/** "Nhiệm vụ" / "Mục theo dõi", at the start of a label. */
export const capitalUnit = (unit: CountedUnit): string => unit.charAt(0).toLocaleUpperCase('vi') + unit.slice(1);

/** "75,00%": a rate as text, the same on every machine whatever its locale's decimal mark. */
export function percentTextVi(c: Completion): string | null {
  return c.basisPoints === null ? null : `${formatPercentVi(c.basisPoints)}%`;
}

/** "31/75 nhiệm vụ, đạt 41,33%", the way Vietnamese reports write a completion rate, naming what it counts. */
export function completionTextVi(c: Completion, unit: CountedUnit): string {
  if (c.basisPoints === null) return `Không có ${unit} trong kế hoạch`;
  return `${c.done}/${c.inForce} ${unit}, đạt ${formatPercentVi(c.basisPoints)}%`;
}

/** The PAR Index level the completion rate reaches: the first threshold met, in the configured order. */
export function parLevelOf(c: Completion, levels: ParLevels): { label: string; score?: number } | null {
  if (c.basisPoints === null) return null;
  // Compared on the exact fraction, not the rounded one: 99,996% prints as 100,00% but is not 100%.
  const scaled = c.done * 100;
  for (const t of levels.thresholds) {
    const reached = 'atLeast' in t ? scaled >= t.atLeast * c.inForce : scaled > t.above * c.inForce;
    if (reached) return { label: t.label, ...(t.score !== undefined && { score: t.score }) };
  }
  return levels.below;
}
