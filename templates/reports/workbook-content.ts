import ExcelJS from 'exceljs';
import { canonicalJson } from '../../ledger/canonical-json.ts';

/**
 * What a workbook holds, as exceljs reads it back (the XML parsed, not its bytes): every cell's
 * type, value and style (styles resolved to fonts, fills, borders, formats and alignment, so how a
 * writer numbered them does not matter; a merged cell names its master), every row's height, and
 * each sheet's column widths, merges, drop-downs, conditional formats, page setup, header and
 * footer, views and filter; the workbook's document properties, views and defined names. Two writers
 * writing the same report give the same content and other bytes (report-writer.ts).
 */
export interface WorkbookContent {
  /** The workbook's own settings by name, each as canonical JSON. */
  settings: Map<string, string>;
  sheets: SheetContent[];
}

export interface SheetContent {
  name: string;
  /** Cell address → canonical JSON of [type, value or its merge master, style], in row order. */
  cells: Map<string, string>;
  /** Row number → its height (canonical JSON; "null" for the default). */
  rowHeights: Map<number, string>;
  /** The sheet's settings by name (widths, merges, …), each as canonical JSON. */
  settings: Map<string, string>;
}

/** Where two workbooks' contents first differ, and what each holds there (canonical JSON). */
export interface ContentDifference {
  /** The sheet, when the difference is in one. */
  sheet?: string;
  /** The cell address, or the row ("row 12"), when the difference is in one. */
  at?: string;
  /** What differs: "cell value", "cell style", "row height", "sheets", or a setting's name ("merges", "pageSetup", …). */
  what: string;
  file: string;
  rebuilt: string;
}

const json = (value: unknown): string => canonicalJson(value === undefined ? null : JSON.parse(JSON.stringify(value)));

export async function workbookContent(bytes: Uint8Array): Promise<WorkbookContent> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return {
    settings: new Map([
      ['properties', json({ creator: workbook.creator, lastModifiedBy: workbook.lastModifiedBy, created: workbook.created, modified: workbook.modified })],
      ['views', json(workbook.views)],
      ['definedNames', json(workbook.definedNames.model)],
    ]),
    sheets: workbook.worksheets.map((sheet) => {
      const cells = new Map<string, string>();
      const rowHeights = new Map<number, string>();
      sheet.eachRow({ includeEmpty: true }, (row, number) => {
        rowHeights.set(number, json(row.height));
        row.eachCell({ includeEmpty: true }, (cell) => {
          const value = cell.isMerged && cell.master !== cell ? { mergedInto: cell.master.address } : cell.value;
          cells.set(cell.address, json([cell.type, value, cell.style]));
        });
      });
      const model = sheet.model as unknown as { merges: string[]; dataValidations: unknown };
      return {
        name: sheet.name,
        cells,
        rowHeights,
        settings: new Map([
          ['widths', json(sheet.columns?.map((c) => c.width))],
          ['merges', json([...model.merges].sort())],
          ['dataValidations', json(model.dataValidations)],
          ['conditionalFormattings', json((sheet as unknown as { conditionalFormattings: unknown }).conditionalFormattings)],
          ['pageSetup', json(sheet.pageSetup)],
          ['headerFooter', json(sheet.headerFooter)],
          ['views', json(sheet.views)],
          ['autoFilter', json(sheet.autoFilter)],
        ]),
      };
    }),
  };
}

/** The first place where `file`'s content differs from `rebuilt`'s, or null when they hold the same. */
export function contentDifference(file: WorkbookContent, rebuilt: WorkbookContent): ContentDifference | null {
  const names = (c: WorkbookContent) => json(c.sheets.map((s) => s.name));
  if (names(file) !== names(rebuilt)) return { what: 'sheets', file: names(file), rebuilt: names(rebuilt) };
  const setting = settingDifference(file.settings, rebuilt.settings);
  if (setting) return setting;
  for (let i = 0; i < file.sheets.length; i++) {
    const difference = sheetDifference(file.sheets[i]!, rebuilt.sheets[i]!);
    if (difference) return { sheet: file.sheets[i]!.name, ...difference };
  }
  return null;
}

function sheetDifference(file: SheetContent, rebuilt: SheetContent): Omit<ContentDifference, 'sheet'> | null {
  // Cells first: a changed figure is named at its cell.
  const at = firstDifferentKey(file.cells, rebuilt.cells);
  if (at !== undefined) return { at, ...cellDifference(file.cells.get(at), rebuilt.cells.get(at)) };
  const row = firstDifferentKey(file.rowHeights, rebuilt.rowHeights);
  if (row !== undefined) return { at: `row ${row}`, what: 'row height', file: file.rowHeights.get(row) ?? 'null', rebuilt: rebuilt.rowHeights.get(row) ?? 'null' };
  return settingDifference(file.settings, rebuilt.settings);
}

/** What differs in one cell: its value (with its type) or, the value being the same, its style. */
function cellDifference(file: string | undefined, rebuilt: string | undefined): Pick<ContentDifference, 'what' | 'file' | 'rebuilt'> {
  const [fileType, fileValue, fileStyle] = (file === undefined ? [] : JSON.parse(file)) as unknown[];
  const [rebuiltType, rebuiltValue, rebuiltStyle] = (rebuilt === undefined ? [] : JSON.parse(rebuilt)) as unknown[];
  if (json([fileType, fileValue]) !== json([rebuiltType, rebuiltValue])) return { what: 'cell value', file: json(fileValue), rebuilt: json(rebuiltValue) };
  return { what: 'cell style', file: json(fileStyle), rebuilt: json(rebuiltStyle) };
}

function settingDifference(file: Map<string, string>, rebuilt: Map<string, string>): ContentDifference | null {
  const what = firstDifferentKey(file, rebuilt);
  return what === undefined ? null : { what, file: file.get(what) ?? 'null', rebuilt: rebuilt.get(what) ?? 'null' };
}

/** The first key, in `a`'s order then `b`'s, whose value differs between the two maps. */
function firstDifferentKey<K>(a: Map<K, string>, b: Map<K, string>): K | undefined {
  for (const [key, value] of a) if (b.get(key) !== value) return key;
  for (const key of b.keys()) if (!a.has(key)) return key;
  return undefined;
}
