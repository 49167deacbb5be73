import { ZipDeflate } from 'fflate';
import { zipEntries, type ZipEntry } from './zip-entries.ts';

/**
 * The parts as a deflated zip, in the browser: fflate's own deflate (pure JavaScript, no zlib there).
 * The zip is laid out as Node's (zip-parts.node.ts) and holds the same parts; only the compressed
 * bytes differ from Node's, so a file made in the task pane has another SHA-256 than the same
 * report made by `cchc report`, and it is the latter that is anchored.
 */
export function zipParts(parts: readonly ZipEntry[], wallClock: Date): Uint8Array {
  return zipEntries(parts, wallClock, (name) => new ZipDeflate(name, { level: 6 }));
}
