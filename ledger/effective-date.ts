import { vietnamDateOf, type IsoDate } from './dates.ts';
import type { LedgerEvent } from './events.ts';

/**
 * The date a change takes effect in the world, for `validAt`. Status changes and triggers say it;
 * evidence defaults to its document's date; notes and plan revisions to their document or the day
 * they were recorded. Voids, report anchors and keys are facts about the record, not the world: null.
 */
export function effectiveDate(event: LedgerEvent): IsoDate | null {
  switch (event.type) {
    case 'status.changed':
    case 'condition.met':
      return event.data.effective;
    case 'evidence.attached':
      return event.data.effective ?? event.data.document.date ?? vietnamDateOf(event.at);
    case 'progress.noted':
      return event.data.effective ?? vietnamDateOf(event.at);
    case 'plan.revised':
      return event.data.document.date ?? vietnamDateOf(event.at);
    case 'plan.imported':
    case 'event.voided':
    case 'report.issued':
    case 'key.enrolled':
    case 'key.revoked':
      return null;
  }
}
