/**
 * The table of contents of a zip file (its end record and central directory), read from the bytes
 * without inflating anything: what each part declares it holds, so that a workbook can be refused
 * before a library inflates it. ZIP64 records are followed; sizes are numbers (exact up to 2^53).
 */
export interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated; anything else is a method no spreadsheet library reads. */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** The size it says it inflates to. */
  size: number;
  /** Where its local header starts. */
  localOffset: number;
}

export type ZipDirectory =
  | { ok: true; parts: ZipPart[] }
  | { ok: false; problem: 'no-end-record' | 'directory-outside' | 'bad-directory'; byte: number };

const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  const end = findEndRecord(bytes);
  if (end < 0) return { ok: false, problem: 'no-end-record', byte: bytes.length };
  let count = u16(bytes, end + 10);
  let directorySize = u32(bytes, end + 12);
  let directoryOffset = u32(bytes, end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(bytes, locator) !== END64_LOCATOR) return { ok: false, problem: 'bad-directory', byte: end };
    const end64 = u64(bytes, locator + 8);
    if (end64 + 56 > bytes.length || u32(bytes, end64) !== END64) return { ok: false, problem: 'directory-outside', byte: locator };
    count = u64(bytes, end64 + 32);
    directorySize = u64(bytes, end64 + 40);
    directoryOffset = u64(bytes, end64 + 48);
  }
  if (directoryOffset + directorySize > bytes.length) return { ok: false, problem: 'directory-outside', byte: end };

  const parts: ZipPart[] = [];
  const decoder = new TextDecoder();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) return { ok: false, problem: 'bad-directory', byte: at };
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > bytes.length) return { ok: false, problem: 'bad-directory', byte: at };
    const part: ZipPart = {
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(bytes, at + 10),
      encrypted: (flags & 1) === 1,
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    };
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), part);
    if (part.localOffset + 30 > bytes.length || u32(bytes, part.localOffset) !== LOCAL) return { ok: false, problem: 'bad-directory', byte: at };
    parts.push(part);
    at = next;
  }
  return { ok: true, parts };
}

/** Where a part's stored bytes start: after its local header, whose name and extra field may differ from the directory's. */
export function dataOffset(bytes: Uint8Array, part: ZipPart): number {
  return part.localOffset + 30 + u16(bytes, part.localOffset + 26) + u16(bytes, part.localOffset + 28);
}

/** The end record, searched from the end (a zip may carry a comment of up to 65,535 bytes after it). */
function findEndRecord(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - MAX_COMMENT; at--) {
    if (bytes[at] === 0x50 && u32(bytes, at) === END && at + 22 + u16(bytes, at + 20) <= bytes.length) return at;
  }
  return -1;
}

/** ZIP64 extended information (extra field 0x0001): the true sizes and offset where the 32-bit ones are full. */
function readZip64Extra(extra: Uint8Array, part: ZipPart): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const take = (): number | null => (field + 8 <= at + 4 + length ? ((field += 8), u64(extra, field - 8)) : null);
      if (part.size === 0xffffffff) part.size = take() ?? part.size;
      if (part.compressedSize === 0xffffffff) part.compressedSize = take() ?? part.compressedSize;
      if (part.localOffset === 0xffffffff) part.localOffset = take() ?? part.localOffset;
      return;
    }
    at += 4 + length;
  }
}
