import type { Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { parseNote } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { finalityOf, trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { consistencyWithHeld, signedCheckpoint, type Witnessed } from './log-witness.ts';
import { ServiceError, type ServiceClient } from './service-client.ts';

export type FinalityAnswer =
  /** Said to the person either way, in both languages; `cosigners` names the trusted witnesses who cosigned. */
  | { kind: 'final' | 'not-final'; vi: string; en: string; cosigners: string[] }
  /** A checkpoint the witnesses cosigned is not consistent with the one the client accepted. */
  | { kind: 'alarm'; evidence: Evidence };

/**
 * Whether what a client holds is final (the part the command line and the add-in share): its head
 * event `seq` is in a checkpoint cosigned by k (`needed`, default all) of the n `witnesses` it trusts
 * (their cosignature vkeys, as SyncState keeps them), and that checkpoint is consistent with the one
 * the client accepted (`accepted`, whichever is larger). Witnesses that cannot be read throw TlogError.
 */
export async function checkFinality(
  client: ServiceClient,
  witnesses: readonly string[],
  needed: number | undefined,
  accepted: Extract<Witnessed, { kind: 'accepted' }>,
  seq: number,
): Promise<FinalityAnswer> {
  const trusted = trustedWitnesses(witnesses, needed ?? witnesses.length);
  const k = trusted.threshold;
  const n = trusted.verifiers.length;
  const notFinal = (why: string, whyEn: string, cosigners: string[] = []): FinalityAnswer => ({
    kind: 'not-final',
    vi: `Chưa chung cuộc: ghi nhận số ${seq} chưa nằm trong điểm kiểm được ${k}/${n} nhân chứng tin cậy đồng ký (${why}).`,
    en: `Not final yet: event ${seq} is not in a checkpoint cosigned by ${k} of the ${n} trusted witnesses (${whyEn}).`,
    cosigners,
  });
  let cosigned: string;
  try {
    cosigned = await signedCheckpoint(client, { min: k });
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return notFinal('dịch vụ chưa có điểm kiểm như vậy', 'the service has no such checkpoint yet');
    throw error;
  }
  let cosigners: string[];
  try {
    const finality = finalityOf(cosigned, accepted.witness.logKeyVerifier, trusted);
    cosigners = finality.cosigners.map((c) => c.name);
    if (!finality.final) return notFinal(`chỉ ${cosigners.length} nhân chứng tin cậy đã đồng ký`, `only ${cosigners.length} trusted witnesses cosigned`, cosigners);
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    return notFinal(error.messageVi, error.messageEn);
  }
  const size = parseCheckpoint(parseNote(cosigned).text).size;
  const evidence = await consistencyWithHeld(client, accepted.memory.logKey, accepted.memory.checkpoint, cosigned);
  if (evidence) return { kind: 'alarm', evidence };
  if (accepted.headIndex === null || accepted.headIndex >= size) return notFinal(`điểm kiểm đồng ký mới nhất có ${size} mục`, `the latest cosigned checkpoint has ${size} leaves`, cosigners);
  return {
    kind: 'final',
    vi: `Chung cuộc: ghi nhận số ${seq} nằm trong điểm kiểm ${size} mục được ${cosigners.length}/${n} nhân chứng tin cậy đồng ký (${cosigners.join(', ')}; cần ${k}).`,
    en: `Final: event ${seq} is in the checkpoint of ${size} leaves cosigned by ${cosigners.length} of the ${n} trusted witnesses (${cosigners.join(', ')}; ${k} needed).`,
    cosigners,
  };
}
