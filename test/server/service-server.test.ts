import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { runCli } from '../support/run-cli.ts';
import { describeService } from './service-behaviour.ts';
import { useTestDatabase } from './support/test-database.ts';

const testDatabase = useTestDatabase();

describeService('PostgreSQL server', () => openDatabase(testDatabase.url));

describe('the service app beside other plugins, and its command line', () => {
  it('serves plugins at / and /log/… beside the API, whose unknown paths answer its bilingual error body', async () => {
    const app = await buildServiceApp({
      db: testDatabase.admin,
      plugins: [
        { plugin: async (scope) => void scope.get('/', async () => 'bảng điều khiển') },
        { plugin: async (scope) => void scope.get('/log/head', async () => ({ position: 0 })), options: {} },
      ],
    });
    expect((await app.inject('/')).body).toBe('bảng điều khiển');
    expect((await app.inject('/log/head')).json()).toEqual({ position: 0 });
    const missing = await app.inject('/api/v1/nothing');
    expect({ status: missing.statusCode, body: missing.json() }).toEqual({
      status: 404,
      body: { error: { code: 'not-found', vi: 'Dịch vụ không có GET /api/v1/nothing.', en: 'The service has no GET /api/v1/nothing.' } },
    });
    await app.close();
  });

  it('cchc serve: usage errors in both languages, exit 2', () => {
    expect(runCli(['serve', '--data', 'x', '--database', 'postgres://h/db'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Lỗi: Không dùng được cùng lúc.*\nError: /) });
    expect(runCli(['serve', '--database', 'not-a-url'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--database phải là địa chỉ postgres://') });
    expect(runCli(['serve', '--port', '99999', '--database', 'postgres://h/db'])).toMatchObject({ code: 2, stderr: expect.stringContaining('không phải số cổng') });
    expect(runCli(['serve', 'init', '--database', testDatabase.url, '--province', '83'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cần tùy chọn') });
  });
});
