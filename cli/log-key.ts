import { stat } from 'node:fs/promises';
import type { LogKey } from '../server/transparency/checkpoint-signer.ts';
import { readKeyFile, writeNewKeyFile } from './key-file.ts';

/** The log key's file name beside the service's data (PGlite), or in the folder `cchc serve --database` runs in. */
export const LOG_KEY_FILE_NAME = 'log-key.pem';

/** The log's origin line when none is given: the province's, so that two provinces' logs never share a name. */
export const defaultLogOrigin = (provinceCode: string): string => `cchc/tinh-${provinceCode}`;

/**
 * The key that signs the province's transparency log: the key file given, made (mode 0600) the
 * first time the service starts. It must then never change, nor its origin: witnesses and clients
 * remember both, and a checkpoint under another key is what a rewritten log would show.
 */
export async function logKeyOf(file: string, origin: string): Promise<{ key: LogKey; made: boolean }> {
  const exists = (await stat(file).catch(() => null)) !== null;
  const signer = exists ? await readKeyFile(file) : await writeNewKeyFile(file);
  return { key: { origin, signer }, made: !exists };
}
