import { sha256HexBytes } from '#digest';
import { verifyEd25519 } from '#ed25519';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import type { Signer } from '../../ledger/signed-content.ts';

/**
 * Authentication by signature (docs/sync-protocol.md): every request but the health check carries
 * `CCHC-Signature: key=<fingerprint>, created=<unix s>, nonce=<uuid>, sig=<128 hex>`, the person's
 * Ed25519 signature over the RFC 8785 canonical JSON of the request's method, path (with query),
 * body digest, time and nonce. Pure TypeScript: the command line, the add-in and the service share it.
 */
export const SIGNATURE_HEADER = 'cchc-signature';

/** How far a request's `created` may be from the service's clock, either way. */
export const SIGNATURE_WINDOW_S = 300;

export interface RequestToSign {
  method: string;
  /** The path with its query string, exactly as sent: `/api/v1/plans/x/events?after=3`. */
  path: string;
  /** The body's bytes as sent (none for GET). */
  body?: Uint8Array | string;
}

export interface SignatureFields {
  key: string;
  created: number;
  nonce: string;
  sig: string;
}

const encoder = new TextEncoder();

/** What the signature covers. */
export function signedRequestContent(request: RequestToSign, created: number, nonce: string): string {
  const body = request.body === undefined ? new Uint8Array() : typeof request.body === 'string' ? encoder.encode(request.body) : request.body;
  return canonicalJson({ body: sha256HexBytes(body), created, method: request.method.toUpperCase(), nonce, path: request.path });
}

/** The header value that signs `request` now (or at `now`), with a fresh nonce. */
export async function signRequest(signer: Signer, request: RequestToSign, now: Date = new Date()): Promise<string> {
  const created = Math.floor(now.getTime() / 1000);
  const nonce = globalThis.crypto.randomUUID();
  const sig = await signer.sign(signedRequestContent(request, created, nonce));
  return `key=${signer.fingerprint}, created=${created}, nonce=${nonce}, sig=${sig}`;
}

const FIELD = /^\s*(key|created|nonce|sig)=([^,\s]+)\s*$/;

/** The header's fields, or null when it is not one (each field once, in any order). */
export function parseSignatureHeader(value: string | undefined): SignatureFields | null {
  if (value === undefined || value.length > 1_000) return null;
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const match = FIELD.exec(part);
    if (!match || fields.has(match[1]!)) return null;
    fields.set(match[1]!, match[2]!);
  }
  const key = fields.get('key');
  const created = fields.get('created');
  const nonce = fields.get('nonce');
  const sig = fields.get('sig');
  if (!key || !/^[0-9a-f]{64}$/.test(key) || !created || !/^\d{1,12}$/.test(created)) return null;
  if (!nonce || !/^[0-9A-Za-z-]{8,64}$/.test(nonce) || !sig || !/^[0-9a-f]{128}$/.test(sig)) return null;
  return { key, created: Number(created), nonce, sig };
}

/** Whether `fields.sig` is `publicKey`'s signature of this request. Time and nonce are the caller's to check. */
export function verifyRequestSignature(fields: SignatureFields, request: RequestToSign, publicKey: string): boolean {
  return verifyEd25519(publicKey, signedRequestContent(request, fields.created, fields.nonce), fields.sig);
}
