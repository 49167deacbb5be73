import { Deadline } from '../../ledger/deadline.ts';
import { readTimeline, unknownReading, type DeadlineContext } from './read-timeline.ts';
import { timelineText } from './timeline-text.ts';

export type { DeadlineContext } from './read-timeline.ts';

/**
 * Reads a timeline cell ("Thời gian thực hiện") into a Deadline. Never throws: text it cannot read
 * is kind `unknown` with no dates, and `raw` is always the input unchanged. Only the first
 * few thousand characters are read. Conventions: docs/deadlines.md.
 */
export function parseDeadline(raw: string, context: DeadlineContext = {}): Deadline {
  const input = typeof raw === 'string' ? raw : timelineText(raw);
  try {
    const reading = readTimeline(input, context ?? {});
    const checked = Deadline.safeParse({ raw: input, ...reading });
    if (checked.success) return checked.data;
  } catch {
    // Falls through: a timeline the parser trips on is one it cannot read.
  }
  return { raw: input, ...unknownReading() };
}
