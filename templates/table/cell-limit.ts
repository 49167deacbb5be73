import { longCombiningRun, MAX_COMBINING_RUN } from '../../ledger/stream-safe.ts';
import { columnLetter, type Grid } from './grid.ts';
import { TableError } from './table-error.ts';

/** An Excel cell holds at most 32,767 characters; a longer one was not typed into a spreadsheet. */
export const CELL_MAX_LENGTH = 32_767;

/** A lone half of a UTF-16 surrogate pair (Excel's `_xD800_` escape decodes to one): no character at all. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refuses a grid with a cell no one typed: longer than a spreadsheet cell holds, holding a lone
 * surrogate (which the ledger cannot store), or a run of more than 30 combining marks (which costs
 * quadratic time to normalise). Names its sheet, row and column, before the reader parses
 * timelines and agencies out of it (costs that grow with length).
 */
export function refuseOverlongCells(grid: Grid, fileName: string): void {
  // A table repeats the same texts (agencies, timelines): each distinct text is checked once.
  const passed = new Set<string>();
  grid.values.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (typeof cell !== 'string' || passed.has(cell)) return;
      // Most cells pass every check: the messages are made only for the one refused.
      if (cell.length <= CELL_MAX_LENGTH && !LONE_SURROGATE.test(cell) && !longCombiningRun(cell)) {
        passed.add(cell);
        return;
      }
      const at = `${columnLetter(c + 1)}${r + 1}`;
      const sheet = grid.sheet ? `, sheet "${grid.sheet}"` : '';
      const where = {
        vi: `Tệp "${fileName}"${sheet}, ô ${at} (hàng ${r + 1}, cột ${columnLetter(c + 1)})`,
        en: `"${fileName}"${sheet}, cell ${at} (row ${r + 1}, column ${columnLetter(c + 1)})`,
      };
      const refuse = (code: 'cell-too-long' | 'cell-invalid-text', vi: string, en: string) =>
        new TableError(code, `${where.vi}: ${vi}`, `${where.en}: ${en}`, { file: fileName, ...(grid.sheet ? { sheet: grid.sheet } : {}), row: r + 1 });
      if (cell.length > CELL_MAX_LENGTH) {
        throw refuse(
          'cell-too-long',
          `ô dài ${cell.length} ký tự, quá giới hạn ${CELL_MAX_LENGTH} ký tự của một ô Excel; bảng bị từ chối. Hãy rút gọn nội dung ô này.`,
          `${cell.length} characters, over the ${CELL_MAX_LENGTH} an Excel cell holds; the table is refused. Shorten that cell.`,
        );
      }
      const lone = LONE_SURROGATE.exec(cell);
      if (lone) {
        const code = cell.charCodeAt(lone.index).toString(16).toUpperCase();
        throw refuse(
          'cell-invalid-text',
          `ô chứa một ký tự không hợp lệ (nửa cặp thay thế UTF-16, mã _x${code}_) ở ký tự thứ ${lone.index + 1}: không phải chữ gõ vào Excel, tệp đã bị sửa hoặc hỏng; bảng bị từ chối. Hãy gõ lại nội dung ô này.`,
          `an invalid character (a lone UTF-16 surrogate, written _x${code}_) at character ${lone.index + 1}: not text typed into Excel, the file was altered or is damaged; the table is refused. Retype that cell.`,
        );
      }
      const run = longCombiningRun(cell);
      if (run) {
        throw refuse(
          'cell-invalid-text',
          `ô có ${run.length} dấu kết hợp liền nhau từ ký tự thứ ${run.at + 1}, quá giới hạn ${MAX_COMBINING_RUN} (chuẩn Unicode UAX #15; chữ Việt dùng tối đa 2 dấu trên một chữ); bảng bị từ chối. Hãy gõ lại nội dung ô này.`,
          `${run.length} combining marks in a row from character ${run.at + 1}, over the ${MAX_COMBINING_RUN} Unicode allows (UAX #15 stream-safe text; Vietnamese puts at most 2 on a letter); the table is refused. Retype that cell.`,
        );
      }
    }),
  );
}
