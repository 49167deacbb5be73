import { toBase64 } from './base64.ts';
import { openCheckpoint, type OpenedCheckpoint } from './checkpoint.ts';
import { bytesEqual, type Hash } from './merkle-hash.ts';
import { treeHead } from './merkle-proof.ts';
import { MemoryTree } from './memory-tree.ts';
import { logLeafHash, type LogLeaf } from './log-leaf.ts';
import type { NoteVerifier } from './signed-note.ts';
import { TlogError, type TlogErrorCode } from './tlog-error.ts';
import { verifyConsistency, verifyInclusion } from './verify-proof.ts';

/**
 * What a client or a witness keeps and hands to an inspector when the log misbehaves: both signed
 * checkpoints as received (each verifiable offline with the log's key), the proof that failed, and
 * what was wrong, in both languages.
 */
export interface Evidence {
  code: TlogErrorCode;
  origin: string;
  detectedAt: string;
  /** The last checkpoint accepted before, as signed (null before the first). */
  previous: string | null;
  /** The checkpoint refused, as received. */
  offered: string;
  /** The proof the log gave (base64 hashes), when one was asked for. */
  proof: string[] | null;
  /** For a failed inclusion: the leaf and its claimed index. */
  leaf?: LogLeaf & { index: number };
  messageVi: string;
  messageEn: string;
}

export type Observation = { accepted: true; checkpoint: OpenedCheckpoint } | { accepted: false; evidence: Evidence };

/** Asks the log for the consistency proof between two of its sizes. */
export type ConsistencyFetch = (from: number, to: number) => Promise<Hash[]>;

/**
 * The logic a client or a witness runs on each checkpoint it is shown: the log's signature and
 * origin, never a smaller tree than the last one accepted, never another root at the same size,
 * and a consistency proof from the last accepted checkpoint that verifies. It remembers the last
 * checkpoint accepted (persist `remembered` between runs); a refused one leaves it as it was.
 */
export class CheckpointWitness {
  private last: OpenedCheckpoint | null;

  constructor(
    readonly origin: string,
    readonly logKeyVerifier: NoteVerifier,
    remembered: string | null = null,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.last = remembered === null ? null : openCheckpoint(remembered, origin, logKeyVerifier);
  }

  /** The last accepted checkpoint as signed, for storage. */
  get remembered(): string | null {
    return this.last?.signed ?? null;
  }

  get latest(): OpenedCheckpoint | null {
    return this.last;
  }

  async observe(signed: string, fetchProof: ConsistencyFetch): Promise<Observation> {
    let offered: OpenedCheckpoint;
    try {
      offered = openCheckpoint(signed, this.origin, this.logKeyVerifier);
    } catch (error) {
      if (error instanceof TlogError) return this.refuse(error.code, signed, null, error.messageVi, error.messageEn);
      throw error;
    }
    const previous = this.last;
    if (!previous) return this.accept(offered);
    const [old, now] = [previous.checkpoint, offered.checkpoint];
    if (now.size < old.size) {
      return this.refuse('rollback', signed, null, `Điểm kiểm mới (${now.size} mục) nhỏ hơn điểm kiểm đã thấy (${old.size} mục): nhật ký lùi lại.`, `The new checkpoint (${now.size} leaves) is smaller than the one already seen (${old.size} leaves): the log went back.`);
    }
    const proof = now.size === old.size ? [] : await fetchProof(old.size, now.size);
    if (!verifyConsistency(old.size, now.size, old.root, now.root, proof)) {
      // Same size, other root: no proof is involved, and "does not extend" would read as nonsense.
      if (now.size === old.size) {
        return this.refuse(
          'inconsistent',
          signed,
          proof,
          `Điểm kiểm ${now.size} mục có gốc khác với điểm kiểm cùng cỡ đã thấy: nhật ký đã bị viết lại hoặc rẽ nhánh.`,
          `The checkpoint of ${now.size} leaves has another root than the one of the same size already seen: the log was rewritten or forked.`,
        );
      }
      return this.refuse(
        'inconsistent',
        signed,
        proof,
        `Điểm kiểm ${now.size} mục không nối tiếp điểm kiểm ${old.size} mục đã thấy: nhật ký đã bị viết lại hoặc rẽ nhánh.`,
        `The checkpoint of ${now.size} leaves does not extend the one of ${old.size} leaves already seen: the log was rewritten or forked.`,
      );
    }
    return this.accept(offered);
  }

  /**
   * Whether an event (as the client holds it) is leaf `index` of the last accepted checkpoint's tree,
   * by the proof the log gave; evidence when it is not.
   */
  checkInclusion(leaf: LogLeaf, index: number, proof: readonly Hash[]): Evidence | null {
    const last = this.last;
    if (!last) throw new Error('no checkpoint accepted yet');
    if (verifyInclusion(index, last.checkpoint.size, logLeafHash(leaf), proof, last.checkpoint.root)) return null;
    const evidence = this.evidence(
      'not-included',
      last.signed,
      [...proof],
      `Ghi nhận số ${leaf.seq} của kế hoạch ${leaf.planId} không nằm ở vị trí ${index + 1} của điểm kiểm ${last.checkpoint.size} mục như bản của bạn.`,
      `Event ${leaf.seq} of plan ${leaf.planId}, as you hold it, is not at position ${index + 1} of the checkpoint of ${last.checkpoint.size} leaves.`,
    );
    return { ...evidence, leaf: { ...leaf, index } };
  }

  /**
   * An auditor's check: the entries the log serves, from the first, rebuilt into a tree whose root
   * must be the last accepted checkpoint's; evidence when an event was changed, removed or moved.
   */
  async checkLeaves(leaves: readonly LogLeaf[]): Promise<Evidence | null> {
    const last = this.last;
    if (!last) throw new Error('no checkpoint accepted yet');
    const { size, root } = last.checkpoint;
    const tree = new MemoryTree();
    for (const leaf of leaves.slice(0, size)) tree.append(logLeafHash(leaf));
    if (tree.size === size && bytesEqual(await treeHead(size, tree.source), root)) return null;
    return this.evidence(
      'wrong-leaves',
      last.signed,
      null,
      `Các ghi nhận nhật ký đang cung cấp (${tree.size}) không tạo ra cây của điểm kiểm ${size} mục đã ký: có ghi nhận bị sửa, xóa hoặc đổi chỗ.`,
      `The entries the log serves (${tree.size}) do not make the tree of its signed checkpoint of ${size} leaves: an event was changed, removed or moved.`,
    );
  }

  private accept(checkpoint: OpenedCheckpoint): Observation {
    this.last = checkpoint;
    return { accepted: true, checkpoint };
  }

  private refuse(code: TlogErrorCode, offered: string, proof: readonly Hash[] | null, vi: string, en: string): Observation {
    return { accepted: false, evidence: this.evidence(code, offered, proof && [...proof], vi, en) };
  }

  private evidence(code: TlogErrorCode, offered: string, proof: Hash[] | null, messageVi: string, messageEn: string): Evidence {
    return {
      code,
      origin: this.origin,
      detectedAt: this.clock().toISOString(),
      previous: this.last?.signed ?? null,
      offered,
      proof: proof && proof.map(toBase64),
      messageVi,
      messageEn,
    };
  }
}

