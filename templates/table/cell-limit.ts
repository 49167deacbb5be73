import { columnLetter, type Grid } from './grid.ts';
import { TableError } from './table-error.ts';

/** An Excel cell holds at most 32,767 characters; a longer one was not typed into a spreadsheet. */
export const CELL_MAX_LENGTH = 32_767;

/**
 * Refuses a grid with a cell longer than a spreadsheet cell can hold, naming its sheet, row and
 * column, before the reader parses timelines and agencies out of it (costs that grow with length).
 */
export function refuseOverlongCells(grid: Grid, fileName: string): void {
  grid.values.forEach((row, r) =>
    row.forEach((cell, c) => {
      if (typeof cell !== 'string' || cell.length <= CELL_MAX_LENGTH) return;
      const at = `${columnLetter(c + 1)}${r + 1}`;
      const sheet = grid.sheet ? `, sheet "${grid.sheet}"` : '';
      throw new TableError(
        'cell-too-long',
        `Tệp "${fileName}"${sheet}, ô ${at} (hàng ${r + 1}, cột ${columnLetter(c + 1)}): ô dài ${cell.length} ký tự, quá giới hạn ${CELL_MAX_LENGTH} ký tự của một ô Excel; bảng bị từ chối. Hãy rút gọn nội dung ô này.`,
        `"${fileName}"${sheet}, cell ${at} (row ${r + 1}, column ${columnLetter(c + 1)}): ${cell.length} characters, over the ${CELL_MAX_LENGTH} an Excel cell holds; the table is refused. Shorten that cell.`,
        { file: fileName, ...(grid.sheet ? { sheet: grid.sheet } : {}), row: r + 1 },
      );
    }),
  );
}
