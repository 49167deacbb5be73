// The transparency log at 100,000 leaves by default (README's figures: --leaves 1000000): building
// the tree, inclusion and consistency proofs (their size and the time to verify one), each against
// the floor measured in the same run: the same number of bare SHA-256 calls (no tree bookkeeping, no
// proof logic). With --database URL (a PostgreSQL server; a database is made and dropped), also
// proofs served from the database's tlog_node table holding the same tree, against the floor of one
// query round trip, and the time to sign a checkpoint over 1,000 new events there.
//
//   node --import tsx --expose-gc bench/tlog.ts [--leaves 100000] [--proofs 2000] [--rounds 5] [--database postgres://…]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sha256 } from '@noble/hashes/sha2.js';
import pg from 'pg';
import { logLeafHash } from '../ledger/tlog/log-leaf.ts';
import { nodeHash, type Hash } from '../ledger/tlog/merkle-hash.ts';
import { consistencyProof, inclusionProof, treeHead } from '../ledger/tlog/merkle-proof.ts';
import { MemoryTree } from '../ledger/tlog/memory-tree.ts';
import { verifyConsistency, verifyInclusion } from '../ledger/tlog/verify-proof.ts';
import { openServerDatabase } from '../server/db/pg-database.ts';
import { migrate } from '../server/db/migrate.ts';
import { databaseNodeSource, insertNodes } from '../server/transparency/tlog-nodes.ts';
import { signNewCheckpoint } from '../server/transparency/checkpoint-signer.ts';
import { signerOfSeed } from '../cli/key-file.ts';
import { sha256Hex } from '#digest';
import { alternate, machineLine, median, ratioText, spread, timed } from './paired.ts';

const { values } = parseArgs({
  options: {
    leaves: { type: 'string', default: '100000' },
    proofs: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    database: { type: 'string' },
  },
});
const n = Number(values.leaves);
const proofs = Number(values.proofs);
const rounds = Number(values.rounds);
process.stdout.write(machineLine());

const leafTexts = Array.from({ length: n }, (_, i) => ({ planId: `plan-${i % 500}`, seq: Math.floor(i / 500) + 1, line: `{"i":${i},"type":"item.progress","note":"x"}` }));
const leafHashes: Hash[] = leafTexts.map(logLeafHash);

// Building: the tree's n - 1 node hashes over the n leaf hashes, and the floor of n - 1 bare SHA-256 calls of 65 bytes.
let tree = new MemoryTree();
const build = await alternate(rounds, {
  ours: timed(() => {
    tree = new MemoryTree();
    for (const h of leafHashes) tree.append(h);
  }),
  floor: timed(() => {
    const input = new Uint8Array(65);
    for (let i = 1; i < n; i++) sha256(input);
  }),
});
process.stdout.write(`build a tree of ${n.toLocaleString('en')} leaves (leaf hashes given): ${spread(build.ours)} ms; floor (${(n - 1).toLocaleString('en')} SHA-256): ${spread(build.floor)} ms; ${ratioText(build.ours, build.floor)}\n`);

const root = await treeHead(n, tree.source);
const indexes = Array.from({ length: proofs }, () => randomBytes(4).readUInt32BE() % n);
const oldSizes = indexes.map((i) => Math.max(1, i));
const inclusion = await Promise.all(indexes.map((i) => inclusionProof(i, n, tree.source)));
const consistency = await Promise.all(oldSizes.map((m) => consistencyProof(m, n, tree.source)));
const oldRoots = await Promise.all(oldSizes.map((m) => treeHead(m, tree.source)));
const hashesOf = (ps: Hash[][]) => ps.map((p) => p.length);
process.stdout.write(
  `inclusion proof: ${median(hashesOf(inclusion))} hashes = ${median(hashesOf(inclusion)) * 32} bytes (max ${Math.max(...hashesOf(inclusion))}); ` +
    `consistency proof: median ${median(hashesOf(consistency))} hashes = ${median(hashesOf(consistency)) * 32} bytes (max ${Math.max(...hashesOf(consistency))})\n`,
);

/** The floor of verifying proofs of these lengths: as many bare node hashes, nothing else. */
const bareHashes = (lengths: number[]) => () => {
  let h = root;
  for (const length of lengths) for (let k = 0; k < length; k++) h = nodeHash(h, h);
  return h;
};
const perProof = (ms: number[]) => ms.map((t) => (t * 1000) / proofs);

const verifyInc = await alternate(rounds, {
  ours: timed(() => indexes.forEach((i, k) => verifyInclusion(i, n, leafHashes[i]!, inclusion[k]!, root) || process.exit(1))),
  floor: timed(bareHashes(hashesOf(inclusion))),
});
process.stdout.write(`verify an inclusion proof: ${spread(perProof(verifyInc.ours), 1)} µs; floor (its hashes, bare): ${spread(perProof(verifyInc.floor), 1)} µs; ${ratioText(verifyInc.ours, verifyInc.floor)}\n`);
// Consistency verification hashes twice per element on one branch: the floor counts those too.
const verifyCons = await alternate(rounds, {
  ours: timed(() => oldSizes.forEach((m, k) => verifyConsistency(m, n, oldRoots[k]!, root, consistency[k]!) || process.exit(1))),
  floor: timed(bareHashes(hashesOf(consistency).map((l) => 2 * l))),
});
process.stdout.write(`verify a consistency proof: ${spread(perProof(verifyCons.ours), 1)} µs; floor (2 × its hashes, bare): ${spread(perProof(verifyCons.floor), 1)} µs; ${ratioText(verifyCons.ours, verifyCons.floor)}\n`);

if (values.database) {
  const admin = new pg.Client({ connectionString: values.database });
  await admin.connect();
  const name = `cchc_bench_tlog_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(values.database);
  url.pathname = `/${name}`;
  const db = openServerDatabase(url.toString());
  try {
    await migrate(db);
    const loadStarted = performance.now();
    const nodes: { level: number; index: number; hash: Hash }[] = [];
    for (let level = 0, width = n; width >= 1; level++, width = Math.floor(width / 2)) {
      for (let index = 0; index < width; index++) nodes.push({ level, index, hash: tree.node(level, index) });
    }
    for (let at = 0; at < nodes.length; at += 100_000) await db.transaction((tx) => insertNodes(tx, nodes.slice(at, at + 100_000)));
    await db.query('analyze tlog_node');
    process.stdout.write(`database: ${nodes.length.toLocaleString('en')} node rows loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`);
    const source = databaseNodeSource(db);
    const sample = indexes.slice(0, Math.min(200, proofs));
    const served = await alternate(rounds, {
      ours: timed(async () => {
        for (const i of sample) if (!verifyInclusion(i, n, leafHashes[i]!, await inclusionProof(i, n, source), root)) process.exit(1);
      }),
      floor: timed(async () => {
        for (const _ of sample) await db.query('select 1');
      }),
    });
    const perServed = (ms: number[]) => ms.map((t) => t / sample.length);
    process.stdout.write(`inclusion proof from PostgreSQL (one query) and verified: ${spread(perServed(served.ours), 2)} ms; floor (one "select 1" round trip): ${spread(perServed(served.floor), 2)} ms; ${ratioText(served.ours, served.floor)}\n`);
    // Signing under a growing log: the tree at n leaves (its checkpoint signed), then rounds of
    // 1,000 new events each, signed into a new checkpoint (tree extended, consistency with the
    // last checkpoint proven and verified, note signed, all stored); the floor reads those 1,000
    // events and stores one hash per event, in one transaction, nothing else.
    await db.query(`insert into province (code, name) values ('00', 'Bench') on conflict do nothing`);
    await db.query(`insert into agency (id, province_code, official_name, level) values ('a', '00', 'A', 'department')`);
    await db.query(`insert into plan (id, province_code, owner_agency_id, scope, title, period_from, period_to) values ('p', '00', 'a', 'agency', 'P', '2025-01-01', '2025-12-31')`);
    await db.query('update tlog_tree set size = $1', [n]);
    await db.query('update province_log set last_position = $1', [n]);
    await db.query(`insert into tlog_checkpoint (tree_size, root_hash, note) values ($1, decode($2, 'hex'), 'bench')`, [n, Buffer.from(root).toString('hex')]);
    const key = { origin: 'bench.example/log', signer: signerOfSeed(new Uint8Array(32).fill(7)) };
    let seq = 0;
    let prev = '0'.repeat(64);
    const addEvents = async (count: number) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < count; i++) {
          const line = JSON.stringify({ seq: ++seq, type: 'item.progress', note: 'x'.repeat(200) });
          const hash = sha256Hex(line);
          await tx.query('insert into plan_event (plan_id, seq, event_id, prev_hash, hash, line) values ($1, $2, $3, $4, $5, $6)', ['p', seq, `e${seq}`, prev, hash, line]);
          prev = hash;
        }
      });
    const BATCH = 1000;
    await db.exec('create table bench_floor (position bigint, hash bytea)');
    let floorAfter = n;
    const signing = await alternate(rounds, {
      ours: async () => {
        await addEvents(BATCH);
        const started = performance.now();
        const checkpoint = await signNewCheckpoint(db, key);
        const elapsed = performance.now() - started;
        if (checkpoint?.size !== n + seq) throw new Error(`signed ${checkpoint?.size}, expected ${n + seq}`);
        return elapsed;
      },
      floor: async () => {
        const started = performance.now();
        await db.transaction(async (tx) => {
          const rows = await tx.query<{ position: string; line: string }>('select position, line from plan_event where position > $1 order by position limit $2', [floorAfter, BATCH]);
          floorAfter += rows.length;
          await tx.query(`insert into bench_floor select unnest($1::bigint[]), decode(unnest($2::text[]), 'hex')`, [rows.map((r) => r.position), rows.map((r) => sha256Hex(r.line))]);
        });
        return performance.now() - started;
      },
    });
    process.stdout.write(`sign a checkpoint over ${BATCH.toLocaleString('en')} new events at ${n.toLocaleString('en')} leaves: ${spread(signing.ours)} ms; floor (read them, store a hash each, one transaction): ${spread(signing.floor)} ms; ${ratioText(signing.ours, signing.floor)}\n`);
  } finally {
    await db.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
