import type { Workbook } from 'exceljs';
import JSZip from 'jszip';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { capCellTexts } from './cell-text-limit.ts';

const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
const SHEET_RELS_PART = /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/;

/**
 * The workbook as .xlsx bytes that depend only on its content and `stamp` (the report's knownAt):
 * document properties and every zip entry's time are set from `stamp`, so the same ledger, period
 * and knownAt give the same bytes, and the file's SHA-256 can be anchored in the ledger.
 * Works in the browser too (no Node API): exceljs and JSZip only.
 */
export async function workbookBytes(workbook: Workbook, stamp: IsoInstant): Promise<Uint8Array> {
  stampWorkbook(workbook, stamp);
  capCellTexts(workbook);
  // Stored, not compressed: the parts are compressed once, when the zip is rewritten below.
  const stored = await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  return normalizeXlsx(new Uint8Array(stored), stamp);
}

/** The document properties exceljs would otherwise fill with "now". */
export function stampWorkbook(workbook: Workbook, stamp: IsoInstant): void {
  const when = new Date(stamp);
  workbook.creator = 'cchc';
  workbook.lastModifiedBy = 'cchc';
  workbook.created = when;
  workbook.modified = when;
}

/**
 * Rewrites the zip, compressed, with every entry's time set from `stamp`, repairing what exceljs
 * writes badly (below).
 */
export async function normalizeXlsx(written: Uint8Array, stamp: IsoInstant): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(written);
  const zipTime = vietnamWallClock(stamp);
  for (const [name, entry] of Object.entries(zip.files)) {
    if (SHEET_PART.test(name)) zip.file(name, repairSheet(await entry.async('uint8array')), { date: zipTime });
    else if (SHEET_RELS_PART.test(name)) zip.file(name, dropInternalLinkRels(await entry.async('string')), { date: zipTime });
    else if (name === STYLES_PART) zip.file(name, setDefaultFont(await entry.async('string')), { date: zipTime });
    else entry.date = zipTime;
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

const STYLES_PART = 'xl/styles.xml';

/**
 * The workbook's default font (the Normal style) in Times New Roman 11 instead of exceljs's Calibri 11.
 * Column widths are counted in the default font's digits: with Calibri, a machine without it
 * (LibreOffice on Linux falls back to DejaVu Sans) lays every column out a third wider and the
 * printed page cuts the table; Times New Roman 11 has the digit width of Calibri 11 (7 px) and its
 * metric twin, Liberation Serif, comes with LibreOffice everywhere.
 */
function setDefaultFont(xml: string): string {
  return xml.replace(
    /(<fonts [^>]*>)<font>(?:(?!<\/font>).)*<name val="Calibri"\/><\/font>/,
    '$1<font><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>',
  );
}

const SHEET_DATA_END = new TextEncoder().encode('</sheetData>');

/** Repairs the part of a sheet after its cells: a few kilobytes, where the cells may be megabytes never decoded. */
function repairSheet(bytes: Uint8Array): Uint8Array {
  const end = lastIndexOf(bytes, SHEET_DATA_END);
  if (end < 0) return bytes;
  const tail = new TextDecoder().decode(bytes.subarray(end));
  const repaired = repairSheetTail(tail);
  if (repaired === tail) return bytes;
  const encoded = new TextEncoder().encode(repaired);
  const out = new Uint8Array(end + encoded.length);
  out.set(bytes.subarray(0, end));
  out.set(encoded, end);
  return out;
}

function lastIndexOf(bytes: Uint8Array, pattern: Uint8Array): number {
  outer: for (let i = bytes.length - pattern.length; i >= 0; i--) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Two things exceljs 4.4 writes that Excel reads badly, fixed in what follows </sheetData> (cell
 * text lives in sharedStrings.xml, so no user text is touched):
 * - an internal hyperlink gets a relationship id to an "external" target "#Sheet!A1" and a
 *   location starting with "#": keep only `location`, without the "#", as Excel writes it;
 * - a gradient data bar gets an empty x14 extension reference: drop it.
 */
function repairSheetTail(tail: string): string {
  return tail
    .replace(/<hyperlink ([^>]*)\/>/g, (link, attributes: string) => {
      const location = /location="#([^"]*)"/.exec(attributes);
      if (!location) return link;
      const kept = attributes.replace(/\s*r:id="[^"]*"/, '').replace(/location="#/, 'location="');
      return `<hyperlink ${kept}/>`;
    })
    .replace(/<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g, '');
}

function dropInternalLinkRels(xml: string): string {
  return xml.replace(/<Relationship Id="[^"]*" Type="[^"]*\/hyperlink" Target="#[^"]*" TargetMode="External"\/>/g, '');
}
