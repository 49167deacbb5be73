import ExcelJS from 'exceljs';

/**
 * exceljs 4.4 checks each new merge against every merge made before it (Worksheet
 * _mergeCellsInternal: `_.each(this._merges, merge => merge.intersects(...))`), so loading a sheet
 * with n merged areas costs n²/2 range tests: 44% of loading a 5,000-item appendix table, and
 * minutes for a hostile one. The table reader no longer loads workbooks with exceljs
 * (templates/table/xlsx-package.ts); a workbook that carries its ledger sheet beside the appendix
 * table still is (loadWorkbook, for verify and the other ledger commands), hence the check here. A new range overlaps an earlier merge exactly when one of its own
 * cells already belongs to a merge (as its first cell or as a covered cell), so looking at the
 * range's own cells decides the same thing in time proportional to its size, which the merge then
 * walks anyway. Same error, same merges, same cells: only the order of the work changes.
 *
 * Applied once, when this module loads, and only to the method exceljs 4.4 ships (its source is
 * checked): a later exceljs that has changed the method is left alone. To be offered upstream
 * (not yet filed); remove this file when an exceljs release fixes it.
 */

interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

interface MergingCell {
  address: string;
  type: number;
  merge(master: MergingCell, ignoreStyle?: boolean): void;
}

interface MergingWorksheet {
  _merges: Record<string, MergeRange>;
  findCell(row: number, col: number): MergingCell | undefined;
  getCell(row: number, col: number): MergingCell;
  _mergeCellsInternal(dimensions: MergeRange, ignoreStyle?: boolean): void;
}

const worksheetPrototype = Object.getPrototypeOf(new ExcelJS.Workbook().addWorksheet('probe')) as MergingWorksheet;

/** exceljs's own method, kept so that tests and the bench can compare both on the same files. */
const quadraticMergeCells = worksheetPrototype._mergeCellsInternal;

/** True when the method this module replaces is the one it was written for. */
const isKnownMethod = /this\._merges[^]*?\.intersects\(/.test(String(quadraticMergeCells));

function linearMergeCells(this: MergingWorksheet, dimensions: MergeRange, ignoreStyle?: boolean): void {
  for (let row = dimensions.top; row <= dimensions.bottom; row++) {
    for (let col = dimensions.left; col <= dimensions.right; col++) {
      const cell = this.findCell(row, col);
      if (cell && (cell.type === ExcelJS.ValueType.Merge || Object.hasOwn(this._merges, cell.address))) {
        throw new Error('Cannot merge already merged cells');
      }
    }
  }
  // The rest is exceljs's own: cover every cell but the first with it, then index the merge.
  const master = this.getCell(dimensions.top, dimensions.left);
  for (let row = dimensions.top; row <= dimensions.bottom; row++) {
    for (let col = dimensions.left; col <= dimensions.right; col++) {
      if (row > dimensions.top || col > dimensions.left) this.getCell(row, col).merge(master, ignoreStyle);
    }
  }
  this._merges[master.address] = dimensions;
}

/** Which merge check exceljs uses: the linear one (the default once this module loads) or its own. */
export function useMergeCheck(kind: 'linear' | 'exceljs'): void {
  worksheetPrototype._mergeCellsInternal = kind === 'linear' && isKnownMethod ? linearMergeCells : quadraticMergeCells;
}

/** Whether the linear check is in place (false when exceljs's method is not the one it replaces). */
export const linearMergeCheckApplies = isKnownMethod;

useMergeCheck('linear');
