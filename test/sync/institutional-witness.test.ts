// `cchc witness` (an institutional witness) against the service's transparency log, through the
// command line: it keeps its checkpoint durably, cosigns, posts back; the service serves the
// cosigned checkpoint; a clone that trusts k of n witnesses says whether what it holds is final; a
// hostile log (through a proxy) is refused by the witness with the evidence kept and nothing cosigned.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { readKeyFile, signerOfSeed } from '../../cli/key-file.ts';
import { openCheckpoint, signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, parseNote, signNote } from '../../ledger/tlog/signed-note.ts';
import { finalityOf, trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import type { Database } from '../../server/db/database.ts';
import { checkpointOfSize, logVerifierKey, signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { leavesFrom } from '../../server/transparency/log-proofs.ts';
import { runCliAsync } from '../support/run-cli.ts';
import { AN, logKey, ORIGIN, otherKey, SAMPLE, startLoggedProvince } from './support/logged-province.ts';
import type { ServiceProxy } from './support/service-proxy.ts';

const logVerifier = ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey));
const W1 = 'thanhtra.example/nhan-chung';
const W2 = 'ttdl.example/nhan-chung';

describe('cchc witness: an institutional witness of the province log', () => {
  let db: Database;
  let proxy: ServiceProxy;
  let url: string;
  let proxied: string;
  let close: (() => Promise<void>) | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-inst-witness-'));
  const anKey = join(dir, 'an.key');
  const ledger = join(dir, 'an.ndjson');
  const cli = (args: string[]) => runCliAsync(args, { cwd: dir });
  const vkey = logVerifierKey(logKey);
  const witnessKeys: string[] = [];
  const witness = (i: number, server = url, extra: string[] = []) =>
    cli(['witness', '--server', server, '--log-key', vkey, '--key', join(dir, `w${i}.key`), '--name', i === 1 ? W1 : W2, '--state', join(dir, `w${i}.json`), '--once', ...extra]);

  beforeAll(async () => {
    for (const [i, name] of [W1, W2].entries()) {
      const printed = await cli(['witness', '--print-key', '--key', join(dir, `w${i + 1}.key`), '--name', name]);
      expect(printed.code).toBe(0);
      witnessKeys.push(printed.stdout.trim());
    }
    ({ db, url, proxy, proxied, close } = await startLoggedProvince(cli, anKey, witnessKeys));
  });
  afterAll(() => close?.());

  it('cosigns, keeps its checkpoint, posts back; the service serves the cosigned checkpoint; a clone trusting 2 of 2 says when what it holds is final', async () => {
    expect(witnessKeys[0]).toMatch(/^thanhtra\.example\/nhan-chung\+[0-9a-f]{8}\+/);
    const cloned = await cli(['clone', '--server', url, '--plan', 'kh-2021', '--key', anKey, '--log-key', vkey, '--witness', witnessKeys[0]!, '--witness', witnessKeys[1]!, '--witnesses-needed', '2', '--out', ledger]);
    expect(cloned.code).toBe(0);
    expect((await cli(['import', SAMPLE, '--ledger', ledger, ...AN, '--key', anKey])).code).toBe(0);
    expect((await cli(['sync', ledger, '--key', anKey])).code).toBe(0);
    const signed = (await signNewCheckpoint(db, logKey))!;

    // Not cosigned yet: the pull passes and says it is not final.
    const early = await cli(['pull', ledger, '--key', anKey]);
    expect(early.code).toBe(0);
    expect(early.stderr).toContain('Not final yet');

    for (const i of [1, 2]) {
      const run = await witness(i);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`cosigned the checkpoint of ${signed.size}`);
      const state = JSON.parse(readFileSync(join(dir, `w${i}.json`), 'utf8')) as { checkpoint: string; cosigned: string };
      expect(parseNote(state.checkpoint).text).toBe(parseNote(signed.note).text);
    }
    const served = await (await fetch(`${url}/log/checkpoint`)).text();
    expect(finalityOf(served, logVerifier, trustedWitnesses(witnessKeys, 2))).toMatchObject({ final: true });
    expect(finalityOf(served, logVerifier, trustedWitnesses(witnessKeys, 2)).cosigners.map((c) => c.name).sort()).toEqual([W1, W2].sort());
    expect(await (await fetch(`${url}/log/checkpoint/witnessed?min=2`)).text()).toBe(served);

    const final = await cli(['pull', ledger, '--key', anKey]);
    expect(final.code).toBe(0);
    expect(final.stderr).toMatch(/Final: event \d+ is in the checkpoint of \d+ leaves cosigned by 2 of the 2 trusted witnesses/);

    // Again with nothing new: the witness posts the same cosignature again (a restarted service gets it back), cosigns nothing new.
    const again = await witness(1);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('cosigned the checkpoint');
  });

  it('the service takes cosignatures only from its configured witnesses, and only on checkpoints it signed', async () => {
    const latest = await (await fetch(`${url}/log/checkpoint`)).text();
    const text = parseNote(latest).text;
    const stranger = ed25519Cosigner('stranger.example/w', signerOfSeed(hexToBytes(sha256Hex('stranger'))));
    const post = (body: string) => fetch(`${url}/log/cosignature`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect((await post(await signNote(text, [stranger]))).status).toBe(403);
    const w1 = ed25519Cosigner(W1, await readKeyFile(join(dir, 'w1.key')));
    expect((await post(await signNote(text.replace(/\n[^\n]+\n$/, '\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'), [w1]))).status).toBe(400);
  });

  it('an issued report carries its proof: prove-report, then verify-report offline (hash, event, proof, signatures, 2 of 2 witnesses, figures replayed); a changed report or proof is refused', async () => {
    const report = join(dir, 'bao-cao-2021-Q1.xlsx');
    expect((await cli(['report', ledger, '--period', '2021-Q1', '--out', report, '--anchor', ...AN, '--key', anKey])).code).toBe(0);
    expect((await cli(['sync', ledger, '--key', anKey])).code).toBe(0);
    await signNewCheckpoint(db, logKey);
    for (const i of [1, 2]) expect((await witness(i)).code).toBe(0);
    const proved = await cli(['prove-report', report, '--ledger', ledger, '--key', anKey]);
    expect(proved.stderr).toBe('');
    expect(proved.code).toBe(0);
    expect(proved.stdout).toContain('final');
    // The auditor's folder: the exported ledger (here the clone's copy) and nothing else.
    const exported = mkdtempSync(join(tmpdir(), 'cchc-exported-'));
    copyFileSync(ledger, join(exported, 'kh-2021.ndjson'));
    const trust = ['--log-key', vkey, '--witness', witnessKeys[0]!, '--witness', witnessKeys[1]!];
    const verified = await cli(['verify-report', report, ...trust, '--ledgers', exported]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('✓ Final: cosigned by 2 trusted witnesses');
    expect(verified.stdout).toContain('✓ The figures replay');
    // The Word document beside it is named by the same event; its proof is the same file's content.
    copyFileSync(`${report}.log-proof.json`, report.replace(/\.xlsx$/, '.docx.log-proof.json'));
    expect((await cli(['verify-report', report.replace(/\.xlsx$/, '.docx'), ...trust, '--ledgers', exported])).code).toBe(0);

    const changed = join(dir, 'changed.xlsx');
    const bytes = readFileSync(report);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 1, bytes.length - 30);
    writeFileSync(changed, bytes);
    copyFileSync(`${report}.log-proof.json`, `${changed}.log-proof.json`);
    const refused = await cli(['verify-report', changed, ...trust]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the file was changed');
    const proof = JSON.parse(readFileSync(`${report}.log-proof.json`, 'utf8')) as { index: number };
    writeFileSync(`${changed}.log-proof.json`, JSON.stringify({ ...proof, index: proof.index + 1 }));
    expect((await cli(['verify-report', report, '--proof', `${changed}.log-proof.json`, ...trust])).code).toBe(1);
  });

  it('cchc audit --server downloads the log and checks every leaf, chain, signature and checkpoint; a changed entry and a checkpoint going back are refused with evidence', async () => {
    const state = join(dir, 'kiem-toan.json');
    const audit = (server: string) => cli(['audit', '--server', server, '--state', state, '--log-key', vkey, '--witness', witnessKeys[0]!, '--witness', witnessKeys[1]!]);
    const first = await audit(url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('the transparency log verifies');
    expect(first.stdout).toContain('final');
    const kept = readFileSync(state, 'utf8');
    const evidence = () => readdirSync(dir).filter((f) => f.startsWith('kiem-toan.json.evidence-'));

    // The service serves an entry changed after its checkpoint.
    proxy.hostile = async (path) => {
      if (!path.startsWith('/log/entries')) return undefined;
      const real = (await (await fetch(url + path)).json()) as { entries: { line: string }[] };
      real.entries[0]!.line = real.entries[0]!.line.replace('"role":"admin"', '"role":"staff"');
      return { status: 200, body: JSON.stringify(real) };
    };
    const changed = await audit(proxied);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('an event was changed, removed or moved');
    expect(evidence()).toHaveLength(1);

    // A checkpoint smaller than the one the auditor kept.
    const size = Number(kept.match(/\\n(\d+)\\n/)![1]);
    let older = '';
    for (let smaller = size - 1; older === '' && smaller >= 0; smaller--) older = (await checkpointOfSize(db, smaller))?.note ?? '';
    proxy.hostile = async (path) => (path === '/log/checkpoint' ? { status: 200, body: older } : undefined);
    const back = await audit(proxied);
    expect(back.code).toBe(1);
    expect(back.stderr).toContain('the log went back');
    expect(evidence()).toHaveLength(2);
    expect(readFileSync(state, 'utf8')).toBe(kept);
    proxy.hostile = async () => undefined;
  });

  describe('a hostile log: the witness refuses, keeps the evidence, cosigns nothing, and its state is unchanged', () => {
    let honest: { size: number; note: string };
    const evidenceOf = (i: number) => readdirSync(dir).filter((f) => f.startsWith(`w${i}.json.evidence-`));

    beforeAll(async () => {
      expect((await cli(['record', ledger, '--item', '1.1', '--status', 'in_progress', '--effective', '2021-02-01', ...AN, '--key', anKey])).code).toBe(0);
      expect((await cli(['sync', ledger, '--key', anKey])).code).toBe(0);
      const signed = (await signNewCheckpoint(db, logKey))!;
      honest = { size: signed.size, note: signed.note };
      for (const i of [1, 2]) expect((await witness(i)).code).toBe(0);
    });

    const rewritten = async (size: number, extra = 0) => {
      const leaves = await leavesFrom(db, 0, size);
      const tree = new MemoryTree();
      leaves.forEach((leaf, i) => tree.append(logLeafHash(i === 0 ? { ...leaf, line: leaf.line.replace('"role":"admin"', '"role":"staff"') } : leaf)));
      for (let i = 0; i < extra; i++) tree.append(logLeafHash({ planId: 'kh-2021', seq: 1000 + i, line: `{"forged":${i}}` }));
      return signCheckpoint({ origin: ORIGIN, size: size + extra, root: await treeHead(size + extra, tree.source), extensions: [] }, [ed25519NoteSigner(ORIGIN, logKey.signer)]);
    };
    const root = () => openCheckpoint(honest.note, ORIGIN, logVerifier).checkpoint.root;
    const cases: Array<[string, string, () => Promise<string>]> = [
      ['signed with another key', 'unverified-note', async () => signCheckpoint({ origin: ORIGIN, size: honest.size, root: root(), extensions: [] }, [ed25519NoteSigner(ORIGIN, otherKey)])],
      ['going back', 'rollback', async () => (await checkpointOfSize(db, honest.size - 1))?.note ?? (await signCheckpoint({ origin: ORIGIN, size: honest.size - 1, root: root(), extensions: [] }, [ed25519NoteSigner(ORIGIN, logKey.signer)]))],
      ['an event changed (same size, another root)', 'inconsistent', () => rewritten(honest.size)],
      ['a split view: another history, larger, shown to this witness', 'inconsistent', () => rewritten(honest.size, 3)],
    ];
    const tried = { count: 0, detected: 0 };
    afterAll(() => console.log(`institutional witness against a hostile log: ${tried.detected}/${tried.count} detected`));

    for (const [label, code, offered] of cases) {
      it(label, async () => {
        const signed = await offered();
        proxy.hostile = async (path) => (path === '/log/checkpoint' ? { status: 200, body: signed } : undefined);
        for (const i of [1, 2]) {
          const stateBefore = readFileSync(join(dir, `w${i}.json`), 'utf8');
          const known = new Set(evidenceOf(i));
          const run = await witness(i, proxied);
          tried.count++;
          expect(run.code).toBe(1);
          expect(run.stderr).toContain('CẢNH BÁO');
          expect(run.stderr).toContain('ALARM');
          const [file] = evidenceOf(i).filter((f) => !known.has(f));
          expect(run.stderr).toContain(file);
          const evidence = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as { code: string; previous: string; offered: string };
          expect(evidence.code).toBe(code);
          expect(evidence.offered).toBe(signed);
          expect(parseNote(evidence.previous).text).toBe(parseNote(honest.note).text);
          expect(readFileSync(join(dir, `w${i}.json`), 'utf8')).toBe(stateBefore);
          if (evidence.code === code) tried.detected++;
        }
        proxy.hostile = async () => undefined;
        // What the service serves is still the honest checkpoint, cosigned by both, nothing else.
        const served = await (await fetch(`${url}/log/checkpoint`)).text();
        expect(parseNote(served).text).toBe(parseNote(honest.note).text);
      });
    }
  });
});
