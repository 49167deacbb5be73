import pg from 'pg';
import type { Database, Queryable } from './database.ts';

export interface ServerDatabaseOptions {
  /** Connections in the pool (pg's default is 10). */
  maxConnections?: number;
}

/** A PostgreSQL server through a `pg` pool: each transaction on one connection checked out for it. */
export function openServerDatabase(url: string, options: ServerDatabaseOptions = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // A connection that breaks while idle (the server restarted) is dropped by the pool and the next
  // query opens another; without a listener the error would end the process.
  pool.on('error', () => undefined);
  const over = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await client.query<Row>(text, params as unknown[])).rows;
    },
    async exec(script: string) {
      await client.query(script);
    },
  });
  return {
    kind: 'server',
    ...over(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        try {
          const result = await work(over(client));
          await client.query('commit');
          return result;
        } catch (error) {
          await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
          throw error;
        }
      } finally {
        // A connection whose rollback failed is in an unknown state: destroyed, not reused.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
