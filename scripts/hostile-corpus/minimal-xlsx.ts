// The smallest .xlsx that Excel, exceljs and SheetJS open: written part by part, so the corpus
// controls every byte of a sheet (a million rows, a 10 MB cell, error cells) at little cost.
import { columnLetter } from '../../templates/table/grid.ts';
import { zipFile, type ZipEntry } from './zip-writer.ts';

export type Cell = string | number | { error: string } | { formula: string; result?: string | number } | null;

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cellXml(cell: Cell, ref: string): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
  if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(cell)}</t></is></c>`;
  if ('error' in cell) return `<c r="${ref}" t="e"><v>${xmlText(cell.error)}</v></c>`;
  const result = cell.result === undefined ? '' : `<v>${xmlText(String(cell.result))}</v>`;
  const type = typeof cell.result === 'string' ? ' t="str"' : '';
  return `<c r="${ref}"${type}><f>${xmlText(cell.formula)}</f>${result}</c>`;
}

export const SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
export const SHEET_TAIL = '</sheetData></worksheet>';

/** A sheet's XML from rows of cells (row 1 first). */
export function sheetXml(rows: ReadonlyArray<readonly Cell[]>): string {
  const body = rows
    .map((cells, r) => `<row r="${r + 1}">${cells.map((c, i) => cellXml(c, `${columnLetter(i + 1)}${r + 1}`)).join('')}</row>`)
    .join('');
  return SHEET_HEAD + body + SHEET_TAIL;
}

export interface SheetPart {
  name: string;
  /** The sheet's XML, or its entry as made elsewhere (a deflated stream too big to hold). */
  xml?: string;
  entry?: Omit<ZipEntry, 'name'>;
}

/** The zip entries of a workbook with these sheets; `zipFile` writes them. */
export function workbookEntries(sheets: readonly SheetPart[]): ZipEntry[] {
  const text = (s: string) => new TextEncoder().encode(s);
  const sheetList = sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data: text(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          `${overrides}</Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: text(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: text(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          `<sheets>${sheetList}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`),
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, ...(s.entry ?? { data: text(s.xml ?? sheetXml([])) }) })),
  ];
}

export const minimalXlsx = (sheets: readonly SheetPart[]): Buffer => zipFile(workbookEntries(sheets));
