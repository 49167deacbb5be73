// Writes zip files byte by byte, so the corpus can hold what no library would write: sizes that
// lie, parts that inflate to gigabytes, a cut-off end. Node only (zlib), like the rest of scripts/.
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The part's bytes; or, for a part too big to hold, its deflated stream and the facts about it. */
  data?: Uint8Array;
  deflated?: { bytes: Uint8Array; size: number; crc: number };
  /** Store instead of deflate. */
  stored?: boolean;
  /** Sizes written into the headers instead of the true ones: a zip that lies. */
  claim?: { size?: number; compressedSize?: number };
}

const u16 = (n: number) => Buffer.from([n & 0xff, (n >>> 8) & 0xff]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** A whole zip file: local headers and data, then the central directory and its end record. */
export function zipFile(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let body: Uint8Array;
    let size: number;
    let crc: number;
    let method: number;
    if (entry.deflated) {
      ({ bytes: body, size, crc } = entry.deflated);
      method = 8;
    } else {
      const data = entry.data ?? new Uint8Array();
      size = data.length;
      crc = crc32(data);
      method = entry.stored ? 0 : 8;
      body = entry.stored ? data : deflateRawSync(data);
    }
    const claimedSize = entry.claim?.size ?? size;
    const claimedCompressed = entry.claim?.compressedSize ?? body.length;
    const common = Buffer.concat([
      u16(20), // version needed
      u16(0x0800), // flags: UTF-8 names
      u16(method),
      u16(0), // time
      u16(0x21), // date (1980-01-01)
      u32(crc),
      u32(claimedCompressed),
      u32(claimedSize),
      u16(name.length),
      u16(0), // extra length
    ]);
    const local = Buffer.concat([u32(0x04034b50), common, name]);
    locals.push(local, Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    centrals.push(
      Buffer.concat([u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset), name]),
    );
    offset += local.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * A raw deflate stream made of segments, each compressed once and repeated `times` times, so a part
 * that inflates to gigabytes costs a few megabytes and milliseconds to make. Each segment ends in a
 * full flush, which resets the dictionary, so its copies are byte-identical and can be laid end to end.
 */
export function deflatedSegments(segments: ReadonlyArray<{ bytes: Uint8Array; times?: number }>): NonNullable<ZipEntry['deflated']> {
  const pieces: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const { bytes, times = 1 } of segments) {
    const block = deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
    for (let i = 0; i < times; i++) {
      pieces.push(block);
      crc = crc32(bytes, crc);
    }
    size += bytes.length * times;
  }
  pieces.push(deflateRawSync(new Uint8Array(), { level: 9 })); // the final, empty block
  return { bytes: Buffer.concat(pieces), size, crc };
}
