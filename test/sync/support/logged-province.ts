import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { FastifyInstance } from 'fastify';
import { sha256Hex } from '#digest';
import { readKeyFile, signerOfSeed } from '../../../cli/key-file.ts';
import type { Database } from '../../../server/db/database.ts';
import { openDatabase } from '../../../server/db/open-database.ts';
import { buildServiceApp } from '../../../server/http/service-app.ts';
import { ServiceClient } from '../../../server/protocol/service-client.ts';
import { initProvince } from '../../../server/province-init.ts';
import { signNewCheckpoint, type LogKey } from '../../../server/transparency/checkpoint-signer.ts';
import { transparencyPlugin } from '../../../server/transparency/transparency-plugin.ts';
import type { runCliAsync } from '../../support/run-cli.ts';
import { listen, ServiceProxy } from './service-proxy.ts';

export const SAMPLE = fileURLToPath(new URL('../../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
export const SO_NOI_VU = 'Sở Nội vụ tỉnh Bến Tre';
export const AN = ['--actor', 'Nguyễn Thị An', '--unit', SO_NOI_VU];
export const ORIGIN = 'cchc.example/tinh-83/log';
export const logKey: LogKey = { origin: ORIGIN, signer: signerOfSeed(hexToBytes(sha256Hex('cchc test: province log key'))) };
/** Another key, under the same name: what a proxy or an impostor would sign with. */
export const otherKey = signerOfSeed(hexToBytes(sha256Hex('cchc test: not the province log key')));

export interface LoggedProvince {
  db: Database;
  app: FastifyInstance;
  /** The service itself. */
  url: string;
  /** The same service through a proxy a test can make lie. */
  proxy: ServiceProxy;
  proxied: string;
  close(): Promise<void>;
}

/**
 * A province on PGlite in memory with Nguyễn Thị An as its administrator (her key made by `cchc key
 * new` into `anKey`), its plan kh-2021, and its transparency log, whose checkpoints the test signs
 * itself (nothing depends on a timer): the first one signed here.
 */
export async function startLoggedProvince(
  cli: (args: string[]) => ReturnType<typeof runCliAsync>,
  anKey: string,
  witnesses: readonly string[] = [],
): Promise<LoggedProvince> {
  const made = await cli(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', SO_NOI_VU, '--out', anKey]);
  if (made.code !== 0) throw new Error(`cchc key new: ${made.stderr}`);
  const an = await readKeyFile(anKey);
  const db = await openDatabase(undefined);
  await initProvince(db, { province: { code: '83', name: 'Tỉnh Bến Tre' }, agency: { id: 'snv', officialName: SO_NOI_VU }, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: an.publicKey } });
  const app = await buildServiceApp({ db, plugins: [{ plugin: transparencyPlugin, options: { db, logKey, checkpointIntervalMs: 0, witnesses } }] });
  const url = await listen(app);
  const proxy = new ServiceProxy(url);
  const proxied = await listen(proxy.server);
  await new ServiceClient(url, an).createPlan({ id: 'kh-2021', ownerAgencyId: 'snv', scope: 'province', title: 'Kế hoạch CCHC năm 2021', periodFrom: '2021-01-01', periodTo: '2021-12-31' });
  await signNewCheckpoint(db, logKey);
  return {
    db,
    app,
    url,
    proxy,
    proxied,
    async close() {
      await new Promise((resolve) => proxy.server.close(resolve));
      await app.close();
      await db.close();
    },
  };
}
