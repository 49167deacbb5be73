import { formatVietnameseDate, type IsoInstant } from '../ledger/dates.ts';
import { vietnamWallClock } from '../templates/reports/cell-values.ts';

/** "18/03/2021 10:00": an instant as the terminal shows it, in Vietnam time (UTC+7) whatever the machine's zone. */
export function vietnamClockText(instant: IsoInstant): string {
  const wall = vietnamWallClock(instant).toISOString();
  return `${formatVietnameseDate(wall.slice(0, 10))} ${wall.slice(11, 16)}`;
}
