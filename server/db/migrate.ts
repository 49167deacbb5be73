import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { LedgerError } from '../../ledger/errors.ts';
import type { Database } from './database.ts';

/** The repository's migrations: numbered SQL files, applied in order, each once. */
// Two levels up, then down: the same directory from this file and from the built command line's chunks (build/cli/).
export const MIGRATIONS_DIR = new URL('../../server/migrations/', import.meta.url);
const FILE_NAME = /^(\d{4})-([a-z0-9-]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const migrations: Migration[] = [];
  for (const file of (await readdir(dir)).sort()) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const sql = await readFile(new URL(file, dir), 'utf8');
    migrations.push({ version: Number(match[1]), name: match[2]!, sql, sha256: createHash('sha256').update(sql).digest('hex') });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 0001, 0002, … without gaps: ${m.version} is number ${i + 1}`);
  });
  return migrations;
}

/**
 * Brings the database's schema up to the repository's: every migration not yet applied, in order,
 * in one transaction (PostgreSQL's DDL is transactional: all of them or none), recorded in
 * `schema_migration` with its checksum. Two processes starting at once take turns (an advisory
 * lock); the second finds nothing left to do. A migration edited after it was applied, or a database
 * newer than this program, is refused rather than guessed at. Returns the versions applied now.
 */
export async function migrate(db: Database, migrations?: readonly Migration[]): Promise<number[]> {
  const wanted = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('cchc.migrate'))`);
    await tx.exec(`create table if not exists schema_migration (
      version integer primary key,
      name text not null,
      sha256 text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = await tx.query<{ version: number; name: string; sha256: string }>(
      'select version, name, sha256 from schema_migration order by version',
    );
    for (const row of applied) {
      const known = wanted.find((m) => m.version === row.version);
      if (!known) {
        throw new LedgerError(
          'storage',
          `Cơ sở dữ liệu đã ở phiên bản lược đồ ${row.version} (${row.name}), mới hơn chương trình này; hãy cập nhật chương trình.`,
          `The database is at schema version ${row.version} (${row.name}), newer than this program; update the program.`,
        );
      }
      if (known.sha256 !== row.sha256) {
        throw new LedgerError(
          'storage',
          `Tệp chuyển đổi lược đồ ${row.version} (${known.name}) đã bị sửa sau khi áp dụng; không áp dụng gì thêm.`,
          `Migration ${row.version} (${known.name}) was edited after it was applied; nothing more was applied.`,
        );
      }
    }
    const pending = wanted.filter((m) => !applied.some((row) => row.version === m.version));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migration (version, name, sha256) values ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.sha256,
      ]);
    }
    return pending.map((m) => m.version);
  });
}
