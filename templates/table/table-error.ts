/** Why a table could not be read at all. Everything less serious is a warning in the result. */
export type TableErrorCode =
  | 'no-header' // no row in the first rows looks like the appendix header
  | 'not-a-workbook' // the bytes are not an .xlsx file (or it is damaged)
  | 'unsupported-format' // .xls, .ods, .csv ... that this reader does not take
  | 'sheet-not-found' // --sheet names a sheet the workbook does not have
  | 'no-items' // the table has a header but no task under it
  | 'no-year' // the plan's year is nowhere to be found and was not given
  | 'not-utf8' // text bytes in neither UTF-8 nor UTF-16
  | 'cell-too-long' // a cell longer than a spreadsheet cell holds
  | 'cell-invalid-text' // a lone surrogate, or more combining marks in a row than Unicode's stream-safe text allows
  | 'bad-columns' // a column mapping given by the user that cannot be used
  | 'not-a-document'; // the bytes of a .docx are not a readable Word document

/** A header candidate that came close, for the no-header error. */
export interface HeaderCandidate {
  sheet?: string;
  row: number;
  matched: string[]; // key columns it has, named as the table does
  missing: string[]; // key columns it lacks, in Vietnamese
}

export interface TableErrorDetails {
  file?: string;
  sheet?: string;
  row?: number;
  candidates?: HeaderCandidate[];
}

export class TableError extends Error {
  override readonly name = 'TableError';
  constructor(
    readonly code: TableErrorCode,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly details: TableErrorDetails = {},
  ) {
    super(messageEn);
  }
}
