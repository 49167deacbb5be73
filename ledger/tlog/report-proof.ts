import * as z from 'zod';
import { LedgerEvent } from '../events.ts';
import { proofHashes } from './base64.ts';
import { openCheckpoint, type OpenedCheckpoint } from './checkpoint.ts';
import { logLeafHash, type LogLeaf } from './log-leaf.ts';
import { ed25519NoteVerifier, parseVerifierKey } from './signed-note.ts';
import { TlogError } from './tlog-error.ts';
import { finalityOf, type Finality, type TrustedWitnesses } from './trusted-witnesses.ts';
import { verifyInclusion } from './verify-proof.ts';

/**
 * What travels beside an issued report (`<report>.log-proof.json`): the province log's checkpoint
 * (with its witnesses' cosignatures) and the inclusion proof of the report's own `report.issued`
 * event in it. It cannot be inside the bytes the event's SHA-256 covers (the event names that hash,
 * and the proof names the event), so it is a file of its own; every part of it is checked by
 * signatures and hashes, not trusted for being there.
 */
export const ReportProof = z.strictObject({
  format: z.literal('cchc-report-proof/v1'),
  /** The report file it was made for (name as issued, SHA-256 of every byte). */
  report: z.strictObject({ name: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The log's vkey, as the clone that made the proof held it. A verifier should give its own. */
  logKey: z.string().min(1),
  /** The checkpoint, as signed, with whatever cosignatures it carried. */
  checkpoint: z.string().min(1),
  /** The witnesses the maker trusted, and how many it needed (informative: a verifier gives its own). */
  witnesses: z.array(z.string()).optional(),
  witnessesNeeded: z.number().int().positive().optional(),
  /** The `report.issued` event as stored (plan, seq, line) and its leaf index in the log. */
  leaf: z.strictObject({ planId: z.string().min(1), seq: z.number().int().positive(), line: z.string().min(1) }),
  index: z.number().int().nonnegative(),
  proof: z.array(z.string()),
  /**
   * A consolidated report's sources: the head of every plan it counted (plan, seq, the event's
   * hash) and its inclusion proof in the same checkpoint. Each leaf is the event's stored line,
   * which the exported ledger holds: checked with it (checkReportSources).
   */
  sources: z
    .array(
      z.strictObject({
        planId: z.string().min(1),
        seq: z.number().int().positive(),
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        index: z.number().int().nonnegative(),
        proof: z.array(z.string()),
      }),
    )
    .optional(),
});
export type ReportProof = z.infer<typeof ReportProof>;

export const reportProofFile = (report: string): string => `${report}.log-proof.json`;

export interface ReportProofCheck {
  checkpoint: OpenedCheckpoint;
  event: LedgerEvent & { type: 'report.issued' };
  /** Which of the event's two files this is. */
  which: 'workbook' | 'document';
  finality: Finality | null;
}

const refused = (vi: string, en: string) => new TlogError('not-included', vi, en);

/**
 * Checks, offline, a report's bytes (by their SHA-256) against its proof: the event is a
 * `report.issued` naming exactly this hash, it is leaf `index` of the checkpoint by the proof, the
 * checkpoint is signed by `logKey`, and (when witnesses are given) who cosigned it. Throws TlogError.
 */
export function checkReportProof(sha256: string, proof: ReportProof, logKey: string, witnesses: TrustedWitnesses | null): ReportProofCheck {
  const key = parseVerifierKey(logKey);
  const verifier = ed25519NoteVerifier(key.name, key.publicKey);
  const checkpoint = openCheckpoint(proof.checkpoint, key.name, verifier);
  let event: LedgerEvent;
  try {
    event = LedgerEvent.parse(JSON.parse(proof.leaf.line));
  } catch {
    throw refused('Dòng ghi nhận trong tệp bằng chứng không phải ghi nhận hợp lệ của sổ.', 'The event line in the proof file is not a valid ledger event.');
  }
  if (event.type !== 'report.issued' || event.seq !== proof.leaf.seq) {
    throw refused(`Ghi nhận trong tệp bằng chứng là ${event.type} số ${event.seq}, không phải report.issued số ${proof.leaf.seq}.`, `The event in the proof file is ${event.type} seq ${event.seq}, not report.issued seq ${proof.leaf.seq}.`);
  }
  const which = event.data.file.sha256 === sha256 ? 'workbook' : event.data.document?.sha256 === sha256 ? 'document' : null;
  if (!which) {
    throw refused(
      `SHA-256 của tệp (${sha256}) không phải của báo cáo mà ghi nhận phát hành (${event.data.file.sha256}${event.data.document ? `, ${event.data.document.sha256}` : ''}): tệp đã bị sửa, hoặc bằng chứng của báo cáo khác.`,
      `The file's SHA-256 (${sha256}) is not the one the issuing event names (${event.data.file.sha256}${event.data.document ? `, ${event.data.document.sha256}` : ''}): the file was changed, or the proof is another report's.`,
    );
  }
  const hashes = proofHashes(proof.proof);
  const leaf: LogLeaf = proof.leaf;
  if (!verifyInclusion(proof.index, checkpoint.checkpoint.size, logLeafHash(leaf), hashes, checkpoint.checkpoint.root)) {
    throw refused(
      `Bằng chứng không chứng minh ghi nhận phát hành (kế hoạch ${leaf.planId}, số ${leaf.seq}) nằm ở vị trí ${proof.index + 1} của điểm kiểm ${checkpoint.checkpoint.size} mục.`,
      `The proof does not prove the issuing event (plan ${leaf.planId}, seq ${leaf.seq}) at position ${proof.index + 1} of the checkpoint of ${checkpoint.checkpoint.size} leaves.`,
    );
  }
  const finality = witnesses ? finalityOf(proof.checkpoint, verifier, witnesses) : null;
  return { checkpoint, event: event as ReportProofCheck['event'], which, finality };
}

/**
 * A consolidated report's sources against its checkpoint (already opened by checkReportProof): each
 * counted head, as the exported ledger holds it (`lineOf` gives the stored line of a plan's event,
 * or undefined when that ledger is not given), must be the event the proof names (its hash) and
 * its leaf in the checkpoint's tree. Returns how many were checked; throws TlogError at the first
 * that is not.
 */
export function checkReportSources(proof: ReportProof, checkpoint: OpenedCheckpoint, lineOf: (planId: string, seq: number) => string | undefined): number {
  let checked = 0;
  for (const source of proof.sources ?? []) {
    const line = lineOf(source.planId, source.seq);
    if (line === undefined) {
      throw refused(
        `Không có sổ của kế hoạch ${source.planId} (hoặc sổ không có ghi nhận số ${source.seq}) để kiểm tra nguồn số liệu của báo cáo.`,
        `There is no ledger of plan ${source.planId} (or it has no event ${source.seq}) to check the report's source against.`,
      );
    }
    const { hash } = JSON.parse(line) as { hash?: unknown };
    const hashes = proofHashes(source.proof);
    const { size, root } = checkpoint.checkpoint;
    if (hash !== source.hash || !verifyInclusion(source.index, size, logLeafHash({ planId: source.planId, seq: source.seq, line }), hashes, root)) {
      throw refused(
        `Ghi nhận số ${source.seq} của kế hoạch ${source.planId} trong sổ đã xuất không phải ghi nhận ở vị trí ${source.index + 1} của điểm kiểm ${size} mục mà báo cáo dẫn: sổ đã bị sửa, hoặc không phải sổ báo cáo đã tính.`,
        `Event ${source.seq} of plan ${source.planId} in the exported ledger is not the one at position ${source.index + 1} of the checkpoint of ${size} leaves the report cites: the ledger was changed, or it is not the one the report counted.`,
      );
    }
    checked++;
  }
  return checked;
}
