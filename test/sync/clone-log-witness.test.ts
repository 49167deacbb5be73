import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { openCheckpoint, signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { ed25519NoteSigner, ed25519NoteVerifier } from '../../ledger/tlog/signed-note.ts';
import type { Database } from '../../server/db/database.ts';
import { checkpointOfSize, latestCheckpoint, logVerifierKey, signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { leavesFrom } from '../../server/transparency/log-proofs.ts';
import { runCliAsync } from '../support/run-cli.ts';
import { AN, logKey, ORIGIN, otherKey, SAMPLE, startLoggedProvince } from './support/logged-province.ts';
import type { ServiceProxy } from './support/service-proxy.ts';

const syncState = (ledger: string) => JSON.parse(readFileSync(`${ledger}.sync.json`, 'utf8')) as { logKey?: string; checkpoint?: string; syncedSeq: number };
const sizeOf = (signed: string) => openCheckpoint(signed, ORIGIN, ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey))).checkpoint.size;

describe('a clone witnesses its province transparency log on every pull', () => {
  let db: Database;
  let proxy: ServiceProxy;
  let url: string;
  let proxied: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-witness-'));
  const anKey = join(dir, 'an.key');
  const [a, writer] = [join(dir, 'an.ndjson'), join(dir, 'writer.ndjson')];
  const cli = (args: string[]) => runCliAsync(args, { cwd: dir });
  const vkey = logVerifierKey(logKey);

  beforeAll(async () => {
    ({ db, url, proxy, proxied, close } = await startLoggedProvince(cli, anKey));
  });
  afterAll(() => close?.());

  it('an honest service: the clone pins the key, remembers each checkpoint, and a sync passes once the log holds its head', async () => {
    const cloned = await cli(['clone', '--server', proxied, '--plan', 'kh-2021', '--key', anKey, '--log-key', vkey, '--out', a]);
    expect(cloned.stderr).toBe('');
    expect(cloned.code).toBe(0);
    expect(syncState(a).logKey).toBe(vkey);
    expect(sizeOf(syncState(a).checkpoint!)).toBe((await latestCheckpoint(db))!.size);

    expect((await cli(['import', SAMPLE, '--ledger', a, ...AN, '--key', anKey])).code).toBe(0);
    const synced = await cli(['sync', a, '--key', anKey]);
    expect(synced.code).toBe(0);
    // Placed just now, not signed yet: said, and checked at the next pull.
    expect(synced.stderr).toContain('is not in the log\'s signed checkpoint yet');

    const signed = (await signNewCheckpoint(db, logKey))!;
    const pulled = await cli(['pull', a, '--key', anKey]);
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(syncState(a).checkpoint).toBe(signed.note);
    expect(sizeOf(signed.note)).toBeGreaterThan(0);
  });

  it('a clone made without --log-key trusts the service key on first use, and says so', async () => {
    const cloned = await cli(['clone', '--server', url, '--plan', 'kh-2021', '--key', anKey, '--out', writer]);
    expect(cloned.code).toBe(0);
    expect(cloned.stderr).toContain('Trusting the transparency log key the service gave, on first use');
    expect(cloned.stderr).toContain(vkey);
    expect(syncState(writer).logKey).toBe(vkey);
  });

  describe('a hostile log is detected, nothing is appended, and the evidence is kept', () => {
    let before: { ledger: string; state: string };
    let honest: { size: number; note: string };

    beforeAll(async () => {
      // Another copy records and pushes straight to the service: `a` has events to pull, all in the signed log.
      expect((await cli(['record', writer, '--item', '1.1', '--status', 'in_progress', '--effective', '2021-02-01', ...AN, '--key', anKey])).code).toBe(0);
      expect((await cli(['push', writer, '--key', anKey])).code).toBe(0);
      const signed = (await signNewCheckpoint(db, logKey))!;
      honest = { size: signed.size, note: signed.note };
      before = { ledger: readFileSync(a, 'utf8'), state: readFileSync(`${a}.sync.json`, 'utf8') };
    });

    const evidenceFiles = () => readdirSync(dir).filter((f) => f.startsWith('an.ndjson.log-evidence-'));

    async function expectDetected(code: string): Promise<void> {
      const known = new Set(evidenceFiles());
      const pulled = await cli(['pull', a, '--key', anKey]);
      expect(pulled.code).toBe(1);
      expect(pulled.stderr).toContain('CẢNH BÁO');
      expect(pulled.stderr).toContain('ALARM');
      const fresh = evidenceFiles().filter((f) => !known.has(f));
      expect(fresh).toHaveLength(1);
      expect(pulled.stderr).toContain(fresh[0]);
      const evidence = JSON.parse(readFileSync(join(dir, fresh[0]!), 'utf8')) as { code: string; previous: string; offered: string; proof: string[] | null; messageEn: string; plan: string };
      expect(evidence.code).toBe(code);
      expect(evidence.plan).toBe('kh-2021');
      // The checkpoint the clone remembered; for a failed inclusion, the one just accepted, which the event is not in.
      expect(evidence.previous).toBe(code === 'not-included' ? honest.note : JSON.parse(before.state).checkpoint);
      expect(pulled.stderr).toContain(evidence.messageEn);
      // Both checkpoints named: origin and size of each.
      for (const signed of [evidence.previous, evidence.offered]) expect(pulled.stderr).toContain(`${ORIGIN}, ${signed.split('\n')[1]} mục / leaves`);
      expect(readFileSync(a, 'utf8')).toBe(before.ledger);
      expect(readFileSync(`${a}.sync.json`, 'utf8')).toBe(before.state);
    }

    const onCheckpoint = (answer: () => Promise<string>) => {
      proxy.hostile = async (path) => (path === '/log/checkpoint' ? { status: 200, body: await answer() } : undefined);
    };

    it('a checkpoint signed by another key (under the log name) is refused', async () => {
      onCheckpoint(async () => {
        const { root } = openCheckpoint(honest.note, ORIGIN, ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey))).checkpoint;
        return signCheckpoint({ origin: ORIGIN, size: honest.size, root, extensions: [] }, [ed25519NoteSigner(ORIGIN, otherKey)]);
      });
      const known = new Set(evidenceFiles());
      const pulled = await cli(['pull', a, '--key', anKey]);
      expect(pulled.code).toBe(1);
      const [file] = evidenceFiles().filter((f) => !known.has(f));
      expect(pulled.stderr).toContain(file);
      const evidence = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { code: string; offered: string };
      expect(evidence.code).toBe('unverified-note');
      expect(evidence.offered).toContain(toBase64(openCheckpoint(honest.note, ORIGIN, ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey))).checkpoint.root));
      expect(readFileSync(a, 'utf8')).toBe(before.ledger);
      expect(readFileSync(`${a}.sync.json`, 'utf8')).toBe(before.state);
    });

    it('a checkpoint that goes back (a smaller tree, genuinely signed) is refused', async () => {
      const remembered = sizeOf(JSON.parse(before.state).checkpoint);
      onCheckpoint(async () => (await checkpointOfSize(db, 0))?.note ?? (await checkpointOfSize(db, remembered - 1))!.note);
      await expectDetected('rollback');
    });

    it('a rewritten log (its first event changed, the new tree signed with the log key itself) is refused: no consistency proof joins it', async () => {
      const leaves = await leavesFrom(db, 0, honest.size);
      const tree = new MemoryTree();
      leaves.forEach((leaf, i) => tree.append(logLeafHash(i === 0 ? { ...leaf, line: leaf.line.replace('"role":"admin"', '"role":"staff"') } : leaf)));
      const root = await treeHead(honest.size, tree.source);
      expect(toBase64(root)).not.toBe(honest.note.split('\n')[2]); // the rewrite did change the tree
      onCheckpoint(() => signCheckpoint({ origin: ORIGIN, size: honest.size, root, extensions: [] }, [ed25519NoteSigner(ORIGIN, logKey.signer)]));
      await expectDetected('inconsistent');
    });

    it('a log whose signed tree does not hold the pulled head event is refused (inclusion proof)', async () => {
      proxy.hostile = async (path) => {
        if (!path.startsWith('/log/proof/inclusion')) return undefined;
        const real = (await (await fetch(url + path)).json()) as { index: number };
        return { status: 200, body: JSON.stringify({ ...real, index: real.index - 1 }) };
      };
      await expectDetected('not-included');
    });

    it('a service without /log: an error for a clone that pinned the key; a warning for an older clone, which still pulls', async () => {
      proxy.hostile = async (path) => (path.startsWith('/log/') ? { status: 404, body: 'Not Found' } : undefined);
      const pulled = await cli(['pull', a, '--key', anKey]);
      expect(pulled.code).toBe(1);
      expect(pulled.stderr).toContain('has no transparency log (/log)');
      expect(readFileSync(a, 'utf8')).toBe(before.ledger);

      // An older clone's state file, without the log fields.
      const { logKey: _key, checkpoint: _checkpoint, ...older } = JSON.parse(before.state) as Record<string, unknown>;
      writeFileSync(`${a}.sync.json`, `${JSON.stringify(older, null, 2)}\n`);
      const warned = await cli(['sync', a, '--key', anKey]);
      expect(warned.code).toBe(0);
      expect(warned.stderr.match(/Warning: the service at \S+ has no transparency log/g)).toHaveLength(1);
      expect(readFileSync(a, 'utf8').length).toBeGreaterThan(before.ledger.length);

      // The service serves its log again: the older clone trusts its key on first use and witnesses from there.
      proxy.hostile = async () => undefined;
      const resumed = await cli(['pull', a, '--key', anKey]);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain('on first use');
      expect(syncState(a).checkpoint).toBe(honest.note);
    });
  });
});
