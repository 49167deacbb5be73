import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli, runCliAsync } from '../support/run-cli.ts';
import { ALICE, importDraft } from '../support/sample-plan.ts';

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A clone as `cchc clone` leaves it, made by hand: a signed copy of a plan, and its sync state pointing at `server`. */
async function handMadeClone(server: string): Promise<{ dir: string; ledger: string; key: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-clone-'));
  const [ledger, key] = [join(dir, 'ke-hoach.ndjson'), join(dir, 'an.key')];
  const pem = newPrivateKeyPem();
  writeFileSync(key, pem, { mode: 0o600 });
  const store = await NdjsonStore.open(ledger);
  const events = await (await Ledger.open(store, { signer: signerOfPrivateKey(pem) })).append(importDraft());
  const head = events.at(-1)!;
  writeFileSync(
    `${ledger}.sync.json`,
    JSON.stringify({ server, plan: 'ke-hoach', syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: '2021-01-05T01:00:00.000Z' }),
  );
  return { dir, ledger, key };
}

const AS_ALICE = ['--actor', ALICE.name, '--unit', ALICE.unit];

describe('a clone on the command line, offline', () => {
  it('records as pending events checked against the copy and earlier pending ones; the copy itself is never written', { timeout: 600_000 }, async () => {
    const { ledger, key } = await handMadeClone(`http://127.0.0.1:${await closedPort()}`);
    const copy = readFileSync(ledger);

    const first = runCli(['record', ledger, '--item', 'I.1', '--status', 'done', '--effective', '2021-02-20', ...AS_ALICE, '--key', key]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Đã lưu, chờ đồng bộ / saved, waiting to sync: status.changed');
    expect(readFileSync(ledger)).toEqual(copy);
    const pending = readFileSync(`${ledger}.pending.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ type: 'status.changed', data: { item: 'I.1', status: 'done' } });
    expect(pending[0]).not.toHaveProperty('seq');
    expect(pending[0].sig.alg).toBe('Ed25519');

    // The same change again is refused by the rules: the pending event is part of what they see.
    const again = runCli(['record', ledger, '--item', 'I.1', '--status', 'done', '--effective', '2021-02-20', ...AS_ALICE, '--key', key]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('transition');
    expect(readFileSync(`${ledger}.pending.ndjson`, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);

    const voided = runCli(['void', ledger, '--event', pending[0].id, '--reason', 'Ghi nhầm mục', ...AS_ALICE, '--key', key]);
    expect(voided.code).toBe(0);
    expect(voided.stdout).toContain('chờ đồng bộ / saved, waiting to sync');
    expect(readFileSync(ledger)).toEqual(copy);

    const log = runCli(['log', ledger]);
    expect(log.code).toBe(0);
    expect(log.stdout).toContain('Nhật ký sổ');
    expect(log.stdout).toContain('2 chờ đồng bộ / pending, 0 bị từ chối / refused');
    const verified = runCli(['verify', ledger]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Chain intact: 2 events');
    expect(verified.stdout).toContain('2 chờ đồng bộ / pending');
  });

  it('two commands recording on one clone at once: each waits for the clone\'s lock, and both events are kept', { timeout: 600_000 }, async () => {
    const { ledger, key } = await handMadeClone(`http://127.0.0.1:${await closedPort()}`);
    const runs = await Promise.all(
      ['I.1', 'I.2', 'II.1'].map((item) => runCliAsync(['record', ledger, '--item', item, '--status', 'in_progress', '--effective', '2021-02-20', ...AS_ALICE, '--key', key])),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    const items = readFileSync(`${ledger}.pending.ndjson`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).data.item);
    expect(items.sort()).toEqual(['I.1', 'I.2', 'II.1']);
  });

  it('push and pull to a service that cannot be reached: a bilingual error, exit 1, nothing changed or lost', { timeout: 600_000 }, async () => {
    const { ledger, key } = await handMadeClone(`http://127.0.0.1:${await closedPort()}`);
    expect(runCli(['record', ledger, '--item', 'I.2', '--status', 'in_progress', '--effective', '2021-02-20', ...AS_ALICE, '--key', key]).code).toBe(0);
    const files = [ledger, `${ledger}.pending.ndjson`, `${ledger}.sync.json`];
    const before = files.map((f) => readFileSync(f));
    for (const command of ['push', 'pull', 'sync']) {
      const run = runCli([command, ledger], { env: { CCHC_KEY: key } });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^Lỗi: Không kết nối được dịch vụ http:\/\/127\.0\.0\.1:\d+.*không mất gì/m);
      expect(run.stderr).toMatch(/^Error: Cannot reach the service at .*nothing is lost/m);
      expect(files.map((f) => readFileSync(f))).toEqual(before);
    }
    // Without a key no request can be signed: a usage error, before anything is tried.
    const keyless = runCli(['push', ledger], { env: { CCHC_KEY: '' } });
    expect(keyless.code).toBe(2);
    // A ledger that is no clone has nothing to sync with.
    const plain = join(mkdtempSync(join(tmpdir(), 'cchc-plain-')), 'so.ndjson');
    writeFileSync(plain, '');
    const notClone = runCli(['pull', plain, '--key', key]);
    expect(notClone.code).toBe(1);
    expect(notClone.stderr).toContain('cchc clone --server URL --plan');
  });
});
