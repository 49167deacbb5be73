import { shortHash } from '../../templates/reports/cell-values.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { refusedFile } from './clone-paths.ts';
import type { PullOutcome, PushOutcome } from './clone-sync.ts';

/** Options every sync command takes. */
export const SERVER_OPTION = ['--server <url>', 'địa chỉ dịch vụ của tỉnh; mặc định địa chỉ ghi trong <sổ>.sync.json / the province\'s service; default the one in <ledger>.sync.json'] as const;
export const SYNC_KEY_OPTION = ['--key <file>', 'khóa riêng Ed25519 (PKCS#8) ký các yêu cầu; mặc định biến CCHC_KEY / the Ed25519 private key (PKCS#8) that signs the requests; default $CCHC_KEY'] as const;

export function pulledText(outcome: PullOutcome): string {
  return `Đã tải về / pulled: ${outcome.added} ghi nhận mới / new events; sổ đến số / the ledger is at seq ${outcome.head.seq} (${shortHash(outcome.head.hash)})\n`;
}

export function pushedText(outcome: PushOutcome): string {
  return (
    `Đã đẩy lên / pushed: ${outcome.placed} được ghi vào sổ trên máy chủ / placed, ${outcome.already} đã có từ trước / already there, ${outcome.refused.length} bị từ chối / refused\n` +
    (outcome.appended > 0 ? `  ${outcome.appended} đã vào bản sao này / now in this copy\n` : '') +
    (outcome.later > 0 ? `  ${outcome.later} sẽ vào bản sao khi tải về (cchc pull) / come into this copy with the next pull\n` : '') +
    (outcome.deferred > 0
      ? `  ${outcome.deferred} ghi sớm hơn các ghi nhận vừa được người khác đẩy lên: gửi lại sau khi tải về, hoặc ở lần đồng bộ sau / stamped before events pushed meanwhile: sent again after the pull, or at the next sync\n`
      : '')
  );
}

/** Each refused event, for its author: what it was, why, and where it is kept. */
export function refusedText(outcome: PushOutcome, ledger: string): string {
  return outcome.refused
    .map(
      ({ event, error }) =>
        `Bị máy chủ từ chối / refused by the service: ${pendingLabel(event)}\n` +
        `  Lý do: ${error.vi} (mã lỗi ${error.code})\n` +
        `  Reason: ${error.en} (code ${error.code})\n` +
        `  Lưu trong / kept in ${refusedFile(ledger)}\n`,
    )
    .join('');
}

/** An event as its author knows it: type, item and id. */
function pendingLabel(event: PendingEvent): string {
  const item = (event.data as { item?: unknown }).item;
  return `${event.type}${typeof item === 'string' ? ` ${item}` : ''} (mã / id ${event.id})`;
}
