// Node only: one round of an institutional witness (the provincial inspectorate, the data centre)
// following the province's transparency log, as C2SP tlog-witness asks of a witness: check the
// log's signature, demand a consistency proof from the checkpoint it last accepted, keep the new one
// durably, and only then cosign it (C2SP tlog-cosignature). Here the witness polls the service and
// posts its cosignature back, rather than waiting for the log to call it (the service needs no
// address of its witnesses, and a witness behind a firewall still works).
import { CheckpointWitness, type Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import { ed25519NoteVerifier, parseNote, parseVerifierKey, signNote } from '../../ledger/tlog/signed-note.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { consistencyProof, describeCheckpoint, signedCheckpoint } from '../../server/protocol/log-witness.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { replaceFile } from '../output-file.ts';
import type { Say } from '../sync/log-witness.ts';
import { readWitnessState, serialised, writeWitnessState, type WitnessState } from './witness-state.ts';

export interface WitnessSetup {
  server: string;
  /** The log's vkey, as the province publishes it. */
  logKey: string;
  /** The witness's key name (its identity in cosignature lines) and signer. */
  name: string;
  signer: Signer;
  /** The state file; evidence goes beside it. */
  stateFile: string;
  say: Say;
  now?: () => Date;
}

export type RoundOutcome = { cosigned: number; fresh: boolean } | { cosigned: null };

export const witnessEvidenceFile = (stateFile: string, detectedAt: string): string => `${stateFile}.evidence-${detectedAt.replace(/[:.]/g, '-')}.json`;

/**
 * One round: the log's latest checkpoint, checked against the one kept; accepted, kept, cosigned and
 * posted back; refused with the evidence written beside the state file and an alarm (exit 1). The
 * latest cosigned checkpoint is posted at every round, so a restarted service has it back.
 */
export function witnessRound(setup: WitnessSetup): Promise<RoundOutcome> {
  return serialised(setup.stateFile, () => round(setup));
}

async function round(setup: WitnessSetup): Promise<RoundOutcome> {
  const now = setup.now ?? (() => new Date());
  const client = new ServiceClient(setup.server, setup.signer);
  let state = (await readWitnessState(setup.stateFile)) ?? { logKey: setup.logKey, checkpoint: null, cosigned: null };
  if (state.logKey !== setup.logKey) {
    throw new CliError(
      `Tệp trạng thái ${setup.stateFile} theo dõi nhật ký có khóa ${state.logKey}, không phải ${setup.logKey}: một nhân chứng không đổi nhật ký nó theo dõi; dùng tệp trạng thái khác.`,
      `The state file ${setup.stateFile} follows the log with key ${state.logKey}, not ${setup.logKey}: a witness never changes the log it follows; use another state file.`,
      EXIT_FAILED,
    );
  }
  const key = parseVerifierKey(setup.logKey);
  const witness = new CheckpointWitness(key.name, ed25519NoteVerifier(key.name, key.publicKey), state.checkpoint, now);
  let signed: string;
  try {
    signed = await signedCheckpoint(client);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) {
      setup.say(`Nhật ký của ${client.base} chưa có điểm kiểm nào. / The log at ${client.base} has no checkpoint yet.\n`);
      return { cosigned: null };
    }
    throw error;
  }
  const observed = await witness.observe(signed, (from, to) => consistencyProof(client, from, to));
  if (!observed.accepted) await alarm(setup, client.base, observed.evidence);
  const text = parseNote(witness.remembered!).text;
  const already = state.cosigned !== null && parseNote(state.cosigned).text === text;
  if (!already) {
    // Kept before cosigning: whatever happens next, this witness never cosigns a checkpoint that does
    // not extend this one.
    state = { ...state, checkpoint: witness.remembered };
    await writeWitnessState(setup.stateFile, state);
    const cosigner = ed25519Cosigner(setup.name, setup.signer, () => Math.floor(now().getTime() / 1000));
    state = { ...state, cosigned: await signNote(text, [cosigner]) };
    await writeWitnessState(setup.stateFile, state);
  }
  await post(client, state.cosigned!, setup.say);
  return { cosigned: parseCheckpoint(text).size, fresh: !already };
}

/** Posts the cosigned checkpoint; a service that refuses it (not configured with this witness) is said, not fatal. */
async function post(client: ServiceClient, cosigned: string, say: Say): Promise<void> {
  try {
    const response = await fetch(`${client.base}/log/cosignature`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: cosigned });
    if (response.ok) return;
    const body = (await response.json().catch(() => null)) as { error?: { vi?: string; en?: string } } | null;
    say(
      `Dịch vụ không nhận chữ ký đồng ký (HTTP ${response.status}): ${body?.error?.vi ?? ''} Hãy đưa khóa đồng ký của nhân chứng cho dịch vụ (cchc serve --witness).\n` +
        `The service did not take the cosignature (HTTP ${response.status}): ${body?.error?.en ?? ''} Give the service this witness's cosignature key (cchc serve --witness).\n`,
    );
  } catch (error) {
    say(`Không gửi được chữ ký đồng ký: ${(error as Error).message} / Could not post the cosignature: ${(error as Error).message}\n`);
  }
}

async function alarm(setup: WitnessSetup, server: string, evidence: Evidence): Promise<never> {
  const file = witnessEvidenceFile(setup.stateFile, evidence.detectedAt);
  await replaceFile(file, Buffer.from(`${JSON.stringify({ server, witness: setup.name, ...evidence }, null, 2)}\n`));
  const [previous, offered] = [describeCheckpoint(evidence.previous), describeCheckpoint(evidence.offered)];
  throw new CliError(
    `CẢNH BÁO: nhân chứng ${setup.name} từ chối đồng ký điểm kiểm của ${server}: ${evidence.messageVi}\n` +
      `  Điểm kiểm đã đồng ký: ${previous}\n  Điểm kiểm vừa nhận:   ${offered}\n` +
      `Trạng thái nhân chứng giữ nguyên. Bằng chứng (hai điểm kiểm đã ký, bằng chứng mật mã, lý do) lưu ở ${file}: hãy gửi cho cơ quan thanh tra.`,
    `ALARM: witness ${setup.name} refuses to cosign the checkpoint of ${server}: ${evidence.messageEn}\n` +
      `  Checkpoint cosigned before: ${previous}\n  Checkpoint just received:   ${offered}\n` +
      `The witness's state is unchanged. The evidence (both signed checkpoints, the proof, the reason) is in ${file}: hand it to an inspector.`,
    EXIT_FAILED,
  );
}
