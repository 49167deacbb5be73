import type { Workbook } from 'exceljs';
import { zipParts } from '#zip-parts';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { capCellTexts } from './cell-text-limit.ts';
import { xlsxParts, type XlsxPart } from './xlsx-parts.ts';

const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
const SHEET_RELS_PART = /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/;

/**
 * The workbook as .xlsx bytes that depend only on its content and `stamp` (the report's knownAt):
 * document properties and every zip entry's time are set from `stamp`, the parts keep exceljs's
 * order and each is deflated at a fixed level, so the same ledger, period and knownAt give the same
 * bytes, and the file's SHA-256 can be anchored in the ledger. In Node the parts are deflated by
 * zlib (the same bytes for the same Node and zlib version); in the browser (`#zip-parts`) by
 * fflate: the same parts, other compressed bytes.
 */
export async function workbookBytes(workbook: Workbook, stamp: IsoInstant): Promise<Uint8Array> {
  return zipParts(await workbookParts(workbook, stamp), vietnamWallClock(stamp));
}

/** The parts workbookBytes zips: stamped, over-long texts cut, repaired; for another zip (report-writers.node.ts). */
export function workbookParts(workbook: Workbook, stamp: IsoInstant): Promise<XlsxPart[]> {
  stampWorkbook(workbook, stamp);
  capCellTexts(workbook);
  return xlsxParts(workbook, repairPart);
}

/** The document properties exceljs would otherwise fill with "now". */
export function stampWorkbook(workbook: Workbook, stamp: IsoInstant): void {
  const when = new Date(stamp);
  workbook.creator = 'cchc';
  workbook.lastModifiedBy = 'cchc';
  workbook.created = when;
  workbook.modified = when;
}

/** Repairs what exceljs writes badly (below), part by part. */
export function repairPart(name: string, xml: string): string {
  if (SHEET_PART.test(name)) return repairSheet(xml);
  if (SHEET_RELS_PART.test(name)) return dropInternalLinkRels(xml);
  if (name === STYLES_PART) return setDefaultFont(xml);
  return xml;
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

/** Repairs the part of a sheet after its cells: a few kilobytes, where the cells may be megabytes. */
function repairSheet(xml: string): string {
  const end = xml.lastIndexOf('</sheetData>');
  if (end < 0) return xml;
  const tail = xml.slice(end);
  const repaired = repairSheetTail(tail);
  return repaired === tail ? xml : xml.slice(0, end) + repaired;
}

/**
 * Three things exceljs 4.4 writes that Excel reads badly, fixed in what follows </sheetData> (cell
 * text lives in sharedStrings.xml, so no user text is touched):
 * - an internal hyperlink gets a relationship id to an "external" target "#Sheet!A1" and a
 *   location starting with "#": keep only `location`, without the "#", as Excel writes it;
 * - a gradient data bar gets an empty x14 extension reference: drop it;
 * - the streaming writer puts `hyperlinks` before `conditionalFormatting` and `dataValidations`,
 *   against the schema's order, and Excel then offers to repair the file (exceljs PR #2803, not
 *   merged): the links go after them (placeHyperlinks). A sheet with links and neither is unchanged.
 */
function repairSheetTail(tail: string): string {
  return placeHyperlinks(tail)
    .replace(/<hyperlink ([^>]*)\/>/g, (link, attributes: string) => {
      const location = /location="#([^"]*)"/.exec(attributes);
      if (!location) return link;
      const kept = attributes.replace(/\s*r:id="[^"]*"/, '').replace(/location="#/, 'location="');
      return `<hyperlink ${kept}/>`;
    })
    .replace(/<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g, '');
}

/** The elements a worksheet may hold after `hyperlinks`, in the schema's order (ECMA-376 Part 1, CT_Worksheet). */
const AFTER_HYPERLINKS = /<(?:printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)[\s>/]|<\/worksheet>/;

/** `hyperlinks` moved to where the schema has it: after the conditional formats and drop-downs, before the print settings. */
function placeHyperlinks(tail: string): string {
  const links = /<hyperlinks>.*?<\/hyperlinks>/s.exec(tail);
  if (!links) return tail;
  const rest = tail.slice(0, links.index) + tail.slice(links.index + links[0].length);
  const after = AFTER_HYPERLINKS.exec(rest.slice(links.index));
  if (!after) return tail;
  const at = links.index + after.index;
  return rest.slice(0, at) + links[0] + rest.slice(at);
}

function dropInternalLinkRels(xml: string): string {
  return xml.replace(/<Relationship Id="[^"]*" Type="[^"]*\/hyperlink" Target="#[^"]*" TargetMode="External"\/>/g, '');
}
