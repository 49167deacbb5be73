import { verifyEd25519 } from '#ed25519';
import type { Actor, DocumentRef, EventOf, KeyRole, LegalSignature } from './events.ts';
import { fingerprintOf, shortFingerprint, signedContent, type PendingEvent, type PendingOf } from './signed-content.ts';

/** A key enrolled in a ledger, as its enrolment said, with when it stops and the last time it signed. */
export interface EnrolledKey {
  fingerprint: string;
  publicKey: string;
  person: Actor;
  role: KeyRole;
  enrolledSeq: number;
  enrolledAt: string;
  /** The decision assigning the person and their legal signature over the key, when the enrolment gave them. */
  decision?: DocumentRef;
  legal?: LegalSignature;
  /** Events it signs recorded at or after this instant are refused. */
  revokedFrom: string | null;
  lastSigned: string;
}

/** Whether `key` is revoked at the instant `at`: an event it signs is refused when its own `at` is at or after the revocation's `from`. */
export function revokedAt(key: EnrolledKey, at: string): boolean {
  return key.revokedFrom !== null && at >= key.revokedFrom;
}

/** Why a signed event is refused: `signature` for who signed it, `key` for an enrolment or revocation. */
export interface KeyProblem {
  code: 'signature' | 'key';
  vi: string;
  en: string;
}

/**
 * The keys of a signed (format 2) ledger and the check of every event's signature against them. The
 * ledger's first event is its first administrator enrolling their own key; after that an event is
 * good when its key is enrolled for its actor, not revoked at its `at`, and the signature holds over
 * the event's signed content; only administrators enroll and revoke keys.
 */
export class KeyRing {
  #ledgerId: string | null;
  readonly #keys: Map<string, EnrolledKey>;

  constructor(ledgerId: string | null = null, keys: Iterable<EnrolledKey> = []) {
    this.#ledgerId = ledgerId;
    this.#keys = new Map([...keys].map((k) => [k.fingerprint, { ...k }]));
  }

  /** The ledger's identity that signatures cover: the id of its first event (null while it has none). */
  get ledgerId(): string | null {
    return this.#ledgerId;
  }

  get keys(): readonly EnrolledKey[] {
    return [...this.#keys.values()];
  }

  get(fingerprint: string): EnrolledKey | undefined {
    return this.#keys.get(fingerprint);
  }

  /** Administrators whose keys are not revoked at `at` (all of them when `at` is omitted). */
  administrators(at = '9999'): EnrolledKey[] {
    return this.keys.filter((k) => k.role === 'admin' && !revokedAt(k, at));
  }

  clone(): KeyRing {
    return new KeyRing(this.#ledgerId, this.#keys.values());
  }

  /**
   * Null when `event` (the ledger's next, with `seq` 1 for the first) may stand; else why not.
   * `signedBy`: its signature was found to hold already (on a worker thread) in that ledger under that key.
   */
  check(event: PendingEvent, seq: number, signedBy?: { ledgerId: string; publicKey: string }): KeyProblem | null {
    const sig = event.sig;
    const label = `${seq}`;
    if (!sig) {
      return signatureProblem(`Ghi nhận số ${label} không có chữ ký, trong sổ có ký (định dạng 2).`, `Event seq ${label} is unsigned, in a signed (format 2) ledger.`);
    }
    const ledgerId = seq === 1 ? event.id : this.#ledgerId!;
    const short = shortFingerprint(sig.key);
    if (seq === 1) {
      if (
        event.type !== 'key.enrolled' ||
        event.data.key !== sig.key ||
        event.data.role !== 'admin' ||
        event.data.person.name !== event.actor.name ||
        event.data.person.unit !== event.actor.unit
      ) {
        return keyProblem(
          'Ghi nhận đầu tiên của sổ có ký phải là người quản trị đầu tiên tự đăng ký khóa của mình (key.enrolled cho chính người ghi, vai trò admin, ký bằng chính khóa đó).',
          "A signed ledger's first event must be its first administrator enrolling their own key (key.enrolled for its actor, role admin, signed by that key).",
        );
      }
      const problem = enrolmentProblem(event, label);
      if (problem) return problem;
      return this.#signatureProblem(ledgerId, event, label, event.data.publicKey, short, signedBy);
    }
    const key = this.#keys.get(sig.key);
    if (!key) {
      return signatureProblem(
        `Ghi nhận số ${label} được ký bằng khóa ${short}… chưa đăng ký trong sổ.`,
        `Event seq ${label} is signed by key ${short}…, which is not enrolled in this ledger.`,
      );
    }
    if (revokedAt(key, event.at)) {
      return signatureProblem(
        `Ghi nhận số ${label} (lúc ${event.at}) được ký bằng khóa ${short}… đã bị thu hồi từ ${key.revokedFrom}.`,
        `Event seq ${label} (at ${event.at}) is signed by key ${short}…, revoked from ${key.revokedFrom}.`,
      );
    }
    if (key.person.name !== event.actor.name || key.person.unit !== event.actor.unit) {
      return signatureProblem(
        `Ghi nhận số ${label} ghi người thực hiện "${event.actor.name}" (${event.actor.unit}) nhưng được ký bằng khóa ${short}… của "${key.person.name}" (${key.person.unit}).`,
        `Event seq ${label} names "${event.actor.name}" (${event.actor.unit}) but is signed by key ${short}… of "${key.person.name}" (${key.person.unit}).`,
      );
    }
    const bad = this.#signatureProblem(ledgerId, event, label, key.publicKey, short, signedBy);
    if (bad) return bad;
    if (event.type === 'key.enrolled' || event.type === 'key.revoked') {
      if (key.role !== 'admin') {
        return keyProblem(
          `Ghi nhận số ${label}: chỉ người quản trị mới đăng ký hoặc thu hồi khóa; khóa ${short}… của "${key.person.name}" không có vai trò quản trị.`,
          `Event seq ${label}: only an administrator enrolls or revokes keys; key ${short}… of "${key.person.name}" is not an administrator's.`,
        );
      }
      return event.type === 'key.enrolled' ? (enrolmentProblem(event, label) ?? this.#newKeyProblem(event, label)) : this.#revocationProblem(event, label);
    }
    return null;
  }

  /** Takes in an event `check` accepted. */
  apply(event: PendingEvent, seq: number): void {
    if (seq === 1) this.#ledgerId = event.id;
    const signer = event.sig && this.#keys.get(event.sig.key);
    if (signer) signer.lastSigned = event.at;
    if (event.type === 'key.enrolled') {
      const { key, publicKey, person, role, decision, legal } = event.data;
      this.#keys.set(key, {
        fingerprint: key,
        publicKey,
        person,
        role,
        enrolledSeq: seq,
        enrolledAt: event.at,
        ...(decision && { decision }),
        ...(legal && { legal }),
        revokedFrom: null,
        lastSigned: seq === 1 ? event.at : '',
      });
    } else if (event.type === 'key.revoked') {
      this.#keys.get(event.data.key)!.revokedFrom = event.data.from;
    }
  }

  #signatureProblem(
    ledgerId: string,
    event: PendingEvent,
    label: string,
    publicKey: string,
    short: string,
    signedBy: { ledgerId: string; publicKey: string } | undefined,
  ): KeyProblem | null {
    const sig = event.sig!;
    if (signedBy && signedBy.ledgerId === ledgerId && signedBy.publicKey === publicKey) return null;
    if (verifyEd25519(publicKey, signedContent(ledgerId, event, sig.key), sig.value)) return null;
    return signatureProblem(
      `Chữ ký của ghi nhận số ${label} (khóa ${short}…) không khớp nội dung: ghi nhận đã bị sửa, hoặc được chép từ một sổ khác.`,
      `Event seq ${label}'s signature (key ${short}…) does not match its content: the event was altered, or copied from another ledger.`,
    );
  }

  #newKeyProblem(event: PendingOf<'key.enrolled'>, label: string): KeyProblem | null {
    if (!this.#keys.has(event.data.key)) return null;
    return keyProblem(
      `Ghi nhận số ${label}: khóa ${shortFingerprint(event.data.key)}… đã được đăng ký trong sổ.`,
      `Event seq ${label}: key ${shortFingerprint(event.data.key)}… is already enrolled in this ledger.`,
    );
  }

  #revocationProblem(event: PendingOf<'key.revoked'>, label: string): KeyProblem | null {
    const target = this.#keys.get(event.data.key);
    const short = shortFingerprint(event.data.key);
    if (!target) {
      return keyProblem(`Ghi nhận số ${label} thu hồi khóa ${short}… chưa đăng ký.`, `Event seq ${label} revokes key ${short}…, which is not enrolled.`);
    }
    if (target.revokedFrom !== null) {
      return keyProblem(`Ghi nhận số ${label}: khóa ${short}… đã bị thu hồi.`, `Event seq ${label}: key ${short}… is already revoked.`);
    }
    // Events already on the chain stay as they were verified: a mistaken one is voided, not unsigned.
    if (event.data.from < target.lastSigned) {
      return keyProblem(
        `Ghi nhận số ${label} thu hồi khóa ${short}… từ ${event.data.from}, trước ghi nhận cuối cùng khóa này đã ký (${target.lastSigned}): hãy hủy bỏ các ghi nhận sai thay vì thu hồi lùi.`,
        `Event seq ${label} revokes key ${short}… from ${event.data.from}, before the last event it signed (${target.lastSigned}): void the wrong events instead of revoking back in time.`,
      );
    }
    return null;
  }
}

function enrolmentProblem(event: PendingOf<'key.enrolled'>, label: string): KeyProblem | null {
  if (fingerprintOf(event.data.publicKey) === event.data.key) return null;
  return keyProblem(
    `Ghi nhận số ${label}: dấu vân tay ${shortFingerprint(event.data.key)}… không phải SHA-256 của khóa công khai đăng ký.`,
    `Event seq ${label}: fingerprint ${shortFingerprint(event.data.key)}… is not the SHA-256 of the public key enrolled.`,
  );
}

const signatureProblem = (vi: string, en: string): KeyProblem => ({ code: 'signature', vi, en });
const keyProblem = (vi: string, en: string): KeyProblem => ({ code: 'key', vi, en });

/** The enrolment of a key by its holder's details: what `Ledger` appends first in a new signed ledger. */
export function selfEnrolment(publicKey: string, person: Actor): { type: 'key.enrolled'; actor: Actor; data: EventOf<'key.enrolled'>['data'] } {
  return { type: 'key.enrolled', actor: person, data: { key: fingerprintOf(publicKey), publicKey, person, role: 'admin' } };
}
