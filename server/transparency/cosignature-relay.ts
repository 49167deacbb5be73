import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { parseNote, type NoteVerifier } from '../../ledger/tlog/signed-note.ts';
import { cosignatureVerifiers } from '../../ledger/tlog/trusted-witnesses.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { toNumber, type Queryable } from '../db/database.ts';
import { storageError } from '../db/storage-error.ts';

/** One witness's cosignature line on one checkpoint. */
interface WitnessLine {
  witness: string;
  line: string;
}

/**
 * The cosignatures the province's witnesses post back (C2SP tlog-cosignature lines), kept in the
 * database (migration 0005) so that every service process on it serves them, across restarts. Only
 * witnesses configured by their vkeys are accepted, and only on a checkpoint this log signed, byte
 * for byte; only theirs are served, so a witness dropped from the configuration stops counting.
 */
export class CosignatureRelay {
  private readonly witnesses: NoteVerifier[];

  constructor(
    private readonly db: Queryable,
    vkeys: readonly string[],
  ) {
    this.witnesses = cosignatureVerifiers(vkeys);
  }

  /**
   * Takes the cosignatures on `posted` (the checkpoint note with witness lines) of the checkpoint the
   * log signed as `signedNote`; returns the names of the witnesses whose cosignature is kept.
   */
  async accept(posted: string, signedNote: string): Promise<string[]> {
    const offered = parseNote(posted);
    if (offered.text !== parseNote(signedNote).text) {
      throw new TlogError('malformed-checkpoint', 'Văn bản điểm kiểm được đồng ký khác điểm kiểm nhật ký đã ký.', 'The cosigned checkpoint text differs from the checkpoint the log signed.');
    }
    const size = parseCheckpoint(offered.text).size;
    const kept: WitnessLine[] = [];
    for (const signature of offered.signatures) {
      const witness = this.witnesses.find((w) => w.name === signature.name && w.keyId === signature.keyId);
      if (!witness) continue;
      if (!witness.verify(offered.text, signature.signature)) {
        throw new TlogError('bad-signature', `Chữ ký đồng ký của nhân chứng ${witness.name} không đúng.`, `The cosignature of witness ${witness.name} does not verify.`);
      }
      kept.push({ witness: witness.name, line: signature.line });
    }
    try {
      for (const { witness, line } of kept) {
        await this.db.query('insert into tlog_cosignature (tree_size, witness, line) values ($1, $2, $3) on conflict do nothing', [size, witness, line]);
      }
    } catch (error) {
      throw storageError(`lưu chữ ký đồng ký của điểm kiểm ${size}`, `storing the cosignatures of checkpoint ${size}`, error);
    }
    return kept.map((k) => k.witness);
  }

  /** The configured witnesses' cosignature lines for the checkpoint of `size`, in a fixed order. */
  async linesFor(size: number): Promise<string[]> {
    if (this.witnesses.length === 0) return [];
    const rows = await this.db.query<{ line: string }>(
      'select line from tlog_cosignature where tree_size = $1 and witness = any($2) order by witness',
      [size, this.names()],
    );
    return rows.map((r) => r.line);
  }

  /** The largest size cosigned by at least `count` configured witnesses, or null. */
  async largestCosigned(count: number): Promise<number | null> {
    if (this.witnesses.length === 0) return null;
    const rows = await this.db.query<{ tree_size: unknown }>(
      'select tree_size from tlog_cosignature where witness = any($1) group by tree_size having count(*) >= $2 order by tree_size desc limit 1',
      [this.names(), count],
    );
    return rows.length === 0 ? null : toNumber(rows[0]!.tree_size);
  }

  private names(): string[] {
    return this.witnesses.map((w) => w.name);
  }
}

/** The log's signed note with the cosignature lines appended (C2SP: a cosigned checkpoint is one note). */
export function withCosignatures(note: string, lines: readonly string[]): string {
  return note + lines.join('');
}
