import { afterAll, describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import { loadMigrations, migrate, type Migration } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { openServerDatabase } from '../../server/db/pg-database.ts';
import { createTestDatabase, SERVER_URL, type TestDatabase } from './support/test-database.ts';

const created: TestDatabase[] = [];
afterAll(async () => {
  for (const t of created) await t.drop();
});
async function freshDatabase(): Promise<string> {
  const t = await createTestDatabase();
  created.push(t);
  return t.url;
}

const tables = async (url: string) => {
  const db = openServerDatabase(url);
  try {
    return (await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' order by 1`)).map((r) => r.table_name);
  } finally {
    await db.close();
  }
};

describe('migrations', () => {
  it('are the numbered .sql files of server/migrations, in order', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]).toMatchObject({ version: 1, name: 'province-ledger', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('apply once, recorded with their checksums; opening again applies nothing', async () => {
    const url = await freshDatabase();
    const db = openServerDatabase(url);
    const migrations = await loadMigrations();
    expect(await migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    expect(await db.query('select version, name, sha256 from schema_migration order by version')).toEqual(
      migrations.map(({ version, name, sha256 }) => ({ version, name, sha256 })),
    );
    await db.close();
    expect(await tables(url)).toEqual(['agency', 'person', 'person_key', 'plan', 'plan_event', 'plan_figures', 'province', 'province_log', 'report_figures', 'request_nonce', 'schema_migration', 'tlog_checkpoint', 'tlog_cosignature', 'tlog_node', 'tlog_tree']);
  });

  it('two processes opening a fresh database at once take turns: one applies, the other finds nothing to do', async () => {
    const url = await freshDatabase();
    const [a, b] = [openServerDatabase(url), openServerDatabase(url)];
    const applied = await Promise.all([migrate(a), migrate(b)]);
    expect(applied.map((v) => v.length).sort()).toEqual([0, (await loadMigrations()).length]);
    await a.close();
    await b.close();
  });

  it('apply all or nothing: a failing migration leaves the database as it was', async () => {
    const url = await freshDatabase();
    const db = openServerDatabase(url);
    const migrations = await loadMigrations();
    const broken: Migration = { version: migrations.length + 1, name: 'broken', sql: 'alter table no_such_table add column x integer;', sha256: 'x' };
    await expect(migrate(db, [...migrations, broken])).rejects.toMatchObject({ code: '42P01' });
    await db.close();
    expect(await tables(url)).toEqual([]);
  });

  it('refuse a migration edited after it was applied, and a database newer than the program', async () => {
    const url = await freshDatabase();
    const db = await openDatabase(url);
    const [first] = await loadMigrations();
    const edited = await migrate(db, [{ ...first!, sql: first!.sql + '\n-- edited', sha256: 'edited' }]).catch((e: unknown) => e);
    expect(edited).toBeInstanceOf(LedgerError);
    expect(edited).toMatchObject({ code: 'storage', messageEn: 'Migration 1 (province-ledger) was edited after it was applied; nothing more was applied.' });
    const newer = await migrate(db, []).catch((e: unknown) => e);
    expect(newer).toMatchObject({ code: 'storage', messageVi: expect.stringContaining('mới hơn chương trình này') });
    await db.close();
  });

  it('a server that does not answer is a typed, bilingual error naming it, without its password', async () => {
    const url = new URL(SERVER_URL);
    url.port = '1';
    url.password = 'bi-mat';
    const error = await openDatabase(url.toString()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect(error).toMatchObject({ code: 'storage', messageVi: expect.stringContaining('Lỗi cơ sở dữ liệu khi mở cơ sở dữ liệu postgres://') });
    expect((error as LedgerError).messageEn).toContain('ECONNREFUSED');
    expect((error as LedgerError).messageEn).toContain(':***@');
    expect((error as LedgerError).messageEn).not.toContain('bi-mat');
  });
});
