import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import { LedgerError } from '../../ledger/errors.ts';
import type { Database, Queryable } from './database.ts';

/** A held lock not refreshed for this long belongs to a dead process and is taken over. */
const LOCK_STALE_MS = 30_000;

/**
 * PostgreSQL embedded in this process (PGlite) over a data directory, or in memory when none is
 * given. PGlite has one connection: its transactions run one after another. It is one process's
 * database, so the directory is locked (`<dir>.lock`) for as long as it is open: a second process
 * — or a second open in this one — is refused instead of corrupting it.
 */
export async function openEmbeddedDatabase(dataDir?: string): Promise<Database> {
  let release: (() => Promise<void>) | undefined;
  if (dataDir !== undefined) {
    const dir = resolve(dataDir);
    await mkdir(dir, { recursive: true });
    try {
      release = await lockfile.lock(dir, { stale: LOCK_STALE_MS, realpath: false });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
      throw new LedgerError(
        'storage',
        `Cơ sở dữ liệu nhúng ở ${dir} đang được một chương trình khác dùng; hãy dừng chương trình đó, hoặc dùng máy chủ PostgreSQL (--database postgres://…) cho nhiều chương trình cùng lúc.`,
        `The embedded database in ${dir} is in use by another program; stop it, or use a PostgreSQL server (--database postgres://…) for several programs at once.`,
      );
    }
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
