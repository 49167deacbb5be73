import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import type { EventDraft } from '../../ledger/events.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { SIGNATURE_HEADER, signRequest } from '../../server/protocol/request-signature.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';
import { readProvinceLog, type LogPage } from '../../server/province-log.ts';
import { startLineChild, type LineChild } from '../support/line-child.ts';
import { runCli, runCliAsync } from '../support/run-cli.ts';
import { samplePlan } from '../support/sample-plan.ts';
import { pendingEvents, signedAsGiven, type Person } from './support/service-fixture.ts';
import { useTestDatabase } from './support/test-database.ts';

const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));
const EMPTY = { seq: 0, hash: '0'.repeat(64) };
const testDatabase = useTestDatabase();
const children: LineChild[] = [];
afterAll(() => children.forEach((c) => c.kill()));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// A killed service's embedded-database lock expires after 8 s here (30 s in production): the restarts wait less, the same way.
const LOCK_STALE = { CCHC_EMBEDDED_LOCK_STALE_S: '8' };

const linesOf = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const idOf = (line: string): string => (JSON.parse(line) as { id: string }).id;
const noteIdsOf = (lines: readonly string[]): string[] => lines.filter((l) => (JSON.parse(l) as { type: string }).type === 'progress.noted').map(idOf);

/** One `cchc serve` on one database, restarted on the same port after each kill so clients keep their address. */
class ServeProcess {
  child!: LineChild;
  address = '';
  kills = 0;

  constructor(
    private readonly database: string[],
    private readonly dir: string,
  ) {}

  async start(port = 0): Promise<void> {
    // The transparency log's key stays in the test's directory: a restart signs with the same key.
    // On the embedded database a restart waits, by itself, for the killed process's lock to expire.
    this.child = startLineChild([BIN, 'serve', ...this.database, '--port', String(port), '--log-key', join(this.dir, 'log-key.pem')], LOCK_STALE);
    children.push(this.child);
    await this.child.printed(1);
    const address = /http:\/\/[\d.:]+/.exec(this.child.lines[0]!)?.[0];
    if (!address) throw new Error(`cchc serve printed: ${this.child.lines.join('\n')}`);
    this.address = address;
  }

  /** SIGKILL, no chance to finish anything; then the same command again on the same port. */
  async killAndRestart(): Promise<void> {
    this.child.kill();
    expect((await this.child.exited).signal).toBe('SIGKILL');
    this.kills++;
    await this.start(Number(new URL(this.address).port));
  }

  /** SIGTERM: the service closes its database (and the embedded one's lock) and exits. */
  async stop(): Promise<void> {
    process.kill(this.child.pid, 'SIGTERM');
    expect((await this.child.exited).code).toBe(0);
  }
}

/** A province served by `cchc serve` on `database`: its Sở Nội vụ, an administrator, and helpers to add staff and plans. */
async function servedProvince(database: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-faults-'));
  const keyFileOf = (name: string): string => {
    const file = join(dir, `${name}.key`);
    writeFileSync(file, newPrivateKeyPem());
    chmodSync(file, 0o600);
    return file;
  };
  const adminKey = keyFileOf('an');
  const admin: Person = { id: 'an', signer: signerOfPrivateKey(readFileSync(adminKey)), actor: { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ tỉnh Bến Tre' } };
  const init = runCli(['serve', 'init', ...database, '--province', '83', '--name', 'Tỉnh Bến Tre', '--agency-id', 'snv', '--agency-name', admin.actor.unit, '--admin-id', 'an', '--admin-name', admin.actor.name, '--admin-key', adminKey]);
  expect(init.stderr).toBe('');
  const service = new ServeProcess(database, dir);
  await service.start();
  let plans = 0;
  return {
    dir,
    admin,
    service,
    /** A province plan of the Sở Nội vụ with the plan imported and `writers` enrolled on it. */
    async planWith(writers: readonly Person[]): Promise<string> {
      const id = `tinh-2021-${++plans}`;
      const client = new ServiceClient(service.address, admin.signer);
      await client.createPlan({ id, ownerAgencyId: 'snv', scope: 'province', title: `Kế hoạch CCHC năm 2021 (${id})`, periodFrom: '2021-01-01', periodTo: '2021-12-31' });
      const drafts: EventDraft[] = [
        { type: 'plan.imported', actor: admin.actor, data: samplePlan() },
        ...writers.map((w): EventDraft => ({ type: 'key.enrolled', actor: admin.actor, data: { key: w.signer.fingerprint, publicKey: w.signer.publicKey, person: w.actor, role: 'member' } })),
      ];
      const pushed = await client.push(id, EMPTY, await pendingEvents([], admin.signer, drafts));
      expect(pushed.results.map((r) => r.outcome)).toEqual(pushed.results.map(() => 'placed'));
      return id;
    },
    /** A staff member of the Sở Nội vụ in the directory, with a key file for the command line. */
    async staff(id: string, name: string): Promise<Person & { keyFile: string }> {
      const keyFile = keyFileOf(id);
      const person = { id, keyFile, signer: signerOfPrivateKey(readFileSync(keyFile)), actor: { name, unit: admin.actor.unit } };
      await new ServiceClient(service.address, admin.signer).createPerson({ id, agencyId: 'snv', fullName: name, publicKey: person.signer.publicKey, role: 'staff' });
      return person;
    },
  };
}

/**
 * API writers push one signed event at a time; command-line clones record offline and sync. `fault`
 * strikes `faults` times, each time while a push is in flight once enough were placed; the clients
 * retry what failed. Returns the figures after checking everything that must hold.
 */
async function underFaults(
  province: Awaited<ReturnType<typeof servedProvince>>,
  sizes: { apiWriters: number; perApiWriter: number; cliWriters: number; perCliWriter: number; faults: number },
  fault: () => Promise<void>,
  readLog: () => Promise<LogPage>,
): Promise<string> {
  const { service, admin, dir } = province;
  const apiWriters = await Promise.all(Array.from({ length: sizes.apiWriters }, (_, i) => province.staff(`api-${i + 1}`, `Cán bộ API ${i + 1}`)));
  const cliWriters = await Promise.all(Array.from({ length: sizes.cliWriters }, (_, i) => province.staff(`cli-${i + 1}`, `Cán bộ dòng lệnh ${i + 1}`)));
  const planId = await province.planWith([...apiWriters, ...cliWriters]);
  const cli = (args: string[]) => runCliAsync(args, { cwd: dir });

  const faultEvery = Math.floor((sizes.apiWriters * sizes.perApiWriter) / (sizes.faults + 1));
  let placedSoFar = 0;
  let pushesInFlight = 0;
  const placedWaiters: Array<{ n: number; resolve: () => void }> = [];
  const notePlaced = () => {
    placedSoFar++;
    for (const w of placedWaiters.filter((w) => placedSoFar >= w.n)) w.resolve();
  };
  const placedReached = (n: number) => new Promise<void>((resolve) => (placedSoFar >= n ? resolve() : placedWaiters.push({ n, resolve })));
  const figures = { refusedWhileDown: new Set<string>(), apiRetries: 0, pushesCut: 0, answersLost: 0, madeAgain: 0, cliRetries: 0, cliFailures: new Set<string>() };

  /** Sends the same signed event until the service answers; an answer lost after the event was placed shows as "already" next time. */
  async function apiWriter(writer: Person): Promise<string[]> {
    const meant: string[] = [];
    for (let k = 0; k < sizes.perApiWriter; k++) {
      let event: PendingEvent | undefined;
      for (;;) {
        const client = new ServiceClient(service.address, writer.signer);
        let pushing = false;
        try {
          const { lines, head } = await client.pullAll(planId);
          event ??= (await pendingEvents(lines, writer.signer, [{ type: 'progress.noted', actor: writer.actor, data: { item: 'I.1', note: `${writer.id} lần ${k}` } }]))[0]!;
          pushing = true;
          pushesInFlight++;
          const result = (await client.push(planId, head, [event]).finally(() => pushesInFlight--)).results[0]!;
          if (result.outcome === 'already') figures.answersLost++;
          if (result.outcome === 'refused') {
            // Stamped before what another writer placed meanwhile: not on the chain (an id there answers "already"), so made anew.
            expect(result.error.code).toBe('clock');
            figures.madeAgain++;
            event = undefined;
            continue;
          }
          meant.push(result.id);
          notePlaced();
          break;
        } catch (error) {
          // Unreachable, or the service up while its database is not (503): try again.
          if (!(error instanceof ServiceError) || (error.code !== 'unreachable' && error.status < 500)) throw error;
          if (error.code !== 'unreachable') figures.refusedWhileDown.add(`${error.status} ${error.code}`);
          figures.apiRetries++;
          if (pushing && !/ECONNREFUSED/.test(error.messageEn)) figures.pushesCut++; // it had reached the service
          await sleep(200); // a client waits a little before trying again
        }
      }
    }
    return meant;
  }

  /** Records offline with the command line, one note at a time, and syncs until nothing is pending. */
  async function cliWriter(writer: Person & { keyFile: string }): Promise<{ file: string; meant: string[] }> {
    const file = join(dir, `${writer.id}.ndjson`);
    const meant: string[] = [];
    const untilDone = async (args: string[], done: () => boolean) => {
      // Long enough for a restart on the embedded database, which waits for the killed process's lock to expire.
      const giveUpAt = Date.now() + 180_000;
      for (;;) {
        const run = await cli(args);
        if (run.code === 0 && done()) return;
        figures.cliRetries++;
        if (run.code !== 0) figures.cliFailures.add(run.stderr.split('\n')[0]!.replace(/http:\/\/[\d.:]+|\S+\.ndjson/g, '…'));
        if (Date.now() > giveUpAt) throw new Error(`cchc ${args[0]} never finished: ${run.stderr}`);
        await sleep(1000); // a person runs the command again a moment later (each run is a process start)
      }
    };
    await untilDone(['clone', '--server', service.address, '--plan', planId, '--key', writer.keyFile, '--out', file], () => true);
    for (let k = 0; k < sizes.perCliWriter; k++) {
      const recorded = await cli(['record', file, '--item', 'I.1', '--note', `${writer.id} lần ${k}`, '--effective', '2021-02-01', '--actor', writer.actor.name, '--unit', writer.actor.unit, '--key', writer.keyFile]);
      expect(recorded.stderr).toBe('');
      meant.push(/mã \/ id ([0-9a-f-]+)/.exec(recorded.stdout)![1]!);
      await untilDone(['sync', file, '--key', writer.keyFile], () => linesOf(`${file}.pending.ndjson`).length === 0);
    }
    return { file, meant };
  }

  const faults = (async () => {
    for (let k = 1; k <= sizes.faults; k++) {
      await placedReached(k * faultEvery);
      while (pushesInFlight === 0) await sleep(1);
      await fault();
    }
  })();
  const [apiMeant, cliDone] = await Promise.all([Promise.all(apiWriters.map(apiWriter)), Promise.all(cliWriters.map(cliWriter)), faults]);
  const meant = [...apiMeant.flat(), ...cliDone.flatMap((c) => c.meant)];

  const { lines, head } = await new ServiceClient(service.address, admin.signer).pullAll(planId);
  const noteIds = noteIdsOf(lines);
  expect(meant).toHaveLength(sizes.apiWriters * sizes.perApiWriter + sizes.cliWriters * sizes.perCliWriter);
  // Every event each client meant, once: nothing lost, nothing twice, nothing else.
  expect([...noteIds].sort()).toEqual([...meant].sort());

  const exported = join(dir, `${planId}.ndjson`);
  writeFileSync(exported, lines.map((l) => `${l}\n`).join(''));
  expect(await verify((await NdjsonStore.open(exported)).read())).toMatchObject({ ok: true, count: lines.length, head });
  expect(runCli(['verify', exported])).toMatchObject({ code: 0 });

  for (const { file, meant: own } of cliDone) {
    expect(linesOf(`${file}.pending.ndjson`)).toEqual([]);
    expect(linesOf(`${file}.refused.ndjson`)).toEqual([]);
    expect((await cli(['pull', file, '--key', cliWriters[0]!.keyFile])).code).toBe(0);
    expect(linesOf(file)).toEqual(lines);
    expect(noteIdsOf(linesOf(file)).filter((id) => own.includes(id))).toHaveLength(own.length);
  }

  const log = await readLog();
  expect(log.entries.map((e) => e.position)).toEqual(log.entries.map((_, i) => i + 1));
  expect(log.highWater).toBe(log.entries.length);
  expect(log.entries.filter((e) => e.planId === planId).map((e) => e.line)).toEqual(lines);

  const summary =
    `${meant.length} events meant by ${sizes.apiWriters + sizes.cliWriters} clients (${sizes.apiWriters} over the API, ${sizes.cliWriters} command-line clones), ` +
    `${sizes.faults} faults each with a push in flight; ` +
    `API: ${figures.apiRetries} requests tried again (answers other than unreachable: ${[...figures.refusedWhileDown].join(', ') || 'none'}), ${figures.pushesCut} pushes failed mid-request (connection cut, or the database gone), ${figures.answersLost} answers lost after placing (found "already" on retry), ` +
    `${figures.madeAgain} events made anew after a 'clock' refusal; command line: ${figures.cliRetries} commands run again; ` +
    `on the chain: ${noteIds.length} notes, ${new Set(noteIds).size} distinct, ${lines.length} events verified, province log positions 1..${log.entries.length} without a gap`;
  if (figures.cliFailures.size > 0) console.log(`command-line failures while the service was down: ${[...figures.cliFailures].join(' | ')}`);
  return summary;
}

let served: Awaited<ReturnType<typeof servedProvince>>;
beforeAll(async () => {
  served = await servedProvince(['--database', testDatabase.url]);
});

describe('cchc serve killed (SIGKILL) mid-push and restarted on the same database', () => {
  it('PostgreSQL server: clients retry until done; every event each meant is on the chain once, the chain verifies, the province log has no gap, no pending file holds a placed event', async () => {
    const sizes = { apiWriters: 3, perApiWriter: 20, cliWriters: 2, perCliWriter: 6, faults: 3 };
    const summary = await underFaults(served, sizes, () => served.service.killAndRestart(), () => readProvinceLog(testDatabase.admin, 0, 100_000));
    expect(served.service.kills).toBe(sizes.faults);
    console.log(`service SIGKILLed mid-push and restarted (PostgreSQL server): ${summary}`);
  }, 600_000);

  it('embedded PGlite data directory: the same, each restart waiting for the dead process\'s lock to expire', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'cchc-faults-pglite-')), 'data');
    const province = await servedProvince(['--data', data]);
    const sizes = { apiWriters: 2, perApiWriter: 10, cliWriters: 1, perCliWriter: 4, faults: 2 };
    const summary = await underFaults(province, sizes, () => province.service.killAndRestart(), async () => {
      await province.service.stop();
      const db = await openDatabase(data);
      try {
        return await readProvinceLog(db, 0, 100_000);
      } finally {
        await db.close();
      }
    });
    expect(province.service.kills).toBe(sizes.faults);
    console.log(`service SIGKILLed mid-push and restarted (PGlite): ${summary}`);
  }, 600_000);
});

const PG_BIN = '/usr/lib/postgresql/15/bin';
const havePostgres = existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));

/** Runs `command`, as the postgres OS user when this is root (PostgreSQL refuses to run as root), without blocking the writers. */
function runAsPostgres(command: string, args: string[]): Promise<void> {
  const [file, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: ${stderr}`))));
  });
}

/** A PostgreSQL server of this test's own, in a temporary directory on a free port: restarting it disturbs no other test. */
class PrivatePostgres {
  restarts = 0;
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-private-pg-'));
    if (process.getuid?.() === 0) {
      const [uid, gid] = ['-u', '-g'].map((flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout));
      chownSync(dir, uid!, gid!);
    }
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    await runAsPostgres(join(PG_BIN, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const server = new PrivatePostgres(dir, port);
    await server.pgCtl('start');
    return server;
  }

  private pgCtl(action: 'start' | 'stop'): Promise<void> {
    const options = ['-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`, '-l', join(this.dir, 'server.log')];
    return runAsPostgres(join(PG_BIN, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-w', ...(action === 'stop' ? ['-m', 'immediate'] : options), action]);
  }

  /** Stopped in "immediate" mode (no checkpoint: it recovers from its WAL on start, as after a crash), then started again. */
  async restart(): Promise<void> {
    await this.pgCtl('stop');
    this.restarts++;
    await this.pgCtl('start');
  }

  async stop(): Promise<void> {
    await this.pgCtl('stop');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('PostgreSQL restarted under load (a private server started by this test)', () => {
  it.skipIf(!havePostgres)(`clients retry through the outage: nothing lost, nothing twice, the chain verifies, no gap (skipped without ${PG_BIN}/initdb and pg_ctl)`, async () => {
    const postgres = await PrivatePostgres.start();
    try {
      const province = await servedProvince(['--database', postgres.url]);
      const sizes = { apiWriters: 3, perApiWriter: 15, cliWriters: 1, perCliWriter: 5, faults: 2 };
      const summary = await underFaults(province, sizes, () => postgres.restart(), async () => {
        const db = await openDatabase(postgres.url);
        try {
          return await readProvinceLog(db, 0, 100_000);
        } finally {
          await db.close();
        }
      });
      expect(postgres.restarts).toBe(sizes.faults);
      expect(province.service.kills).toBe(0); // the same service process throughout
      console.log(`PostgreSQL stopped (immediate) and started again under load: ${summary}`);
      await province.service.stop();
    } finally {
      await postgres.stop();
    }
  }, 600_000);
});

describe('a client whose clock is wrong', () => {
  it('requests signed 10 minutes ahead or behind are refused 401, saying so in both languages, and nothing is written', async () => {
    const writer = await served.staff('cb-clock', 'Cán bộ Đồng Hồ');
    const planId = await served.planWith([writer]);
    const client = new ServiceClient(served.service.address, writer.signer);
    const before = await client.pullAll(planId);
    const path = `/api/v1/plans/${planId}/events`;
    const body = JSON.stringify({ expected: before.head, events: await pendingEvents(before.lines, writer.signer, [{ type: 'progress.noted', actor: writer.actor, data: { item: 'I.1', note: 'đồng hồ lệch' } }]) });
    const logBefore = await readProvinceLog(testDatabase.admin, 0, 100_000);

    for (const [minutes, vi, en] of [
      [10, /lệch 10 phút.*sớm hơn.*hãy chỉnh đồng hồ máy tính/, /signed 10 minutes ahead of the service's clock.*set this computer's clock/],
      [-10, /lệch 10 phút.*trễ hơn.*hãy chỉnh đồng hồ máy tính/, /signed 10 minutes behind the service's clock.*set this computer's clock/],
    ] as const) {
      const signature = await signRequest(writer.signer, { method: 'POST', path, body }, new Date(Date.now() + minutes * 60_000));
      const response = await fetch(served.service.address + path, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'auth', vi: expect.stringMatching(vi), en: expect.stringMatching(en) } });
    }
    const after = await client.pullAll(planId);
    expect(after).toEqual(before);
    expect(await readProvinceLog(testDatabase.admin, 0, 100_000)).toEqual(logBefore);
    console.log(`wrong clock: 2 requests signed 10 minutes off refused 401, ${after.lines.length - before.lines.length} events written`);
    // The same body signed now is placed: only the clock was at fault.
    const signature = await signRequest(writer.signer, { method: 'POST', path, body });
    const response = await fetch(served.service.address + path, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
    expect(response.status).toBe(200);
    expect((await client.pullAll(planId)).lines).toHaveLength(before.lines.length + 1);
  });

  it("an event stamped beyond the ledger's skew in the future is refused with the ledger's 'clock' code, nothing written", async () => {
    const writer = await served.staff('cb-future', 'Cán bộ Tương Lai');
    const planId = await served.planWith([writer]);
    const client = new ServiceClient(served.service.address, writer.signer);
    const before = await client.pullAll(planId);
    const note: EventDraft = { type: 'progress.noted', actor: writer.actor, data: { item: 'I.1', note: 'máy nhanh 10 phút' } };
    // Stamped by a clock 10 minutes ahead; the request itself is signed now, within the window.
    const future = await signedAsGiven(before.lines, writer.signer, note, new Date(Date.now() + 10 * 60_000));
    expect(Date.parse(future.at) - Date.now()).toBeGreaterThan(5 * 60_000);
    const pushed = await client.push(planId, before.head, [future]);
    expect(pushed.results).toEqual([
      { id: future.id, outcome: 'refused', error: expect.objectContaining({ code: 'clock', vi: expect.stringContaining('ở tương lai'), en: expect.stringContaining('in the future') }) },
    ]);
    expect(await client.pullAll(planId)).toEqual(before);
    // Stamped now, the same note is placed.
    const now = await client.push(planId, before.head, await pendingEvents(before.lines, writer.signer, [note]));
    expect(now.results.map((r) => r.outcome)).toEqual(['placed']);
  });
});
