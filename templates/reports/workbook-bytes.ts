import type { Workbook } from 'exceljs';
import JSZip from 'jszip';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';

const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;
const SHEET_RELS_PART = /^xl\/worksheets\/_rels\/sheet\d+\.xml\.rels$/;

/**
 * The workbook as .xlsx bytes that depend only on its content and `stamp` (the report's knownAt):
 * document properties and every zip entry's time are set from `stamp`, so the same ledger, period
 * and knownAt give the same bytes, and the file's SHA-256 can be anchored in the ledger.
 * Works in the browser too (no Node API): exceljs and JSZip only.
 */
export async function workbookBytes(workbook: Workbook, stamp: IsoInstant): Promise<Uint8Array> {
  const when = new Date(stamp);
  workbook.creator = 'cchc';
  workbook.lastModifiedBy = 'cchc';
  workbook.created = when;
  workbook.modified = when;
  const written = await workbook.xlsx.writeBuffer();
  const zip = await JSZip.loadAsync(written as ArrayBuffer);
  const zipTime = vietnamWallClock(stamp);
  for (const [name, entry] of Object.entries(zip.files)) {
    if (SHEET_PART.test(name)) zip.file(name, repairSheetXml(await entry.async('string')), { date: zipTime });
    else if (SHEET_RELS_PART.test(name)) zip.file(name, dropInternalLinkRels(await entry.async('string')), { date: zipTime });
    // Unchanged entries keep their compressed bytes; only their time changes.
    else entry.date = zipTime;
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

/**
 * Two things exceljs 4.4 writes that Excel reads badly, fixed after </sheetData> (cell text lives in
 * sharedStrings.xml, so no user text is touched):
 * - an internal hyperlink gets a relationship id to an "external" target "#Sheet!A1" and a
 *   location starting with "#": keep only `location`, without the "#", as Excel writes it;
 * - a gradient data bar gets an empty x14 extension reference: drop it.
 */
function repairSheetXml(xml: string): string {
  const end = xml.indexOf('</sheetData>');
  if (end < 0) return xml;
  const tail = xml
    .slice(end)
    .replace(/<hyperlink ([^>]*)\/>/g, (link, attributes: string) => {
      const location = /location="#([^"]*)"/.exec(attributes);
      if (!location) return link;
      const kept = attributes.replace(/\s*r:id="[^"]*"/, '').replace(/location="#/, 'location="');
      return `<hyperlink ${kept}/>`;
    })
    .replace(/<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g, '');
  return xml.slice(0, end) + tail;
}

function dropInternalLinkRels(xml: string): string {
  return xml.replace(/<Relationship Id="[^"]*" Type="[^"]*\/hyperlink" Target="#[^"]*" TargetMode="External"\/>/g, '');
}
