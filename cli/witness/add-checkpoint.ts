// Node only: the C2SP tlog-witness `add-checkpoint` call (https://c2sp.org/tlog-witness), served by
// an institutional witness so that a log (or anyone relaying its checkpoints) can ask it to
// cosign. The same state file as the polling witness (witness-round.ts), and the same rule: the
// checkpoint is kept durably before it is cosigned, so it never cosigns two inconsistent ones.
import Fastify, { type FastifyInstance } from 'fastify';
import { fromBase64 } from '../../ledger/tlog/base64.ts';
import { CheckpointWitness, type Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { openCheckpoint, parseCheckpoint, type Checkpoint } from '../../ledger/tlog/checkpoint.ts';
import { ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import type { Hash } from '../../ledger/tlog/merkle-hash.ts';
import { ed25519NoteVerifier, parseNote, parseVerifierKey, signNote } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { replaceFile } from '../output-file.ts';
import type { WitnessSetup } from './witness-round.ts';
import { witnessEvidenceFile } from './witness-round.ts';
import { readWitnessState, serialised, writeWitnessState } from './witness-state.ts';

/** A witness that is sent checkpoints: what a polling one has but the service's address. */
export type ListeningWitness = Omit<WitnessSetup, 'server'>;

/** What a witness answers: the HTTP status, its content type and body. */
export interface WitnessAnswer {
  status: number;
  type: string;
  body: string;
}

/** The spec's most consistency proof lines in one request. */
const MAX_PROOF_LINES = 63;
const TEXT = 'text/plain; charset=utf-8';
const SIZE = 'text/x.tlog.size';

const answer = (status: number, body: string, type = TEXT): WitnessAnswer => ({ status, type, body: body.endsWith('\n') ? body : `${body}\n` });

/**
 * One add-checkpoint request body (C2SP tlog-witness): "old <size>", up to 63 consistency proof
 * lines (base64 hashes), an empty line, then the signed checkpoint. 404 for a log this witness does
 * not follow, 403 when the log's key did not sign it, 400 for an old size above the checkpoint's
 * (or a body that is not one), 409 with the size this witness holds when the old size is not that,
 * or when a checkpoint of the same size has another root, 422 when the proof does not verify (the
 * evidence kept beside the state file); otherwise 200 with this witness's cosignature line, after
 * the checkpoint was written to the state file. Requests for one state file are taken one at a time.
 */
export async function addCheckpoint(setup: ListeningWitness, body: string): Promise<WitnessAnswer> {
  const request = parseRequest(body);
  if (!request) return answer(400, 'Thân yêu cầu không đúng add-checkpoint (C2SP tlog-witness). / The body is not an add-checkpoint request (C2SP tlog-witness).');
  const key = parseVerifierKey(setup.logKey);
  let offered: Checkpoint;
  try {
    offered = parseCheckpoint(parseNote(request.checkpoint).text);
  } catch (error) {
    if (error instanceof TlogError) return answer(400, `${error.messageVi} / ${error.messageEn}`);
    throw error;
  }
  if (offered.origin !== key.name) return answer(404, `Nhân chứng này không theo dõi nhật ký "${offered.origin}". / This witness does not follow the log "${offered.origin}".`);
  if (request.old > offered.size) return answer(400, `Kích thước cũ ${request.old} lớn hơn điểm kiểm (${offered.size}). / The old size ${request.old} is larger than the checkpoint's (${offered.size}).`);
  const now = setup.now ?? (() => new Date());

  return serialised(setup.stateFile, async () => {
    const state = (await readWitnessState(setup.stateFile)) ?? { logKey: setup.logKey, checkpoint: null, cosigned: null };
    if (state.logKey !== setup.logKey) return answer(404, `Tệp trạng thái theo dõi nhật ký khác (${state.logKey}). / The state file follows another log (${state.logKey}).`);
    const witness = new CheckpointWitness(key.name, ed25519NoteVerifier(key.name, key.publicKey), state.checkpoint, now);
    const held = witness.latest?.checkpoint.size ?? 0;
    try {
      // The log's signature first: nothing else is said about a checkpoint the log did not sign.
      openCheckpoint(request.checkpoint, key.name, witness.logKeyVerifier);
    } catch (error) {
      if (error instanceof TlogError) return answer(403, `${error.messageVi} / ${error.messageEn}`);
      throw error;
    }
    if (request.old !== held) return answer(409, String(held), SIZE);
    if (request.old === 0 && request.proof.length > 0) return answer(400, 'Từ kích thước 0, bằng chứng nhất quán phải rỗng. / From size 0 the consistency proof must be empty.');
    const observed = await witness.observe(request.checkpoint, async (from, to) => (from === request.old && to === offered.size ? request.proof : []));
    if (!observed.accepted) {
      await keepEvidence(setup, observed.evidence);
      // One size with another root is a conflict with what is held; a proof that fails, unprocessable.
      return offered.size === held ? answer(409, String(held), SIZE) : answer(422, `${observed.evidence.messageVi} / ${observed.evidence.messageEn}`);
    }
    const text = parseNote(witness.remembered!).text;
    if (state.cosigned !== null && parseNote(state.cosigned).text === text) return answer(200, ownLines(state.cosigned, setup.name));
    const kept = { ...state, checkpoint: witness.remembered };
    await writeWitnessState(setup.stateFile, kept);
    const cosigned = await signNote(text, [ed25519Cosigner(setup.name, setup.signer, () => Math.floor(now().getTime() / 1000))]);
    await writeWitnessState(setup.stateFile, { ...kept, cosigned });
    return answer(200, ownLines(cosigned, setup.name));
  });
}

/** The request's parts, or null when the body is not an add-checkpoint request. */
function parseRequest(body: string): { old: number; proof: Hash[]; checkpoint: string } | null {
  const blank = body.indexOf('\n\n');
  if (blank < 0) return null;
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(oldLine ?? '');
  if (!old || !Number.isSafeInteger(Number(old[1])) || proofLines.length > MAX_PROOF_LINES) return null;
  const proof: Hash[] = [];
  for (const line of proofLines) {
    const hash = fromBase64(line);
    if (!hash || hash.length !== 32) return null;
    proof.push(hash);
  }
  return { old: Number(old[1]), proof, checkpoint: body.slice(blank + 2) };
}

/** This witness's signature lines of a cosigned note. */
const ownLines = (note: string, name: string): string =>
  parseNote(note)
    .signatures.filter((s) => s.name === name)
    .map((s) => s.line)
    .join('');

async function keepEvidence(setup: ListeningWitness, evidence: Evidence): Promise<void> {
  await replaceFile(witnessEvidenceFile(setup.stateFile, evidence.detectedAt), Buffer.from(`${JSON.stringify({ witness: setup.name, via: 'add-checkpoint', ...evidence }, null, 2)}\n`));
  setup.say(
    `CẢNH BÁO: nhân chứng ${setup.name} từ chối điểm kiểm gửi tới (add-checkpoint): ${evidence.messageVi} Bằng chứng lưu cạnh ${setup.stateFile}.\n` +
      `ALARM: witness ${setup.name} refused a checkpoint sent to it (add-checkpoint): ${evidence.messageEn} The evidence is kept beside ${setup.stateFile}.\n`,
  );
}

/** The witness's HTTP service: `POST <prefix>/add-checkpoint`, any content type, the body read as text. */
export async function witnessService(setup: ListeningWitness, prefix = ''): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 64 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post(`${prefix}/add-checkpoint`, async (request, reply) => {
    const result = await addCheckpoint(setup, typeof request.body === 'string' ? request.body : '');
    return reply.code(result.status).type(result.type).send(result.body);
  });
  return app;
}
