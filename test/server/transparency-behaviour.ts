import { hexToBytes } from '@noble/hashes/utils.js';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { fromBase64 } from '../../ledger/tlog/base64.ts';
import { openCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { CheckpointWitness } from '../../ledger/tlog/checkpoint-witness.ts';
import { logLeafHash, type LogLeaf } from '../../ledger/tlog/log-leaf.ts';
import { rangeNodes, treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import { ed25519NoteVerifier, formatVerifierKey, parseNote, parseVerifierKey, SIGNATURE_TYPE, signatureLine } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { verifyConsistency, verifyInclusion } from '../../ledger/tlog/verify-proof.ts';
import type { Database } from '../../server/db/database.ts';
import { readProvinceLog } from '../../server/province-log.ts';
import { signNewCheckpoint, type LogKey, type StoredCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { consistencyAnswer, inclusionAnswer } from '../../server/transparency/log-proofs.ts';
import { transparencyPlugin } from '../../server/transparency/transparency-plugin.ts';
import { createPlan } from './support/plan-fixture.ts';

export const ORIGIN = 'cchc.example/tinh-01/log';
export const logKey: LogKey = { origin: ORIGIN, signer: signerOfSeed(hexToBytes(sha256Hex('cchc test: province log key'))) };
export const verifier = ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey));

/** Appends `count` events to a plan's chain as the database demands (seq, prev), with plain lines: the log does not read them. */
export async function appendEvents(db: Database, planId: string, count: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [head] = await tx.query<{ head_seq: number; head_hash: string }>('select head_seq, head_hash from plan where id = $1', [planId]);
    let { head_seq: seq, head_hash: prev } = head!;
    for (let i = 0; i < count; i++) {
      seq++;
      const line = JSON.stringify({ plan: planId, seq, note: `sự kiện ${seq}` });
      const hash = sha256Hex(line);
      await tx.query('insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line) values ($1, $2, $3, $4, $5, $6)', [planId, seq, `e-${seq}`, prev, hash, line]);
      prev = hash;
    }
  });
}

/** The whole province-wide log, read as any consumer reads it. */
async function allLeaves(db: Database): Promise<LogLeaf[]> {
  const leaves: LogLeaf[] = [];
  for (let page = await readProvinceLog(db, 0); page.entries.length > 0; page = await readProvinceLog(db, leaves.length)) leaves.push(...page.entries.map(({ planId, seq, line }) => ({ planId, seq, line })));
  return leaves;
}

async function appOf(db: Database, checkpointIntervalMs = 0) {
  const app = Fastify();
  await app.register(transparencyPlugin, { db, logKey, checkpointIntervalMs });
  await app.ready();
  return app;
}

/** The transparency log over one driver; `openDatabase` gives a fresh, migrated database. */
export function describeTransparencyLog(name: string, openDatabase: () => Promise<Database>): void {
  describe(`the transparency log on ${name}`, () => {
    let db: Database;
    const signed: StoredCheckpoint[] = [];
    const sign = async (maxLeaves?: number) => {
      const checkpoint = await signNewCheckpoint(db, logKey, maxLeaves === undefined ? {} : { maxLeaves });
      if (checkpoint) signed.push(checkpoint);
      return checkpoint;
    };

    it('signs the empty log once, then a checkpoint only when events arrive', async () => {
      db = await openDatabase();
      expect((await sign())?.size).toBe(0);
      expect(await sign()).toBeNull();
      await createPlan(db, 'plan-a');
      await createPlan(db, 'plan-b');
      await appendEvents(db, 'plan-a', 10);
      await appendEvents(db, 'plan-b', 7);
      expect((await sign())?.size).toBe(17);
      expect(await sign()).toBeNull();
      expect((await sign(5))).toBeNull(); // nothing new: the limit changes nothing
      await appendEvents(db, 'plan-a', 9);
      expect((await sign(5))?.size).toBe(22); // at most 5 new leaves a round; the rest next round
      expect((await sign(5))?.size).toBe(26);
    });

    it('each checkpoint is a C2SP checkpoint signed by the log key, whose root is the tree of the province-wide log', async () => {
      const leaves = await allLeaves(db);
      const tree = new MemoryTree();
      for (const leaf of leaves) tree.append(logLeafHash(leaf));
      for (const checkpoint of signed) {
        const opened = openCheckpoint(checkpoint.note, ORIGIN, verifier);
        expect(opened.checkpoint.size).toBe(checkpoint.size);
        expect(opened.checkpoint.root).toEqual(await treeHead(checkpoint.size, tree.source));
      }
    });

    it('every inclusion proof and every consistency proof from the database verifies', async () => {
      for (const [planId, count] of [['plan-b', 30], ['plan-a', 1], ['plan-b', 64]] as const) {
        await appendEvents(db, planId, count);
        await sign();
      }
      const sizes = signed.map((c) => c.size);
      expect(sizes).toEqual([0, 17, 22, 26, 56, 57, 121]);
      const leaves = await allLeaves(db);
      const last = signed.at(-1)!;
      for (let index = 0; index < last.size; index++) {
        const answer = await inclusionAnswer(db, index, last.size);
        expect(answer.leaf).toEqual(leaves[index]);
        expect(verifyInclusion(index, last.size, logLeafHash(leaves[index]!), answer.proof, last.root), `leaf ${index}`).toBe(true);
      }
      let pairs = 0;
      for (const older of signed) {
        for (const newer of signed.filter((c) => c.size >= older.size)) {
          expect(verifyConsistency(older.size, newer.size, older.root, newer.root, await consistencyAnswer(db, older.size, newer.size))).toBe(true);
          pairs++;
        }
      }
      expect(pairs).toBe((7 * 8) / 2);
    });

    it('the plugin serves the key, checkpoints and proofs; a client following it accepts each new checkpoint and finds its events', async () => {
      const app = await appOf(db);
      try {
        const vkey = parseVerifierKey((await app.inject('/log/key')).body.trim());
        const client = new CheckpointWitness(ORIGIN, ed25519NoteVerifier(vkey.name, vkey.publicKey));
        const fetchProof = async (from: number, to: number) =>
          ((await app.inject(`/log/proof/consistency?from=${from}&to=${to}`)).json() as { proof: string[] }).proof.map((h) => fromBase64(h)!);
        const checkpointNow = async () => (await app.inject('/log/checkpoint')).body;
        expect((await client.observe(await checkpointNow(), fetchProof)).accepted).toBe(true);
        await appendEvents(db, 'plan-a', 3);
        await sign();
        expect((await client.observe(await checkpointNow(), fetchProof)).accepted).toBe(true);
        expect(client.latest!.checkpoint.size).toBe(124);
        // The client's own copy of plan-a's event 5 is in the log, where the log says.
        const mine = (await allLeaves(db)).find((l) => l.planId === 'plan-a' && l.seq === 5)!;
        const answer = (await app.inject('/log/proof/inclusion?plan=plan-a&seq=5')).json() as { index: number; size: number; leaf: LogLeaf; proof: string[] };
        expect(answer.size).toBe(124);
        expect(answer.leaf).toEqual(mine);
        expect(client.checkInclusion(mine, answer.index, answer.proof.map((h) => fromBase64(h)!))).toBeNull();
        // An older signed checkpoint, by its size.
        expect((await app.inject('/log/checkpoint?size=17')).body).toBe(signed[1]!.note);
        // Refusals, each with its status and both languages.
        const refusals = {
          '/log/checkpoint?size=abc': 400,
          '/log/checkpoint?size=18': 404,
          '/log/proof/inclusion?index=0&size=18': 404,
          '/log/proof/inclusion?index=124': 404,
          '/log/proof/inclusion?plan=plan-z&seq=1': 404,
          '/log/proof/inclusion?plan=plan-a': 400,
          '/log/proof/inclusion': 400,
          '/log/proof/consistency?from=57&to=17': 400,
          '/log/proof/consistency?from=-1': 400,
          '/log/entries?start=x': 400,
        };
        for (const [url, status] of Object.entries(refusals)) {
          const response = await app.inject(url);
          expect(response.statusCode, url).toBe(status);
          expect((response.json() as { error: { vi: string; en: string } }).error.vi, url).not.toBe('');
        }
        const entries = (await app.inject('/log/entries?start=120&count=10')).json() as { entries: (LogLeaf & { index: number })[] };
        expect(entries.entries.map((e) => e.index)).toEqual([120, 121, 122, 123]);
      } finally {
        await app.close();
      }
    });

    it('the service signs by itself, every interval, while events arrive', async () => {
      const app = await appOf(db, 50);
      try {
        await appendEvents(db, 'plan-b', 5);
        const deadline = Date.now() + 60_000;
        let size = 0;
        while (size !== 129 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
          size = openCheckpoint((await app.inject('/log/checkpoint')).body, ORIGIN, verifier).checkpoint.size;
        }
        expect(size).toBe(129);
      } finally {
        await app.close();
      }
    });

    it('serves C2SP tlog-tiles: level-0 tiles are the leaf hashes, a level-1 hash the root of a full tile below', async () => {
      await appendEvents(db, 'plan-a', 200);
      expect((await signNewCheckpoint(db, logKey))?.size).toBe(329);
      const leafHashes = (await allLeaves(db)).map(logLeafHash);
      const app = await appOf(db);
      try {
        const tile = async (path: string) => {
          const response = await app.inject(`/log/tile/${path}`);
          return response.statusCode === 200 ? new Uint8Array(response.rawPayload) : response.statusCode;
        };
        const concat = (hashes: Uint8Array[]) => Uint8Array.from(hashes.flatMap((h) => [...h]));
        expect(await tile('0/000')).toEqual(concat(leafHashes.slice(0, 256)));
        expect(await tile('0/001.p/73')).toEqual(concat(leafHashes.slice(256, 329)));
        expect(await tile('0/001.p/72')).toEqual(concat(leafHashes.slice(256, 328))); // an older checkpoint's partial tile
        const fullTile = new MemoryTree();
        for (const h of leafHashes.slice(0, 256)) fullTile.append(h);
        expect(await tile('1/000.p/1')).toEqual(await treeHead(256, fullTile.source));
        expect(await tile('0/001.p/74')).toBe(404); // not signed yet
        expect(await tile('0/001')).toBe(404);
        expect(await tile('1/000')).toBe(404);
        expect(await tile('0/1')).toBe(404); // not a tlog-tiles path
        expect(await tile('entries/000')).toBe(404);
      } finally {
        await app.close();
      }
    });

    it("witnesses' cosignatures are kept in the database: every service process on it serves them, after a restart too", async () => {
      const witness = (n: number) => {
        const name = `witness-${n}.example`;
        const signer = signerOfSeed(hexToBytes(sha256Hex(`cchc test: witness ${n}`)));
        const cosigner = ed25519Cosigner(name, signer, () => 1_790_000_000 + n);
        return { cosigner, vkey: formatVerifierKey(name, SIGNATURE_TYPE.cosignatureV1, hexToBytes(signer.publicKey)) };
      };
      const [one, two, stranger] = [witness(1), witness(2), witness(3)];
      const cosigned = async (note: string, ...by: (typeof one)[]) => {
        const text = parseNote(note).text;
        let posted = note;
        for (const { cosigner } of by) posted += signatureLine(cosigner.name, cosigner.keyId, await cosigner.sign(text));
        return posted;
      };
      const serving = async () => {
        const app = Fastify();
        await app.register(transparencyPlugin, { db, logKey, checkpointIntervalMs: 0, witnesses: [one.vkey, two.vkey] });
        await app.ready();
        return app;
      };
      const latest = signed.at(-1)!;
      const first = await serving();
      const second = await serving();
      try {
        const post = (note: string) => first.inject({ method: 'POST', url: '/log/cosignature', headers: { 'content-type': 'text/plain' }, payload: note });
        expect((await post(await cosigned(latest.note, stranger))).statusCode).toBe(403);
        expect((await post(await cosigned(latest.note, one))).json()).toEqual({ size: latest.size, witnesses: [one.cosigner.name] });
        expect((await second.inject(`/log/checkpoint/witnessed?min=2`)).statusCode).toBe(404);
        expect((await post(await cosigned(latest.note, two, stranger))).json()).toEqual({ size: latest.size, witnesses: [two.cosigner.name] });

        // Served by the other process, and by a service started afresh on the same database.
        await second.close();
        const restarted = await serving();
        try {
          for (const app of [first, restarted]) {
            const served = parseNote((await app.inject(`/log/checkpoint/witnessed?min=2`)).body);
            expect(served.text).toBe(parseNote(latest.note).text);
            expect(served.signatures.map((s) => s.name)).toEqual([ORIGIN, one.cosigner.name, two.cosigner.name]);
            expect(parseNote((await app.inject(`/log/checkpoint?size=${latest.size}`)).body).signatures).toHaveLength(3);
          }
        } finally {
          await restarted.close();
        }
        const kept = await db.query<{ witness: string }>('select witness from tlog_cosignature order by witness');
        expect(kept.map((r) => r.witness)).toEqual([one.cosigner.name, two.cosigner.name]);
        await expect(db.query('delete from tlog_cosignature')).rejects.toThrow(/append-only/);
      } finally {
        await Promise.allSettled([first.close(), second.close()]);
      }
    });

    it('an operator who alters the database after a checkpoint is found out, and the log refuses to sign over it', async () => {
      const tallies: Record<string, boolean> = {};
      const auditor = new CheckpointWitness(ORIGIN, verifier);
      const app = await appOf(db);
      const served = async () => ((await app.inject('/log/entries?start=0&count=1000')).json() as { entries: LogLeaf[] }).entries;
      try {
        expect((await auditor.observe((await app.inject('/log/checkpoint')).body, async () => [])).accepted).toBe(true);
        expect(await auditor.checkLeaves(await served())).toBeNull(); // the control: nothing altered yet
        await db.exec('alter table plan_event disable trigger user');
        const size = auditor.latest!.checkpoint.size;
        const root = auditor.latest!.checkpoint.root;
        const servedLeafProven = async (index: number) => {
          const answer = (await app.inject(`/log/proof/inclusion?index=${index}`)).json() as { leaf: LogLeaf; proof: string[] };
          return verifyInclusion(index, size, logLeafHash(answer.leaf), answer.proof.map((h) => fromBase64(h)!), root);
        };

        await db.query(`update plan_event set line = replace(line, 'sự kiện', 'đã sửa') where position = 10`);
        tallies['event changed (auditor)'] = (await auditor.checkLeaves(await served()))?.code === 'wrong-leaves';
        tallies['event changed (client asking its inclusion)'] = !(await servedLeafProven(9));
        await db.query(`update plan_event set line = replace(line, 'đã sửa', 'sự kiện') where position = 10`);
        expect(await auditor.checkLeaves(await served())).toBeNull();

        await db.query('update plan_event set position = -1 where position = 20');
        await db.query('update plan_event set position = 20 where position = 21');
        await db.query('update plan_event set position = 21 where position = -1');
        tallies['events reordered (auditor)'] = (await auditor.checkLeaves(await served()))?.code === 'wrong-leaves';
        tallies['events reordered (client asking its inclusion)'] = !(await servedLeafProven(19));

        await db.query('delete from plan_event where position = 40');
        tallies['event deleted (auditor)'] = (await auditor.checkLeaves(await served()))?.code === 'wrong-leaves';

        // The tree itself rewritten: the signer proves consistency with its last checkpoint first.
        await db.exec('alter table tlog_node disable trigger user');
        const [edge] = rangeNodes(0, size);
        await db.query(`update tlog_node set hash = sha256(hash) where level = $1 and idx = $2`, [edge!.level, edge!.index]);
        await db.exec('alter table plan_event enable trigger user');
        await appendEvents(db, 'plan-a', 2);
        const refusal = await signNewCheckpoint(db, logKey).then(() => null, (error: unknown) => error);
        tallies['tree rewritten (signer refuses to sign)'] = refusal instanceof TlogError && refusal.code === 'inconsistent';
      } finally {
        await db.exec('alter table tlog_node enable trigger user').catch(() => undefined);
        await db.exec('alter table plan_event enable trigger user').catch(() => undefined);
        await app.close();
      }
      for (const [label, detected] of Object.entries(tallies)) console.log(`hostile operator on ${name}: ${label}: ${detected ? 'detected' : 'MISSED'}`);
      expect(Object.values(tallies)).toEqual(Array(6).fill(true));
      await db.close();
    });
  });
}
