import type { Location } from './store.ts';

/** Where a stored event sits, in words a person can follow to it: file line and byte, sheet row, or key. */
export function locationText(where: Location): { vi: string; en: string } {
  const vi: string[] = [];
  const en: string[] = [];
  if (where.file !== undefined) {
    vi.push(`tệp ${where.file}`);
    en.push(`file ${where.file}`);
  }
  if (where.line !== undefined) {
    vi.push(`dòng ${where.line}`);
    en.push(`line ${where.line}`);
  }
  if (where.byte !== undefined) {
    vi.push(`byte ${where.byte}`);
    en.push(`byte ${where.byte}`);
  }
  if (where.sheet !== undefined) {
    vi.push(`trang ${where.sheet}`);
    en.push(`sheet ${where.sheet}`);
  }
  if (where.row !== undefined) {
    vi.push(`dòng ${where.row}`);
    en.push(`row ${where.row}`);
  }
  if (where.key !== undefined) {
    vi.push(`khóa ${where.key}`);
    en.push(`key ${where.key}`);
  }
  return vi.length === 0 ? { vi: 'cuối sổ', en: 'the end of the ledger' } : { vi: vi.join(', '), en: en.join(', ') };
}
