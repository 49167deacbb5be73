// The appendix-table reader: its public entry points and types.
export { readTable, type ReadTableOptions } from './read-table.ts';
export { readGrid } from './read-grid.ts';
export { GridView, columnLetter, parseArea, type Grid, type MergeArea, type CellRef } from './grid.ts';
export { gridFromTabSeparated } from './text-grid.ts';
export { gridFromSheet } from './xlsx-grid.ts';
export { openWorkbook } from './xlsx-package.ts';
export { TableError, type TableErrorCode, type HeaderCandidate } from './table-error.ts';
export { itemsOf, type TableRead, type ReadSection, type ReadTask, type ReadItem, type ReadOptions, type TrackingValues } from './table-read.ts';
export type { TableWarning, TableWarningCode } from './warnings.ts';
export type { PlanIdentityGuess } from './identity.ts';
export { FIELD_HEADERS_VI, fieldOfHeader, type Field } from './fields.ts';
