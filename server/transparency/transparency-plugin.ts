import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { parseTilePath } from '../../ledger/tlog/tile-path.ts';
import { isTreeNumber } from '../../ledger/tlog/tree-math.ts';
import type { Database } from '../db/database.ts';
import { checkpointOfSize, latestCheckpoint, logVerifierKey, startCheckpointing, type LogKey } from './checkpoint-signer.ts';
import { CosignatureRelay, withCosignatures } from './cosignature-relay.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { parseNote } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { consistencyAnswer, inclusionAnswer, leafIndexOf, leavesFrom, ProofUnavailable, tileBytes } from './log-proofs.ts';

export interface TransparencyPluginOptions {
  db: Database;
  logKey: LogKey;
  /** How often the service signs a checkpoint while there are new events (default 2 s; 0: never, a test signs itself). */
  checkpointIntervalMs?: number;
  /** A failed signing round (the next one is tried). */
  onCheckpointError?: (error: unknown) => void;
  /** The vkeys (C2SP tlog-cosignature, type 0x04) of the witnesses whose cosignatures the service takes and serves. */
  witnesses?: readonly string[];
}

const MAX_ENTRIES = 1000;
const TEXT = 'text/plain; charset=utf-8';

function refuse(reply: FastifyReply, status: number, code: string, vi: string, en: string) {
  return reply.code(status).send({ error: { code, vi, en } });
}

/** A query parameter that must be a tree size or index; undefined when absent, NaN when not a number. */
function numberParam(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^(0|[1-9][0-9]{0,14})$/.test(value) ? Number(value) : Number.NaN;
}

/**
 * The province's transparency log, public and unauthenticated: anyone may check it.
 *   GET /log/key                          the vkey that verifies its checkpoints (configure it out of band too)
 *   GET /log/checkpoint                   the latest signed checkpoint (C2SP tlog-checkpoint, signed note)
 *   GET /log/checkpoint?size=N            the checkpoint it signed at that size
 *   GET /log/proof/inclusion?index=I[&size=N] or ?plan=P&seq=S[&size=N]
 *                                         the leaf and its inclusion proof in the tree of a signed checkpoint (default: the latest)
 *   GET /log/proof/consistency?from=M[&to=N]  the consistency proof between two signed sizes
 *   GET /log/entries?start=I[&count=K]    the leaves themselves, for auditors
 *   GET /log/tile/<L>/<N>[.p/<W>]         C2SP tlog-tiles Merkle tiles, within the latest signed tree
 *   POST /log/cosignature                 a configured witness posts a checkpoint it cosigned (the note with its line)
 *   GET /log/checkpoint/witnessed?min=K   the largest checkpoint cosigned by at least K witnesses, with their lines
 * Every checkpoint served carries the configured witnesses' cosignature lines kept for it (CosignatureRelay).
 * Hashes are base64, as in checkpoints. No tlog-tiles entry bundles: they frame each entry with a
 * 16-bit length, and an event line (a plan's import) can be longer than 64 KiB.
 */
export const transparencyPlugin: FastifyPluginAsync<TransparencyPluginOptions> = async (app, options) => {
  const { db, logKey } = options;
  const relay = new CosignatureRelay(db, options.witnesses ?? []);
  if ((options.checkpointIntervalMs ?? 2000) > 0) {
    const checkpointing = startCheckpointing(db, logKey, {
      intervalMs: options.checkpointIntervalMs ?? 2000,
      onError: options.onCheckpointError ?? ((error) => app.log.error(error)),
    });
    app.addHook('onClose', () => checkpointing.stop());
  }

  /** The signed size a request names (or the latest), or a refusal sent. */
  async function signedSize(reply: FastifyReply, requested: number | undefined): Promise<number | null> {
    if (Number.isNaN(requested)) {
      await refuse(reply, 400, 'bad-request', 'Kích thước cây phải là số nguyên không âm.', 'The tree size must be a non-negative integer.');
      return null;
    }
    const checkpoint = requested === undefined ? await latestCheckpoint(db) : await checkpointOfSize(db, requested);
    if (!checkpoint) {
      await refuse(reply, 404, 'not-found', `Nhật ký chưa ký điểm kiểm nào${requested === undefined ? '' : ` ở kích thước ${requested}`}.`, `The log has signed no checkpoint${requested === undefined ? '' : ` at size ${requested}`}.`);
      return null;
    }
    return checkpoint.size;
  }

  app.get('/log/key', async (_request, reply) => reply.type(TEXT).send(`${logVerifierKey(logKey)}\n`));

  app.get<{ Querystring: { size?: string } }>('/log/checkpoint', async (request, reply) => {
    const size = numberParam(request.query.size);
    if (Number.isNaN(size)) return refuse(reply, 400, 'bad-request', 'Kích thước cây phải là số nguyên không âm.', 'The tree size must be a non-negative integer.');
    const checkpoint = size === undefined ? await latestCheckpoint(db) : await checkpointOfSize(db, size);
    if (!checkpoint) return refuse(reply, 404, 'not-found', 'Không có điểm kiểm đã ký như vậy.', 'No such signed checkpoint.');
    return reply.type(TEXT).header('x-signed-at', checkpoint.signedAt.toISOString()).send(withCosignatures(checkpoint.note, await relay.linesFor(checkpoint.size)));
  });

  app.get<{ Querystring: { min?: string } }>('/log/checkpoint/witnessed', async (request, reply) => {
    const min = numberParam(request.query.min ?? '1');
    if (!isTreeNumber(min) || min < 1) return refuse(reply, 400, 'bad-request', 'min phải là số nguyên dương.', 'min must be a positive integer.');
    const size = await relay.largestCosigned(min);
    const checkpoint = size === null ? null : await checkpointOfSize(db, size);
    if (!checkpoint) return refuse(reply, 404, 'not-found', `Chưa có điểm kiểm nào được ${min} nhân chứng đồng ký.`, `No checkpoint is cosigned by ${min} witnesses yet.`);
    return reply.type(TEXT).header('x-signed-at', checkpoint.signedAt.toISOString()).send(withCosignatures(checkpoint.note, await relay.linesFor(checkpoint.size)));
  });

  app.post<{ Body: string }>('/log/cosignature', async (request, reply) => {
    if (typeof request.body !== 'string') return refuse(reply, 415, 'bad-request', 'Gửi điểm kiểm đã đồng ký dưới dạng text/plain.', 'Send the cosigned checkpoint as text/plain.');
    try {
      const size = parseCheckpoint(parseNote(request.body).text).size;
      const checkpoint = await checkpointOfSize(db, size);
      if (!checkpoint) return refuse(reply, 404, 'not-found', `Nhật ký chưa ký điểm kiểm ${size} mục.`, `The log has signed no checkpoint of ${size} leaves.`);
      const kept = await relay.accept(request.body, checkpoint.note);
      if (kept.length === 0) return refuse(reply, 403, 'forbidden', 'Không có chữ ký đồng ký nào của nhân chứng mà dịch vụ được cấu hình để nhận.', 'No cosignature by a witness this service is configured to accept.');
      return { size, witnesses: kept };
    } catch (error) {
      if (error instanceof TlogError) return refuse(reply, 400, 'bad-request', error.messageVi, error.messageEn);
      throw error;
    }
  });

  app.get<{ Querystring: { index?: string; plan?: string; seq?: string; size?: string } }>('/log/proof/inclusion', async (request, reply) => {
    const size = await signedSize(reply, numberParam(request.query.size));
    if (size === null) return reply;
    let index = numberParam(request.query.index);
    if (index === undefined && request.query.plan !== undefined) {
      const seq = numberParam(request.query.seq);
      if (seq === undefined || Number.isNaN(seq)) return refuse(reply, 400, 'bad-request', 'Cần số thứ tự (seq) của ghi nhận.', 'The event\'s seq is needed.');
      index = (await leafIndexOf(db, request.query.plan, seq)) ?? undefined;
      if (index === undefined) return refuse(reply, 404, 'not-found', `Kế hoạch ${request.query.plan} không có ghi nhận số ${seq}.`, `Plan ${request.query.plan} has no event ${seq}.`);
    }
    if (!isTreeNumber(index)) return refuse(reply, 400, 'bad-request', 'Cần chỉ số mục (index) hoặc kế hoạch và seq.', 'A leaf index, or a plan and seq, is needed.');
    try {
      const answer = await inclusionAnswer(db, index, size);
      return { index: answer.index, size: answer.size, leaf: answer.leaf, leafHash: toBase64(answer.leafHash), proof: answer.proof.map(toBase64) };
    } catch (error) {
      if (error instanceof ProofUnavailable) return refuse(reply, 404, 'not-found', error.messageVi, error.messageEn);
      throw error;
    }
  });

  app.get<{ Querystring: { from?: string; to?: string } }>('/log/proof/consistency', async (request, reply) => {
    const from = numberParam(request.query.from);
    if (from === undefined || Number.isNaN(from)) return refuse(reply, 400, 'bad-request', 'Cần kích thước cũ (from).', 'The old size (from) is needed.');
    const to = await signedSize(reply, numberParam(request.query.to));
    if (to === null) return reply;
    if (from > to) return refuse(reply, 400, 'bad-request', `Kích thước cũ ${from} lớn hơn kích thước mới ${to}.`, `The old size ${from} is larger than the new size ${to}.`);
    return { from, to, proof: (await consistencyAnswer(db, from, to)).map(toBase64) };
  });

  app.get<{ Params: { '*': string } }>('/log/tile/*', async (request, reply) => {
    const tile = parseTilePath(request.params['*']);
    if (!tile) return refuse(reply, 404, 'not-found', 'Không có ô (tile) như vậy: đường dẫn theo C2SP tlog-tiles là <L>/<N>[.p/<W>].', 'No such tile: C2SP tlog-tiles paths are <L>/<N>[.p/<W>].');
    const bytes = await tileBytes(db, tile, (await latestCheckpoint(db))?.size ?? 0);
    if (!bytes) return refuse(reply, 404, 'not-found', 'Ô (tile) này chưa thuộc cây đã ký.', 'This tile is not part of the signed tree yet.');
    return reply.type('application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(Buffer.from(bytes));
  });

  app.get<{ Querystring: { start?: string; count?: string } }>('/log/entries', async (request, reply) => {
    const start = numberParam(request.query.start ?? '0');
    const count = numberParam(request.query.count ?? String(MAX_ENTRIES));
    if (!isTreeNumber(start) || !isTreeNumber(count)) return refuse(reply, 400, 'bad-request', 'start và count phải là số nguyên không âm.', 'start and count must be non-negative integers.');
    return { entries: await leavesFrom(db, start, Math.min(count, MAX_ENTRIES)) };
  });
};
