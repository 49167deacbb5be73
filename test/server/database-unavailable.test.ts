import { describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';

/** A database whose every query fails with `error`, as a driver reports a lost or refused connection. */
function failingDatabase(error: Error): Database {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { kind: 'server', query: fail, exec: fail, transaction: fail, close: async () => undefined };
}

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('a service whose database is unreachable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the server shutting down (57P01)', withCode('terminating connection due to administrator command', '57P01')],
    ['a connection exception (08006)', withCode('connection failure', '08006')],
    ['a connection ended by the server', new Error('Connection terminated unexpectedly')],
    ['several addresses all refused', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')])],
  ])('answers 503 "storage", in Vietnamese and English, for %s', async (_name, error) => {
    const app = await buildServiceApp({ db: failingDatabase(error) });
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(503);
    const body = response.json();
    expect(body.error.code).toBe('storage');
    expect(body.error.vi).toMatch(/không kết nối được cơ sở dữ liệu/);
    expect(body.error.en).toMatch(/cannot reach its database/);
    await app.close();
  });

  it('still answers 500 "internal" for a fault that is not the connection (a bug, a broken query)', async () => {
    const app = await buildServiceApp({ db: failingDatabase(withCode('syntax error at or near "selec"', '42601')) });
    const response = await app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('internal');
    await app.close();
  });
});
