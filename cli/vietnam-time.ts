import type { IsoInstant } from '../ledger/dates.ts';
import { vietnamClockParts } from '../templates/reports/cell-values.ts';

/** "18/03/2021 10:00": an instant as the terminal shows it, in Vietnam time (UTC+7) whatever the machine's zone. */
export function vietnamClockText(instant: IsoInstant): string {
  const { time, date } = vietnamClockParts(instant);
  return `${date} ${time}`;
}
