import { shortFingerprint } from '../ledger/signed-content.ts';
import type { Database } from './db/database.ts';
import { isLive, keyByFingerprint, type DirectoryKey } from './directory.ts';
import { parseSignatureHeader, SIGNATURE_WINDOW_S, verifyRequestSignature, type RequestToSign } from './protocol/request-signature.ts';
import { ServiceError } from './protocol/service-error.ts';

/** Nonces are kept twice the window: any request still within it finds its nonce. */
const NONCE_KEPT_S = 2 * SIGNATURE_WINDOW_S;

/**
 * Who signed a request (docs/sync-protocol.md): a key of the directory, not revoked, whose signature
 * over the request holds, made within the window of `now`, with a nonce not seen before — the nonce is
 * recorded in the database, so two service processes never both accept one request.
 */
export async function authenticate(db: Database, header: string | undefined, request: RequestToSign, now: Date): Promise<DirectoryKey> {
  const fields = parseSignatureHeader(header);
  if (!fields) {
    throw refusal(
      'Yêu cầu không có chữ ký hợp lệ (tiêu đề CCHC-Signature: key=…, created=…, nonce=…, sig=…).',
      'The request carries no valid signature (header CCHC-Signature: key=…, created=…, nonce=…, sig=…).',
    );
  }
  const skew = fields.created - Math.floor(now.getTime() / 1000);
  if (Math.abs(skew) > SIGNATURE_WINDOW_S) {
    const minutes = Math.round(Math.abs(skew) / 60);
    throw refusal(
      `Yêu cầu được ký lúc lệch ${minutes} phút so với đồng hồ của dịch vụ (${skew > 0 ? 'sớm' : 'trễ'} hơn, cho phép 5 phút): hãy chỉnh đồng hồ máy tính.`,
      `The request was signed ${minutes} minutes ${skew > 0 ? 'ahead of' : 'behind'} the service's clock (5 allowed): set this computer's clock.`,
      { created: fields.created },
    );
  }
  const key = await keyByFingerprint(db, fields.key);
  const short = shortFingerprint(fields.key);
  if (!key) throw refusal(`Khóa ${short}… không có trong danh bạ của tỉnh.`, `Key ${short}… is not in the province's directory.`, { key: fields.key });
  if (!isLive(key, now.toISOString())) {
    throw refusal(`Khóa ${short}… của ${key.person.fullName} đã bị thu hồi từ ${key.revokedAt}.`, `Key ${short}… of ${key.person.fullName} was revoked from ${key.revokedAt}.`, { key: fields.key });
  }
  if (!verifyRequestSignature(fields, request, key.publicKey)) {
    throw refusal(
      `Chữ ký của yêu cầu (khóa ${short}…) không khớp: yêu cầu đã bị sửa trên đường đi, hoặc ký bằng khóa khác.`,
      `The request's signature (key ${short}…) does not match: the request was altered on the way, or signed by another key.`,
      { key: fields.key },
    );
  }
  const fresh = await db.query(
    `insert into request_nonce (fingerprint, nonce, seen_at) values ($1, $2, $3) on conflict do nothing returning 1`,
    [fields.key, fields.nonce, now],
  );
  if (fresh.length === 0) {
    throw refusal('Yêu cầu này đã được nhận một lần (mã dùng một lần đã dùng): không làm lại.', 'This request was already received once (its nonce was used): not done again.', { nonce: fields.nonce });
  }
  // Now and then, the nonces no signature can still use go.
  if (Math.random() < 0.01) await db.query(`delete from request_nonce where seen_at < $1`, [new Date(now.getTime() - NONCE_KEPT_S * 1000)]);
  return key;
}

function refusal(vi: string, en: string, where?: Record<string, unknown>): ServiceError {
  return new ServiceError(401, 'auth', vi, en, where);
}
