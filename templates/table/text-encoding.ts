import { TableError } from './table-error.ts';

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates
 * and code points past U+10FFFF included), or -1 when there is none.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Found below: the decoder says whether, not where.
  }
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const [length, low, high] = b >= 0xc2 && b <= 0xdf ? [2, 0x80, 0xbf] : b === 0xe0 ? [3, 0xa0, 0xbf] : b === 0xed ? [3, 0x80, 0x9f] : b >= 0xe1 && b <= 0xef ? [3, 0x80, 0xbf] : b === 0xf0 ? [4, 0x90, 0xbf] : b >= 0xf1 && b <= 0xf3 ? [4, 0x80, 0xbf] : b === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return -1;
}

/**
 * Refuses text bytes that are neither UTF-16 (with its byte-order mark) nor UTF-8, naming the first
 * bad byte. Not guessed: Windows-1258, TCVN3 and VNI bytes cannot be told apart with certainty, and
 * a wrong guess would put wrong words into the ledger.
 */
export function refuseUndecodableText(bytes: Uint8Array, fileName: string): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return;
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return;
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const hex = `0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}`;
  throw new TableError(
    'not-utf8',
    `Tệp "${fileName}" không phải văn bản UTF-8: byte ${at} (dòng ${line}) là ${hex}. Có lẽ tệp được lưu theo bảng mã cũ (Windows-1258, TCVN3/ABC, VNI). Hãy lưu lại tệp dưới dạng "Unicode (UTF-8)" (trong Excel: Lưu thành > "Văn bản Unicode (*.txt)") rồi thử lại.`,
    `"${fileName}" is not UTF-8 text: byte ${at} (line ${line}) is ${hex}. It was probably saved in an old code page (Windows-1258, TCVN3/ABC, VNI). Save it again as "Unicode (UTF-8)" (in Excel: Save As > "Unicode Text (*.txt)") and try again.`,
    { file: fileName, row: line },
  );
}
