import { crc32, deflateRawSync } from 'node:zlib';
import type { AsyncFlateStreamHandler, ZipInputFile } from 'fflate';
import { zipEntries, type ZipEntry } from './zip-entries.ts';

/** Node's zlib at a fixed level: the same bytes for the same input and zlib version. */
export const DEFLATE_LEVEL = 6;

/** A part already deflated (raw deflate, as a zip entry holds it), with its uncompressed CRC-32 and size. */
export interface DeflatedPart {
  name: string;
  deflated: Uint8Array;
  crc: number;
  size: number;
}

/** A zip entry whose deflated bytes, CRC and size are known: the bytes it is pushed are written as they are. */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  ondata?: AsyncFlateStreamHandler;

  constructor(
    readonly filename: string,
    readonly crc: number,
    readonly size: number,
  ) {}

  push(deflated: Uint8Array, final: boolean): void {
    // zipEntries pushes what it was given: a Buffer or an Uint8Array over an ArrayBuffer.
    this.ondata!(null, deflated as Uint8Array<ArrayBuffer>, final);
  }
}

/** The parts as a deflated zip, in the order given, every entry's time `wallClock` (see zipEntries). */
export function zipParts(parts: readonly ZipEntry[], wallClock: Date): Uint8Array {
  return zipDeflatedParts(
    parts.map(({ name, data }) => ({ name, deflated: deflateRawSync(data, { level: DEFLATE_LEVEL }), crc: crc32(data), size: data.length })),
    wallClock,
  );
}

/** Parts deflated beforehand (report-book.node.ts deflates them while the report is built), zipped as zipParts does. */
export function zipDeflatedParts(parts: readonly DeflatedPart[], wallClock: Date): Uint8Array {
  const byName = new Map(parts.map((part) => [part.name, part]));
  return zipEntries(
    parts.map(({ name, deflated }) => ({ name, data: deflated })),
    wallClock,
    (name) => {
      const { crc, size } = byName.get(name)!;
      return new DeflatedEntry(name, crc, size);
    },
  );
}
