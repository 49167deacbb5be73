// Node only: the lock every writer of a file takes (proper-lockfile), shared by the NDJSON store and
// the command line's clone files.
import { realpath, rmdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { LedgerError } from '../errors.ts';

export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (at least 2000). */
  staleMs: number;
  /** How many times to retry a held lock (with backoff up to half a second) before giving up. */
  retries: number;
}

/**
 * Runs `work` holding `<real path of file>.lock`; `lost()` answers the error if the lock was taken
 * over meanwhile (a writer must not write then). A held lock is retried, then refused in both languages.
 */
export async function withFileLock<T>(file: string, options: FileLockOptions, work: (lost: () => Error | null) => Promise<T>): Promise<T> {
  const lock = await acquireFileLock(file, options);
  try {
    return await work(lock.lost);
  } finally {
    await lock.release();
  }
}

/** The lock `withFileLock` holds, for a holder that releases it later (a command holding it while it runs). */
export async function acquireFileLock(file: string, options: FileLockOptions): Promise<{ lost: () => Error | null; release(): Promise<void> }> {
  let compromised: Error | null = null;
  let release: () => Promise<void>;
  const real = await realFile(file);
  await removeFutureLock(`${real}.lock`, options.staleMs);
  // Loaded by the first lock taken: a command that only reads (verify, log, report) never loads it
  // (nor graceful-fs, which it patches node:fs with).
  const { default: lockfile } = await import('proper-lockfile');
  try {
    release = await lockfile.lock(real, {
      realpath: false, // resolved above: the file may not exist yet, and the lock is `<real file>.lock` beside it
      stale: options.staleMs,
      retries: { retries: options.retries, factor: 1.5, minTimeout: 5, maxTimeout: 500, randomize: true },
      onCompromised: (error) => {
        compromised = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new LedgerError(
        'storage',
        `Sổ ${file} đang được một chương trình khác ghi (khóa ${file}.lock). Vui lòng thử lại sau.`,
        `The ledger ${file} is being written by another program (lock ${file}.lock). Try again later.`,
      );
    }
    throw fileError(file, 'khóa', 'lock', error);
  }
  return { lost: () => compromised, release: () => release().catch(() => undefined) };
}

/**
 * The one name every writer locks, whichever path it was given: symbolic links, `./x` and `x`, and
 * a bind mount of the folder all resolve to the same file in the same physical folder.
 */
async function realFile(file: string): Promise<string> {
  try {
    return await realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(file, 'mở', 'open', error);
  }
  const dir = await realpath(path.dirname(path.resolve(file))).catch((error: unknown) => {
    throw fileError(file, 'mở', 'open', error);
  });
  return path.join(dir, path.basename(file));
}

/**
 * A live writer refreshes its lock's time every few seconds, by its own clock; a lock dated further
 * in the future than a stale lock is old was left by a computer whose clock ran ahead, and would
 * block every writer until real time caught up with it. It is taken as stale.
 */
async function removeFutureLock(lock: string, staleMs: number): Promise<void> {
  const info = await stat(lock).catch(() => null);
  if (info && info.mtimeMs > Date.now() + staleMs) await rmdir(lock).catch(() => undefined);
}

function fileError(file: string, verbVi: string, verbEn: string, error: unknown): LedgerError {
  const reason = error instanceof Error ? error.message : String(error);
  return new LedgerError(
    'storage',
    `Không ${verbVi} được tệp sổ ${file}: ${reason}. Sổ không bị thay đổi.`,
    `Could not ${verbEn} the ledger file ${file}: ${reason}. The ledger was not changed.`,
  );
}
