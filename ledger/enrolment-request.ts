import * as z from 'zod';
import { canonicalJson } from './canonical-json.ts';
import { Actor } from './events.ts';
import { fingerprintOf } from './signed-content.ts';

/**
 * What a person hands an administrator to have their key enrolled: the public key, its fingerprint
 * (to read out and compare) and who they are. `cchc key new` writes one; the add-in's pane shows one.
 */
export const EnrolmentRequest = z
  .strictObject({
    type: z.literal('cchc-key-request'),
    publicKey: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (32 bytes)'),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
    person: Actor,
  })
  .refine((r) => fingerprintOf(r.publicKey) === r.fingerprint, { message: 'the fingerprint is not the SHA-256 of the public key', path: ['fingerprint'] });
export type EnrolmentRequest = z.infer<typeof EnrolmentRequest>;

export function enrolmentRequest(publicKey: string, person: Actor): EnrolmentRequest {
  return { type: 'cchc-key-request', publicKey, fingerprint: fingerprintOf(publicKey), person: { name: person.name.normalize('NFC'), unit: person.unit.normalize('NFC') } };
}

/**
 * The bytes a person's legal signature (chữ ký số) signs to claim a key: the RFC 8785 JSON of their
 * enrolment request (type, public key, fingerprint, person), as `cchc key new` writes the request file.
 */
export function enrolmentStatement(enrolled: { key: string; publicKey: string; person: Actor }): string {
  return canonicalJson({ type: 'cchc-key-request', publicKey: enrolled.publicKey, fingerprint: enrolled.key, person: enrolled.person });
}
