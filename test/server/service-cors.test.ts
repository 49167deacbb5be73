import { beforeAll, describe, expect, it } from 'vitest';
import { allowedOrigin } from '../../cli/allowed-origin.ts';
import { CliError } from '../../cli/exit.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { SIGNATURE_HEADER, signRequest } from '../../server/protocol/request-signature.ts';
import { initProvince } from '../../server/province-init.ts';
import { transparencyPlugin } from '../../server/transparency/transparency-plugin.ts';
import { logKey } from '../sync/support/logged-province.ts';
import { newSigner, SO_NOI_VU } from './support/service-fixture.ts';

const PANE = 'https://addin.sonoivu.bentre.gov.vn';

describe("the service's API from a browser page (CORS), for the add-in's pane", () => {
  // One database for the file (PGlite starts in seconds of CPU); each test builds its own service on it.
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(undefined);
    return () => db.close();
  }, 120_000);

  it('lets only the configured origins read answers, answers their preflight without a signature, and still wants every request signed', async () => {
    const admin = newSigner();
    await initProvince(db, { province: { code: '83', name: 'Tỉnh Bến Tre' }, agency: SO_NOI_VU, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: admin.publicKey } });
    const app = await buildServiceApp({ db, allowedOrigins: [PANE] });
    try {
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/api/v1/plans/x/events',
        headers: { origin: PANE, 'access-control-request-method': 'POST', 'access-control-request-headers': `content-type, ${SIGNATURE_HEADER}` },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(PANE);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain(SIGNATURE_HEADER);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();

      const signed = await signRequest(admin, { method: 'GET', path: '/api/v1/me' });
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { origin: PANE, [SIGNATURE_HEADER]: signed } });
      expect(me.statusCode).toBe(200);
      expect(me.headers['access-control-allow-origin']).toBe(PANE);
      expect(String(me.headers['access-control-expose-headers'])).toContain('cchc-head-seq');

      // Another site's page gets no permission to read, and an unsigned request is refused as ever.
      const elsewhere = await app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: 'https://evil.example' } });
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
      const unsigned = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { origin: PANE } });
      expect(unsigned.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  }, 120_000);

  it("lets the pane read the transparency log too (/log/…): a pane witnesses it on every pull", async () => {
    const db = await openDatabase(undefined);
    const admin = newSigner();
    await initProvince(db, { province: { code: '83', name: 'Tỉnh Bến Tre' }, agency: SO_NOI_VU, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: admin.publicKey } });
    const app = await buildServiceApp({ db, allowedOrigins: [PANE], plugins: [{ plugin: transparencyPlugin, options: { db, logKey, checkpointIntervalMs: 0 } }] });
    try {
      const key = await app.inject({ method: 'GET', url: '/log/key', headers: { origin: PANE } });
      expect(key.statusCode).toBe(200);
      expect(key.headers['access-control-allow-origin']).toBe(PANE);
      const none = await app.inject({ method: 'GET', url: '/log/checkpoint', headers: { origin: PANE } });
      expect(none.headers['access-control-allow-origin']).toBe(PANE); // its refusal too: the pane reads why
      const elsewhere = await app.inject({ method: 'GET', url: '/log/key', headers: { origin: 'https://evil.example' } });
      expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
      await db.close();
    }
  }, 120_000);

  it('serves no CORS headers at all unless origins are configured', async () => {
    const app = await buildServiceApp({ db });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/v1/health', headers: { origin: PANE } });
      expect(health.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  }, 120_000);

  it('takes only exact origins from `cchc serve --allow-origin`, never "*" or a path', () => {
    expect(allowedOrigin('https://addin.sonoivu.gov.vn/', ['http://localhost:3000'])).toEqual(['http://localhost:3000', 'https://addin.sonoivu.gov.vn']);
    for (const bad of ['*', 'https://addin.sonoivu.gov.vn/taskpane.html', 'addin.sonoivu.gov.vn', 'file:///tmp/x']) {
      expect(() => allowedOrigin(bad)).toThrow(CliError);
    }
  });
});
