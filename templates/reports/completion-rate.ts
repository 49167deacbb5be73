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

/** "31/75 nhiệm vụ, đạt 41,33%", the way Vietnamese reports write a completion rate. */
export function completionTextVi(c: Completion): string {
  if (c.basisPoints === null) return 'Không có nhiệm vụ trong kế hoạch';
  return `${c.done}/${c.inForce} nhiệm vụ, đạt ${formatPercentVi(c.basisPoints)}%`;
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
