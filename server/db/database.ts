/**
 * The one small query interface the service's storage speaks, over either driver: `pg` for a
 * PostgreSQL server or PGlite (PostgreSQL compiled to WebAssembly) in a data directory. Both run
 * the same SQL; nothing above this file knows which one it has.
 */
export interface Queryable {
  /** One statement with `$1`-style parameters; resolves to its rows. */
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements, no parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'server' | 'embedded';
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws (and the error rethrown). Everything `work` does must go through `tx`.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A PostgreSQL server's address, as opposed to an embedded database's data directory. */
export function isServerUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** int8 arrives as a string (pg) or a bigint (PGlite); positions and counts stay far below 2^53. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer from the database: ${String(value)}`);
  return n;
}
