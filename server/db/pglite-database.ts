import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { LedgerError } from '../../ledger/errors.ts';
import type { Database, Queryable } from './database.ts';

/** A held lock not refreshed for this long belongs to a dead process and is taken over. */
const DEFAULT_LOCK_STALE_MS = 30_000;
/** proper-lockfile's floor: its holder refreshes the lock every half of this. */
const MIN_LOCK_STALE_MS = 2_000;

/**
 * The lock's stale age: CCHC_EMBEDDED_LOCK_STALE_S seconds where set (the tests shorten the wait
 * after a kill with it), else 30 s. Every program on one data directory must use the same age.
 */
export function embeddedLockStaleMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.CCHC_EMBEDDED_LOCK_STALE_S;
  if (given === undefined || given === '') return DEFAULT_LOCK_STALE_MS;
  const ms = Number(given) * 1000;
  if (!Number.isFinite(ms) || ms < MIN_LOCK_STALE_MS) {
    throw new LedgerError(
      'storage',
      `Biến môi trường CCHC_EMBEDDED_LOCK_STALE_S là "${given}", không phải số giây từ ${MIN_LOCK_STALE_MS / 1000} trở lên; hãy sửa hoặc bỏ biến này (mặc định ${DEFAULT_LOCK_STALE_MS / 1000} giây).`,
      `The environment variable CCHC_EMBEDDED_LOCK_STALE_S is "${given}", not a number of seconds of ${MIN_LOCK_STALE_MS / 1000} or more; correct or unset it (the default is ${DEFAULT_LOCK_STALE_MS / 1000} s).`,
    );
  }
  return ms;
}

/**
 * PostgreSQL embedded in this process (PGlite) over a data directory, or in memory when none is
 * given. PGlite has one connection: its transactions run one after another. It is one process's
 * database, so the directory is locked (`<dir>.lock`) for as long as it is open: a second process
 * — or a second open in this one — is refused instead of corrupting it.
 */
export interface EmbeddedDatabaseOptions {
  /** Told, in Vietnamese and English, when opening waits for a dead program's lock to expire. */
  onWait?: (vi: string, en: string) => void;
  /** How long a lock goes unrefreshed before it is a dead program's; default embeddedLockStaleMs(). */
  lockStaleMs?: number;
}

export async function openEmbeddedDatabase(dataDir?: string, options: EmbeddedDatabaseOptions = {}): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  if (dataDir !== undefined) {
    const dir = resolve(dataDir);
    await mkdir(dir, { recursive: true });
    release = await lockDataDir(dir, options);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === undefined ? undefined : resolve(dataDir));
  } catch (error) {
    await release?.();
    throw error;
  }
  const over = (target: PGlite | Transaction): Queryable => ({
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await target.query<Row>(text, params as unknown[])).rows;
    },
    async exec(script: string) {
      await target.exec(script);
    },
  });
  return {
    kind: 'embedded',
    ...over(db),
    transaction: (work) => db.transaction((tx) => work(over(tx))),
    async close() {
      await db.close();
      await release?.();
    },
  };
}

/** Who holds the lock, written beside it: the lock itself (a directory) must stay empty. */
interface LockOwner {
  pid: number;
  host: string;
}

async function lockDataDir(dir: string, options: EmbeddedDatabaseOptions): Promise<() => Promise<void>> {
  const ownerFile = `${dir}.owner.json`;
  const stale = options.lockStaleMs ?? embeddedLockStaleMs();
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, { stale, realpath: false });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
    const owner = await readOwner(ownerFile);
    if (owner === undefined || isRunningHere(owner)) throw inUse(dir, owner);
    // The holder died without releasing (a crash, a power cut): its lock goes stale within
    // `stale`. Waiting for that is safe; taking it over at once could race another starter.
    options.onWait?.(
      `Chương trình trước dùng cơ sở dữ liệu ${dir} (PID ${owner.pid}) đã dừng đột ngột; đang chờ khóa của nó hết hạn (tối đa ${stale / 1000} giây)…`,
      `The program that last used the database ${dir} (PID ${owner.pid}) stopped abruptly; waiting for its lock to expire (at most ${stale / 1000} s)…`,
    );
    try {
      release = await lockfile.lock(dir, {
        stale,
        realpath: false,
        retries: { retries: Math.ceil(stale / 1000) + 10, factor: 1, minTimeout: 1000, maxTimeout: 1000 },
      });
    } catch (retryError) {
      if ((retryError as { code?: unknown }).code !== 'ELOCKED') throw retryError;
      throw inUse(dir, await readOwner(ownerFile));
    }
  }
  const owner: LockOwner = { pid: process.pid, host: hostname() };
  await writeFile(ownerFile, `${JSON.stringify(owner)}\n`);
  return release;
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return Number.isSafeInteger(owner.pid) && typeof owner.host === 'string' ? (owner as LockOwner) : undefined;
  } catch {
    return undefined;
  }
}

/** A program on another host (a shared folder) cannot be checked: it is taken to be running. */
function isRunningHere(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

function inUse(dir: string, owner: LockOwner | undefined): LedgerError {
  const who = owner === undefined ? '' : ` (PID ${owner.pid}${owner.host === hostname() ? '' : ` trên máy ${owner.host}`})`;
  const whoEn = owner === undefined ? '' : ` (PID ${owner.pid}${owner.host === hostname() ? '' : ` on host ${owner.host}`})`;
  return new LedgerError(
    'storage',
    `Cơ sở dữ liệu nhúng ở ${dir} đang được một chương trình khác dùng${who}; hãy dừng chương trình đó, hoặc dùng máy chủ PostgreSQL (--database postgres://…) cho nhiều chương trình cùng lúc.`,
    `The embedded database in ${dir} is in use by another program${whoEn}; stop it, or use a PostgreSQL server (--database postgres://…) for several programs at once.`,
  );
}
