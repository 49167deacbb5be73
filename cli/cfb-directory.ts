/**
 * The names of the streams in an OLE compound file (CFB: "D0 CF 11 E0"), the container of old
 * .xls workbooks and of password-protected .xlsx ones. Reading the directory is enough to tell which.
 */
export const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

const END_OF_CHAIN = 0xfffffffe;
const ENTRY_SIZE = 128;
const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

export function isCompoundFile(bytes: Uint8Array): boolean {
  return CFB_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Names of the storages and streams in the file's directory; null when the directory cannot be followed. */
export function compoundFileNames(bytes: Uint8Array): string[] | null {
  if (!isCompoundFile(bytes) || bytes.length < 512) return null;
  const sectorSize = 1 << u16(bytes, 0x1e);
  if (sectorSize !== 512 && sectorSize !== 4096) return null;
  const sectorAt = (n: number) => (n + 1) * sectorSize;
  // The FAT's own sectors: the first 109 are listed in the header, which is all a workbook of up to
  // some 7 MB needs; a directory sector beyond them ends the walk (null).
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = u32(bytes, 0x4c + 4 * i);
    if (s >= END_OF_CHAIN) break;
    fatSectors.push(s);
  }
  const perFatSector = sectorSize / 4;
  const nextSector = (n: number): number | null => {
    const fat = fatSectors[Math.floor(n / perFatSector)];
    if (fat === undefined || sectorAt(fat) + sectorSize > bytes.length) return null;
    return u32(bytes, sectorAt(fat) + 4 * (n % perFatSector));
  };

  const names: string[] = [];
  const seen = new Set<number>();
  for (let sector = u32(bytes, 0x30); sector !== END_OF_CHAIN; ) {
    if (seen.has(sector) || sectorAt(sector) + sectorSize > bytes.length) return null;
    seen.add(sector);
    for (let at = sectorAt(sector); at < sectorAt(sector) + sectorSize; at += ENTRY_SIZE) {
      const type = bytes[at + 66];
      const length = u16(bytes, at + 64); // in bytes, the terminating NUL included
      if ((type === 1 || type === 2 || type === 5) && length >= 2 && length <= 64) {
        let name = '';
        for (let i = 0; i < length - 2; i += 2) name += String.fromCharCode(u16(bytes, at + i));
        names.push(name);
      }
    }
    const next = nextSector(sector);
    if (next === null) return null;
    sector = next;
  }
  return names;
}

export type CompoundKind = 'encrypted-workbook' | 'old-excel' | 'word' | 'powerpoint' | 'other';

/** What an OLE compound file is, by its streams: Office's encryption puts an .xlsx inside "EncryptedPackage". */
export function compoundFileKind(names: readonly string[] | null): CompoundKind {
  const has = (name: string) => names?.some((n) => n.toLowerCase() === name.toLowerCase()) ?? false;
  if (has('EncryptedPackage')) return 'encrypted-workbook';
  if (has('Workbook') || has('Book')) return 'old-excel';
  if (has('WordDocument')) return 'word';
  if (has('PowerPoint Document')) return 'powerpoint';
  return 'other';
}
