import { ed25519CosignatureVerifier, cosignedTimes } from './cosignature.ts';
import { openNote, parseVerifierKey, SIGNATURE_TYPE, type NoteVerifier } from './signed-note.ts';
import { TlogError } from './tlog-error.ts';

/**
 * The witnesses a client or an auditor trusts (their cosignature vkeys, C2SP tlog-cosignature) and
 * how many of them must cosign a checkpoint for it to be final: k of n. One witness can lie with the
 * log; k independent ones cannot all be fooled by a split view unless all of them collude.
 */
export interface TrustedWitnesses {
  verifiers: NoteVerifier[];
  threshold: number;
}

/** The verifiers of witnesses given by their vkeys, each a cosignature key (type 0x04). */
export function cosignatureVerifiers(vkeys: readonly string[]): NoteVerifier[] {
  return vkeys.map((vkey) => {
    const key = parseVerifierKey(vkey);
    if (key.type !== SIGNATURE_TYPE.cosignatureV1) {
      throw new TlogError('malformed-key', `Khóa "${vkey}" không phải khóa đồng ký của nhân chứng (loại 0x04).`, `Key "${vkey}" is not a witness cosignature key (type 0x04).`);
    }
    return ed25519CosignatureVerifier(key.name, key.publicKey);
  });
}

/** The trusted witnesses given by their vkeys (type 0x04) and a threshold 1 ≤ k ≤ n. */
export function trustedWitnesses(vkeys: readonly string[], threshold: number): TrustedWitnesses {
  const verifiers = cosignatureVerifiers(vkeys);
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > verifiers.length) {
    throw new TlogError(
      'malformed-key',
      `Số nhân chứng cần đồng ký phải từ 1 đến ${verifiers.length} (số nhân chứng tin cậy), không phải ${threshold}.`,
      `The number of witnesses needed must be between 1 and ${verifiers.length} (the witnesses trusted), not ${threshold}.`,
    );
  }
  return { verifiers, threshold };
}

export interface Finality {
  /** Names of the trusted witnesses whose cosignature on this checkpoint verifies, with the time each states. */
  cosigners: { name: string; time: number }[];
  final: boolean;
}

/**
 * Who among the trusted witnesses cosigned a checkpoint (its log signature checked by `logKey`): a
 * trusted witness's signature that does not verify refuses the whole note, as C2SP signed-note says.
 */
export function finalityOf(signed: string, logKey: NoteVerifier, witnesses: TrustedWitnesses): Finality {
  const note = openNote(signed, [logKey, ...witnesses.verifiers]);
  if (!note.verified.some((s) => s.name === logKey.name && s.keyId === logKey.keyId)) {
    throw new TlogError('unverified-note', 'Điểm kiểm không có chữ ký của khóa nhật ký.', 'The checkpoint is not signed by the log key.');
  }
  const cosigners = cosignedTimes(note.verified, witnesses.verifiers);
  return { cosigners, final: cosigners.length >= witnesses.threshold };
}
