import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../../server/db/database.ts';
import { openDatabase } from '../../../server/db/open-database.ts';

/** The PostgreSQL server the tests use; `.ci/run` makes sure one runs there. */
export const SERVER_URL = process.env.CCHC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test server, for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cchc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`drop database if exists ${name} with (force)`) };
}

/**
 * A fresh database for the calling test file, made before its tests and dropped after them, with
 * one handle open on it (`admin`). Read the fields inside tests and hooks: they are set in beforeAll.
 */
export function useTestDatabase(): { url: string; admin: Database } {
  const current = {} as { url: string; admin: Database };
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    current.url = database.url;
    current.admin = await openDatabase(database.url);
  });
  afterAll(async () => {
    await current.admin?.close();
    await database?.drop();
  });
  return current;
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`the tests need a PostgreSQL server at ${SERVER_URL} (set CCHC_TEST_DATABASE_URL, or run .ci/run): ${String(error)}`);
  }
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
