// The institutional witness's C2SP tlog-witness `add-checkpoint` endpoint (cchc witness --listen):
// every answer the spec names (200 with the cosignature, 400, 403, 404, 409 with the size held,
// 422), the checkpoint kept before it is cosigned, and two requests racing from one size: one wins.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { witnessService } from '../../cli/witness/add-checkpoint.ts';
import { readWitnessState } from '../../cli/witness/witness-state.ts';
import { sha256Hex } from '#digest';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { parseCheckpoint, signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { cosignedTimes, ed25519CosignatureVerifier } from '../../ledger/tlog/cosignature.ts';
import { leafHash, type Hash } from '../../ledger/tlog/merkle-hash.ts';
import { consistencyProof, treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { ed25519NoteSigner, openNote, parseNote } from '../../ledger/tlog/signed-note.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { logVerifierKey } from '../../server/transparency/checkpoint-signer.ts';
import { startLineChild } from '../support/line-child.ts';
import { logKey, ORIGIN, otherKey } from '../sync/support/logged-province.ts';

const WITNESS = 'thanhtra.example/nhan-chung';
const witnessKey = signerOfSeed(hexToBytes(sha256Hex('cchc test: witness listening')));
const NOW = 1_767_225_600;
const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));

/** A log in memory: its tree of `leaves` leaves (the sixth changed by `salt`), its checkpoints signed by `by`, proofs between sizes. */
function logOf(leaves: number, salt = '') {
  const tree = new MemoryTree();
  for (let i = 0; i < leaves; i++) tree.append(leafHash(new TextEncoder().encode(`leaf ${i}${i === 5 ? salt : ''}`)));
  const part = (size: number) => {
    const sub = new MemoryTree();
    for (let i = 0; i < size; i++) sub.append(tree.node(0, i));
    return sub;
  };
  return {
    checkpoint: async (size: number, by: Signer = logKey.signer, origin = ORIGIN) =>
      signCheckpoint({ origin, size, root: await treeHead(size, part(size).source), extensions: [] }, [ed25519NoteSigner(origin, by)]),
    proof: (from: number, to: number) => consistencyProof(from, to, part(to).source),
  };
}

const body = (old: number, proof: readonly Hash[], checkpoint: string) => `old ${old}\n${proof.map((h) => `${toBase64(h)}\n`).join('')}\n${checkpoint}`;

describe('cchc witness --listen: C2SP tlog-witness add-checkpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-add-checkpoint-'));
  const stateFile = join(dir, 'nhan-chung.json');
  const said: string[] = [];
  let app: Awaited<ReturnType<typeof witnessService>>;
  const log = logOf(32);
  const add = async (text: string) => {
    const response = await app.inject({ method: 'POST', url: '/add-checkpoint', payload: text, headers: { 'content-type': 'text/plain' } });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.body };
  };
  const heldSize = async () => {
    const state = await readWitnessState(stateFile);
    return state?.checkpoint ? parseCheckpoint(parseNote(state.checkpoint).text).size : 0;
  };

  beforeAll(async () => {
    app = await witnessService({ logKey: logVerifierKey(logKey), name: WITNESS, signer: witnessKey, stateFile, say: (text) => said.push(text), now: () => new Date(NOW * 1000) });
  });
  afterAll(() => app.close());

  it('cosigns a first checkpoint (old 0, no proof), kept in the state before the answer, then one that extends it', async () => {
    const first = await log.checkpoint(4);
    const answer = await add(body(0, [], first));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^— thanhtra\.example\/nhan-chung \S+\n$/);
    const cosigner = ed25519CosignatureVerifier(WITNESS, hexToBytes(witnessKey.publicKey));
    const opened = openNote(first + answer.body, [cosigner]);
    expect(cosignedTimes(opened.verified, [cosigner])).toEqual([{ name: WITNESS, time: NOW }]);
    expect((await readWitnessState(stateFile))!.checkpoint).toBe(first);
    expect(await heldSize()).toBe(4);

    const next = await add(body(4, await log.proof(4, 8), await log.checkpoint(8)));
    expect(next.status).toBe(200);
    expect(await heldSize()).toBe(8);
    // The same checkpoint again: the same cosignature, nothing changed.
    const again = await add(body(8, [], await log.checkpoint(8)));
    expect(again).toMatchObject({ status: 200 });
    expect(again.body).toBe(next.body);
    expect(await heldSize()).toBe(8);
  });

  it('409 with the size it holds (text/x.tlog.size) when the old size is not that; 400 for an old size above the checkpoint or a body that is not one', async () => {
    const stale = await add(body(4, await log.proof(4, 12), await log.checkpoint(12)));
    expect(stale).toEqual({ status: 409, type: 'text/x.tlog.size', body: '8\n' });
    const fresh = await add(body(0, [], await log.checkpoint(12)));
    expect(fresh).toMatchObject({ status: 409, body: '8\n' });
    expect((await add(body(13, [], await log.checkpoint(12)))).status).toBe(400);
    expect((await add('hello\n')).status).toBe(400);
    expect((await add(body(8, Array.from({ length: 64 }, () => new Uint8Array(32)), await log.checkpoint(12)))).status).toBe(400);
    expect((await add(`old 08\n\n${await log.checkpoint(12)}`)).status).toBe(400);
    expect(await heldSize()).toBe(8);
  });

  it('404 for a log it does not follow, 403 for a checkpoint its log key did not sign', async () => {
    expect((await add(body(8, await log.proof(8, 12), await log.checkpoint(12, logKey.signer, 'other.example/log')))).status).toBe(404);
    expect((await add(body(8, await log.proof(8, 12), await log.checkpoint(12, otherKey)))).status).toBe(403);
    expect(await heldSize()).toBe(8);
  });

  it('422 when the consistency proof fails, 409 for the same size with another root: nothing cosigned, the evidence kept', async () => {
    const proof = await log.proof(8, 12);
    proof[0] = proof[0]!.map((b, i) => (i === 0 ? b ^ 1 : b));
    const forged = await add(body(8, proof, await log.checkpoint(12)));
    expect(forged.status).toBe(422);
    expect(forged.body).toContain('does not extend');
    const rewritten = logOf(32, ' (rewritten)');
    const split = await add(body(8, [], await rewritten.checkpoint(8)));
    expect(split).toMatchObject({ status: 409, body: '8\n' });
    // A history rewritten below the size held: no proof joins it.
    expect((await add(body(8, await rewritten.proof(8, 16), await rewritten.checkpoint(16)))).status).toBe(422);
    expect(await heldSize()).toBe(8);
    const evidence = readdirSync(dir).filter((f) => f.startsWith('nhan-chung.json.evidence-'));
    expect(evidence.length).toBeGreaterThanOrEqual(1);
    expect(said.join('')).toContain('ALARM: witness thanhtra.example/nhan-chung refused a checkpoint sent to it (add-checkpoint)');
  });

  it('two requests from the same size at once: one is cosigned, the other told the new size (never a rollback)', async () => {
    const [a, b] = await Promise.all([add(body(8, await log.proof(8, 12), await log.checkpoint(12))), add(body(8, await log.proof(8, 16), await log.checkpoint(16)))]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const won = a.status === 200 ? 12 : 16;
    expect(await heldSize()).toBe(won);
    expect((a.status === 409 ? a : b).body).toBe(`${won}\n`);
  });

  it('is what `cchc witness --listen` serves', async () => {
    const state = join(dir, 'cli.json');
    const child = startLineChild([BIN, 'witness', '--listen', '127.0.0.1:0', '--log-key', logVerifierKey(logKey), '--key', join(dir, 'cli.key'), '--name', WITNESS, '--state', state]);
    try {
      await child.printed(2);
      const address = /taking checkpoints at (\S+)\/add-checkpoint/.exec(child.lines.join('\n'))![1]!;
      const response = await fetch(`${address}/add-checkpoint`, { method: 'POST', body: body(0, [], await log.checkpoint(4)) });
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^— thanhtra\.example\/nhan-chung \S+\n$/);
      expect(existsSync(state)).toBe(true);
      expect(JSON.parse(readFileSync(state, 'utf8')).cosigned).toContain('— thanhtra.example/nhan-chung ');
    } finally {
      child.kill();
      await child.exited;
    }
  });
});
