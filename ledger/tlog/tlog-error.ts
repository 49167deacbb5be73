/** Why a note, checkpoint or proof from a transparency log was refused. Codes are stable; messages are for people. */
export type TlogErrorCode =
  | 'malformed-note' // not a signed note (C2SP signed-note): framing, characters, signature lines
  | 'malformed-key' // a verifier key (vkey) that does not parse or whose key ID does not match
  | 'ambiguous-key' // two trusted keys with one name and key ID
  | 'unverified-note' // no signature by a trusted key
  | 'bad-signature' // a signature by a trusted key that does not verify
  | 'malformed-checkpoint' // a note whose text is not a checkpoint (C2SP tlog-checkpoint)
  | 'wrong-origin' // a checkpoint of another log
  | 'rollback' // a checkpoint smaller than one already seen
  | 'inconsistent' // two checkpoints that no consistency proof joins: the log was rewritten or forked
  | 'not-included' // an inclusion proof that does not prove the entry
  | 'wrong-leaves'; // the entries a log serves do not make the tree it signed

export class TlogError extends Error {
  override readonly name = 'TlogError';
  constructor(
    readonly code: TlogErrorCode,
    readonly messageVi: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}
