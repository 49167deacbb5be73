import { isServerUrl, type Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openServerDatabase, type ServerDatabaseOptions } from './pg-database.ts';
import { openEmbeddedDatabase, type EmbeddedDatabaseOptions } from './pglite-database.ts';
import { redactedUrl, storageError } from './storage-error.ts';

/**
 * Opens the service's database and brings its schema up to date: a PostgreSQL server when `target`
 * is a `postgres://…` address, otherwise PGlite in that data directory (created if missing), or in
 * memory when `target` is undefined.
 */
export async function openDatabase(
  target: string | undefined,
  options: ServerDatabaseOptions & EmbeddedDatabaseOptions = {},
): Promise<Database> {
  const db = target !== undefined && isServerUrl(target) ? openServerDatabase(target, options) : await openEmbeddedDatabase(target, options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    const where = target === undefined ? undefined : redactedUrl(target);
    throw storageError(`mở cơ sở dữ liệu ${where ?? 'trong bộ nhớ'}`, `opening the database ${where ?? 'in memory'}`, error);
  }
  return db;
}
