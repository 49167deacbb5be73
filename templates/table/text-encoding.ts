import { firstInvalidUtf8 } from '../../ledger/utf8.ts';
import { TableError } from './table-error.ts';

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
