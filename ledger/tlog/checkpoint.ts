import { HASH_SIZE, type Hash } from './merkle-hash.ts';
import { fromBase64, toBase64 } from './base64.ts';
import { openNote, signNote, type NoteSigner, type NoteVerifier, type OpenedNote } from './signed-note.ts';
import { TlogError } from './tlog-error.ts';

/** A log's tree head (c2sp.org/tlog-checkpoint): who (origin), how many leaves, and their root hash. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  /** Opaque extension lines (not recommended by the spec; this log writes none). */
  extensions: string[];
}

const malformed = (why: string) => new TlogError('malformed-checkpoint', `Điểm kiểm (checkpoint) không đúng định dạng: ${why}.`, `Not a well-formed checkpoint: ${why}.`);

/** The note text of a checkpoint: origin, decimal size, base64 root, then any extension lines. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const lines = [checkpoint.origin, String(checkpoint.size), toBase64(checkpoint.root), ...checkpoint.extensions];
  if (lines.some((line) => line === '' || line.includes('\n'))) throw malformed('có dòng rỗng hoặc chứa xuống dòng / a line is empty or holds a newline');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0 || checkpoint.root.length !== HASH_SIZE) throw malformed('kích thước hoặc gốc sai / bad size or root');
  return `${lines.join('\n')}\n`;
}

/** Reads a checkpoint's note text, refusing anything the spec does not allow (leading zeros, a short hash, empty lines). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('không kết thúc bằng xuống dòng / it does not end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((line) => line === '')) throw malformed('cần ít nhất ba dòng không rỗng / it needs at least three non-empty lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) throw malformed(`kích thước "${sizeLine}" / size "${sizeLine}"`);
  const root = fromBase64(rootLine);
  if (!root || root.length !== HASH_SIZE) throw malformed(`băm gốc "${rootLine}" / root hash "${rootLine}"`);
  return { origin, size: Number(sizeLine), root, extensions };
}

/** A checkpoint signed as a note by the log's key (and any cosigners given). */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers);
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  note: OpenedNote;
  /** The signed note exactly as received: evidence keeps this. */
  signed: string;
}

/**
 * A signed checkpoint of the log `origin`, verified by its log key: the note's signature by that
 * key must verify (other signatures, a witness's, are checked by whoever trusts those keys).
 */
export function openCheckpoint(signed: string, origin: string, logKey: NoteVerifier): OpenedCheckpoint {
  const note = openNote(signed, [logKey]);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== origin) {
    throw new TlogError('wrong-origin', `Điểm kiểm của nhật ký "${checkpoint.origin}", không phải "${origin}".`, `A checkpoint of log "${checkpoint.origin}", not "${origin}".`);
  }
  return { checkpoint, note, signed };
}
