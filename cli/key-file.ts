// Node only: Ed25519 keys in PKCS#8 files, signing with node:crypto.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { fingerprintOf, type Signer } from '../ledger/signed-content.ts';
import { CliError, EXIT_USAGE } from './exit.ts';

/** A new Ed25519 private key, as PKCS#8 PEM. */
export function newPrivateKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The 32 public key bytes of an Ed25519 key, as 64 hex digits. */
export function publicKeyHex(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

/** A signer over an Ed25519 private key in PKCS#8 (PEM or DER). */
export function signerOfPrivateKey(pkcs8: string | Buffer): Signer {
  const key = createPrivateKey(typeof pkcs8 === 'string' || pkcs8.includes('-----BEGIN') ? { key: pkcs8, format: 'pem' } : { key: pkcs8, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
  const publicKey = publicKeyHex(key);
  return {
    publicKey,
    fingerprint: fingerprintOf(publicKey),
    sign: async (content) => sign(null, Buffer.from(content, 'utf8'), key).toString('hex'),
  };
}

// RFC 8410's PKCS#8 header of an Ed25519 private key: the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The signer of a key given by its 32-byte seed: reproducible keys for the demo and the test vectors. */
export function signerOfSeed(seed: Uint8Array): Signer {
  return signerOfPrivateKey(Buffer.concat([PKCS8_ED25519_PREFIX, seed]));
}

/** Writes a new key file (PKCS#8 PEM, mode 0600), never over an existing file. */
export async function writeNewKeyFile(file: string): Promise<Signer> {
  const pem = newPrivateKeyPem();
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new CliError(
      exists ? `Tệp ${file} đã có; không ghi đè một khóa.` : `Không tạo được tệp khóa ${file}: ${(error as Error).message}`,
      exists ? `${file} exists; a key is never overwritten.` : `Cannot create the key file ${file}: ${(error as Error).message}`,
      EXIT_USAGE,
    );
  }
  try {
    await handle.writeFile(pem);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return signerOfPrivateKey(pem);
}

/**
 * The signer of a key file, as `--key FILE` or CCHC_KEY names it. A file others can read is refused,
 * as ssh refuses one: whoever read it could sign as its owner.
 */
export async function readKeyFile(file: string): Promise<Signer> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new CliError(`Không tìm thấy tệp khóa ${file}.`, `Key file not found: ${file}.`, EXIT_USAGE);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new CliError(
      `Tệp khóa ${file} để người khác đọc được (quyền ${(info.mode & 0o777).toString(8)}); hãy chạy "chmod 600 ${file}".`,
      `Key file ${file} is readable by others (mode ${(info.mode & 0o777).toString(8)}); run "chmod 600 ${file}".`,
      EXIT_USAGE,
    );
  }
  try {
    return signerOfPrivateKey(await readFile(file));
  } catch (error) {
    throw new CliError(
      `Tệp ${file} không phải khóa riêng Ed25519 (PKCS#8): ${(error as Error).message}`,
      `${file} is not an Ed25519 private key (PKCS#8): ${(error as Error).message}`,
      EXIT_USAGE,
    );
  }
}
