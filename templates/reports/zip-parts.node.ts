import { deflateRawSync } from 'node:zlib';
import { ZipPassThrough } from 'fflate';
import { zipEntries, type ZipEntry } from './zip-entries.ts';

/** Node's zlib at a fixed level: the same bytes for the same input and zlib version. */
const LEVEL = 6;

/** A zip entry compressed by Node's zlib (native), in one piece. */
class ZlibDeflateEntry extends ZipPassThrough {
  constructor(filename: string) {
    super(filename);
    this.compression = 8;
  }

  override process(chunk: Uint8Array, final: boolean): void {
    this.ondata(null, deflateRawSync(chunk, { level: LEVEL }), final);
  }
}

/** The parts as a deflated zip, in the order given, every entry's time `wallClock` (see zipEntries). */
export function zipParts(parts: readonly ZipEntry[], wallClock: Date): Uint8Array {
  return zipEntries(parts, wallClock, (name) => new ZlibDeflateEntry(name));
}
