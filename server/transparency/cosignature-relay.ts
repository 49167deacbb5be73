import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { ed25519CosignatureVerifier } from '../../ledger/tlog/cosignature.ts';
import { parseNote, parseVerifierKey, SIGNATURE_TYPE, type NoteVerifier } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';

/** How many checkpoints' cosignatures each witness keeps here: enough for clients a few rounds behind. */
const KEPT_PER_WITNESS = 64;

/**
 * The cosignatures the province's witnesses posted back (C2SP tlog-cosignature lines), held for the
 * service to serve beside its checkpoints. Only witnesses configured by their vkeys are accepted, and
 * only on a checkpoint this log signed, byte for byte. Held in memory, not in the database: a witness
 * keeps its own last cosigned checkpoint durably and posts it again at every poll, so a restarted
 * service has its latest cosignatures back within one round (older ones travel in the reports that
 * quote them). Several service processes on one database each hold what was posted to them.
 */
export class CosignatureRelay {
  private readonly witnesses: NoteVerifier[];
  /** witness name → (tree size → signature line), oldest first. */
  private readonly lines = new Map<string, Map<number, string>>();

  constructor(vkeys: readonly string[]) {
    this.witnesses = vkeys.map((vkey) => {
      const key = parseVerifierKey(vkey);
      if (key.type !== SIGNATURE_TYPE.cosignatureV1) throw new TlogError('malformed-key', `"${vkey}" không phải khóa đồng ký (loại 0x04).`, `"${vkey}" is not a cosignature key (type 0x04).`);
      return ed25519CosignatureVerifier(key.name, key.publicKey);
    });
  }

  get witnessCount(): number {
    return this.witnesses.length;
  }

  /**
   * Takes the cosignatures on `posted` (the checkpoint note with witness lines) of the checkpoint the
   * log signed as `signedNote`; returns the names of the witnesses whose cosignature was kept.
   */
  accept(posted: string, signedNote: string): string[] {
    const offered = parseNote(posted);
    if (offered.text !== parseNote(signedNote).text) {
      throw new TlogError('malformed-checkpoint', 'Văn bản điểm kiểm được đồng ký khác điểm kiểm nhật ký đã ký.', 'The cosigned checkpoint text differs from the checkpoint the log signed.');
    }
    const size = parseCheckpoint(offered.text).size;
    const kept: string[] = [];
    for (const signature of offered.signatures) {
      const witness = this.witnesses.find((w) => w.name === signature.name && w.keyId === signature.keyId);
      if (!witness) continue;
      if (!witness.verify(offered.text, signature.signature)) {
        throw new TlogError('bad-signature', `Chữ ký đồng ký của nhân chứng ${witness.name} không đúng.`, `The cosignature of witness ${witness.name} does not verify.`);
      }
      const mine = this.lines.get(witness.name) ?? new Map<number, string>();
      mine.set(size, signature.line);
      while (mine.size > KEPT_PER_WITNESS) mine.delete(Math.min(...mine.keys()));
      this.lines.set(witness.name, mine);
      kept.push(witness.name);
    }
    return kept;
  }

  /** The cosignature lines held for the checkpoint of `size`. */
  linesFor(size: number): string[] {
    return [...this.lines.values()].flatMap((bySize) => (bySize.has(size) ? [bySize.get(size)!] : []));
  }

  /** The largest size cosigned by at least `count` witnesses, or null. */
  largestCosigned(count: number): number | null {
    const sizes = new Map<number, number>();
    for (const bySize of this.lines.values()) for (const size of bySize.keys()) sizes.set(size, (sizes.get(size) ?? 0) + 1);
    const enough = [...sizes].filter(([, n]) => n >= count).map(([size]) => size);
    return enough.length === 0 ? null : Math.max(...enough);
  }
}

/** The log's signed note with the cosignature lines appended (C2SP: a cosigned checkpoint is one note). */
export function withCosignatures(note: string, lines: readonly string[]): string {
  return note + lines.join('');
}
