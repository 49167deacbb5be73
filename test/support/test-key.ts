import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPrivateKeyPem } from '../../cli/key-file.ts';

/**
 * A new Ed25519 key file (PKCS#8 PEM, mode 0600) in a folder of its own under the system's temporary
 * folder, as `cchc key new` writes one: what a test gives `--key` to make a new ledger, which is signed.
 */
export function testKeyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-key-')), 'test.key');
  writeFileSync(file, newPrivateKeyPem(), { mode: 0o600 });
  return file;
}
