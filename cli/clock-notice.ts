import type { LedgerEvent } from '../ledger/events.ts';
import type { FutureDated } from '../ledger/verify.ts';

/** A span in days, hours and minutes, in both languages: "1 ngày 2 giờ" / "1 day 2 hours". */
export function spanText(ms: number): { vi: string; en: string } {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const parts: Array<[number, string, string]> = [
    [Math.floor(minutes / 1440), 'ngày', 'day'],
    [Math.floor((minutes % 1440) / 60), 'giờ', 'hour'],
    [minutes % 60, 'phút', 'minute'],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return {
    vi: shown.map(([n, vi]) => `${n} ${vi}`).join(' '),
    en: shown.map(([n, , en]) => `${n} ${en}${n === 1 ? '' : 's'}`).join(' '),
  };
}

/** What verify says of events stamped ahead of this computer's clock: a warning naming the seq and how far. */
export function futureDatedText(future: FutureDated): { vi: string; en: string } {
  const ahead = spanText(future.furthest.aheadMs);
  const others = future.count > 1;
  return {
    vi: `Cảnh báo [clock]: ${future.count} ghi nhận ghi thời điểm ở tương lai so với đồng hồ máy này (đầu tiên: số ${future.first.seq}; xa nhất: số ${future.furthest.seq}, ${future.furthest.at}, trước ${ahead.vi}). Đồng hồ của máy đã ghi chạy nhanh; sổ vẫn dùng được, các ghi nhận sau sẽ lấy thời điểm không sớm hơn.`,
    en: `Warning [clock]: ${future.count} event${others ? 's' : ''} stamped in the future by this computer's clock (first: seq ${future.first.seq}; furthest: seq ${future.furthest.seq}, ${future.furthest.at}, ${ahead.en} ahead). The writer's clock ran fast; the ledger stays usable, and later events are stamped no earlier.`,
  };
}

/**
 * Said when an appended event took the previous event's time rather than this computer's clock
 * (which is behind it): `at` never goes back, and the user should know the time is not their own.
 */
export function sayIfStampedAhead(events: readonly LedgerEvent[], now: Date = new Date()): void {
  const first = events[0];
  if (!first || Date.parse(first.at) <= now.getTime()) return;
  const behind = spanText(Date.parse(first.at) - now.getTime());
  process.stdout.write(
    `Lưu ý: thời điểm ghi là ${first.at}, lấy theo ghi nhận trước, vì đồng hồ máy này (${now.toISOString()}) chậm hơn ${behind.vi}; thời điểm ghi trong sổ không bao giờ lùi.\n` +
      `Note: stamped ${first.at}, the previous event's time, because this computer's clock (${now.toISOString()}) is ${behind.en} behind it; times in the ledger never go back.\n`,
  );
}
