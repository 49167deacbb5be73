import type { VerifyResult } from '../../ledger/verify.ts';
import { locationText } from '../../ledger/location-text.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { formatIntegerVi } from './cell-values.ts';

/** The verification line a report prints: whether the chain held, its length and its head hash in full. */
export function chainStatusText(result: VerifyResult): string {
  if (result.ok) {
    const admins = (result.keys ?? []).filter((k) => k.role === 'admin').map((k) => `${shortFingerprint(k.fingerprint)} (${k.person.name})`);
    const signed = admins.length ? `; sổ có ký, khóa quản trị: ${admins.join(', ')}` : '';
    return `Kiểm tra chuỗi băm: HỢP LỆ — ${formatIntegerVi(result.count)} ghi nhận, ghi nhận cuối số ${formatIntegerVi(result.head.seq)}, mã băm ${result.head.hash}${signed}${futureDatedNote(result)}`;
  }
  return (
    `Kiểm tra chuỗi băm: KHÔNG HỢP LỆ tại ghi nhận số ${formatIntegerVi(result.seq)} (${locationText(result.where).vi}): ${result.message_vi} ` +
    `${formatIntegerVi(result.countBeforeProblem)} ghi nhận trước đó còn nguyên vẹn.`
  );
}

/**
 * The verification as it bears on the events a state was made from (a prefix of the chain, since
 * `at` only grows): a report stays the same file when events are appended after its knownAt, and
 * the report it anchors can be made again byte for byte.
 */
export function verificationOfPrefix(result: VerifyResult, prefix: { count: number; head: { seq: number; hash: string } }): VerifyResult {
  if (result.ok || result.countBeforeProblem >= prefix.count) {
    // The keys as they stood at the prefix's head: a report made again later prints the same administrators.
    const keys = result.ok ? result.keys?.filter((k) => k.enrolledSeq <= prefix.head.seq) : undefined;
    return { ok: true, count: prefix.count, head: { ...prefix.head }, ...(keys && { keys }), ...(result.futureDated && { futureDated: result.futureDated }) };
  }
  return result;
}

/** The ledger holds events stamped ahead of the clock that read it: a report says so (their time is not to be trusted). */
function futureDatedNote(result: VerifyResult): string {
  const future = result.futureDated;
  if (!future) return '';
  return `. Lưu ý: sổ có ${formatIntegerVi(future.count)} ghi nhận ghi thời điểm ở tương lai (từ ghi nhận số ${formatIntegerVi(future.first.seq)}, xa nhất ${future.furthest.at}): đồng hồ máy ghi chạy nhanh`;
}
