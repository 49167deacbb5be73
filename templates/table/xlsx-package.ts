import { unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * The parts of an .xlsx package that the table reader needs, and nothing else: the sheets in
 * workbook order (name, visibility, their XML and relationships), the shared strings, each cell
 * style's number format (dates are numbers formatted as dates) and the 1904 date system. Unzipped
 * by fflate, parsed by saxes (the XML parser exceljs itself uses), so that a 5,000-item table
 * is read in under twice the time SheetJS takes rather than the time exceljs needs to build a full
 * object model, styles included, for every cell (docs/table.md#figures).
 *
 * Where exceljs 4.4 (the reader before this one) gave a part a meaning, this module gives it the
 * same: the same parts by the same names, the same sheets (chart sheets left out), sheet names cut
 * at 31 characters, `_xHHHH_` escapes decoded in shared strings, phonetic runs left out, rich
 * text kept as its runs. test/table/xlsx-reader.test.ts compares the two over every sample table.
 */
export interface XlsxWorkbook {
  sheets: XlsxSheet[];
  /** Shared strings: text, or rich text as its runs (an empty `<si/>` is an empty object, as exceljs has it). */
  sharedStrings: SharedString[];
  /** Number format of each cell style (`s` attribute), when the style has one. */
  numberFormats: Array<string | undefined>;
  date1904: boolean;
}

export type SharedString = string | { richText: Array<{ text?: string }> } | Record<string, never>;

export interface XlsxSheet {
  name: string;
  state: string;
  xml: string;
  /** The sheet's relationships (hyperlink targets), by id. */
  rels: Map<string, string>;
}

/** Excel's built-in number formats that show a date or a time (ids of ECMA-376 18.8.30, as exceljs lists them). */
const BUILT_IN_DATE_FORMATS: Record<number, string> = {
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0',
};

const WORKSHEET = /xl\/worksheets\/sheet(\d+)[.]xml/;
const WORKSHEET_RELS = /xl\/worksheets\/_rels\/sheet(\d+)[.]xml[.]rels/;
const NAMED_PARTS = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);

/** Reads the package; throws (fflate's or saxes's error, or a plain one) when the bytes are not a readable workbook. */
export function openWorkbook(bytes: Uint8Array): XlsxWorkbook {
  const files = unzipSync(bytes, { filter: (file) => NAMED_PARTS.has(file.name) || WORKSHEET.test(file.name) || WORKSHEET_RELS.test(file.name) });
  const decoder = new TextDecoder('utf-8');
  const text = (name: string) => (files[name] ? decoder.decode(files[name]) : undefined);
  if (!files['xl/workbook.xml']) throw new Error('The package has no workbook part (xl/workbook.xml).');

  const worksheetPaths = new Map<string, string>();
  const worksheetRels = new Map<string, string>();
  for (const name of Object.keys(files)) {
    const sheet = WORKSHEET.exec(name);
    if (sheet) worksheetPaths.set(name, sheet[1]!);
    const rels = WORKSHEET_RELS.exec(name);
    if (rels) worksheetRels.set(rels[1]!, name);
  }

  const book = { sheets: [] as Array<{ name: string; state: string; rId: string }>, date1904: false };
  parseXml(text('xl/workbook.xml'), {
    open(tag) {
      if (tag.name === 'sheet') book.sheets.push({ name: tag.attributes.name ?? '', state: tag.attributes.state ?? 'visible', rId: tag.attributes['r:id'] ?? '' });
      else if (tag.name === 'workbookPr') book.date1904 = tag.attributes.date1904 === '1';
    },
  });
  const bookRels = relationships(text('xl/_rels/workbook.xml.rels'));

  const sheets: XlsxSheet[] = [];
  for (const sheet of book.sheets) {
    const target = bookRels.get(sheet.rId);
    if (target === undefined) continue;
    const path = `xl/${target.replace(/^(\s|\/xl\/)+/, '')}`;
    const sheetNo = worksheetPaths.get(path);
    if (sheetNo === undefined) continue; // a chart sheet, or a part that is not there
    const relsPath = worksheetRels.get(sheetNo);
    sheets.push({
      name: sheet.name.length > 31 ? sheet.name.slice(0, 31) : sheet.name,
      state: sheet.state,
      xml: text(path)!,
      rels: relationships(relsPath === undefined ? undefined : text(relsPath)),
    });
  }
  return { sheets, sharedStrings: sharedStrings(text('xl/sharedStrings.xml')), numberFormats: numberFormats(text('xl/styles.xml')), date1904: book.date1904 };
}

export interface XmlHandlers {
  open?(tag: SaxesTagPlain): void;
  text?(text: string): void;
  close?(name: string): void;
}

/**
 * Parses a part with saxes, as exceljs does: element names as written (prefix included),
 * entities of the XML standard only (a DOCTYPE declares none that are expanded), CDATA ignored, and
 * the end of the text taken as the end of the part (a part cut short is read as far as it goes).
 */
export function parseXml(xml: string | undefined, handlers: XmlHandlers): void {
  if (xml === undefined) return;
  const parser = sharedParser ?? new SaxesParser<PlainParsing>({ xmlns: false, position: false });
  sharedParser = undefined; // a parse that fails leaves the parser mid-document: the next part gets a new one
  // Every handler set, or unset, each time: the parser keeps one shape whatever the part.
  if (handlers.open) parser.on('opentag', handlers.open);
  else parser.off('opentag');
  if (handlers.text) parser.on('text', handlers.text);
  else parser.off('text');
  const close = handlers.close;
  if (close) parser.on('closetag', (tag) => close(tag.name));
  else parser.off('closetag');
  parser.write(xml);
  // Made ready for the next part without ending this one: its end is not checked (see above), and
  // the handlers are let go so that nothing of this read is kept.
  parser.off('opentag');
  parser.off('text');
  parser.off('closetag');
  parser.on('error', ignoreError);
  parser.close();
  parser.off('error');
  sharedParser = parser;
}

/** No line and column tracking: a part that fails to parse refuses the workbook without saying where. */
type PlainParsing = { xmlns: false; position: false };

/**
 * One parser for every part of every read, rather than one per part: V8 throws away the code it
 * optimized for saxes once no parser of that shape is left alive (at the next full collection), so
 * that with a parser per part a read often compiled saxes again, on V8's other threads: CPU time
 * that the wall clock did not show (docs/table.md#figures).
 */
let sharedParser: SaxesParser<PlainParsing> | undefined;

function ignoreError(): void {}

function relationships(xml: string | undefined): Map<string, string> {
  const rels = new Map<string, string>();
  parseXml(xml, {
    open(tag) {
      if (tag.name === 'Relationship' && tag.attributes.Id !== undefined) rels.set(tag.attributes.Id, tag.attributes.Target ?? '');
    },
  });
  return rels;
}

/** Excel's `_xHHHH_` escapes (upper-case hex, as exceljs decodes them) in a text element. */
export function decodeEscapes(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function sharedStrings(xml: string | undefined): SharedString[] {
  const strings: SharedString[] = [];
  let current: SharedString = {};
  let run: { text?: string } | null = null;
  let phonetic = false;
  let texts: string[] | null = null;
  parseXml(xml, {
    open(tag) {
      switch (tag.name) {
        case 'si':
          current = {};
          break;
        case 'r':
          if (!phonetic) run = {};
          break;
        case 'rPh':
          phonetic = true;
          break;
        case 't':
          if (!phonetic) texts = [];
          break;
      }
    },
    text(text) {
      texts?.push(text);
    },
    close(name) {
      switch (name) {
        case 't':
          if (texts) {
            const text = decodeEscapes(texts.join(''));
            if (run) run.text = text;
            else current = text;
          }
          texts = null;
          break;
        case 'r':
          if (run) {
            if (typeof current === 'string') throw new Error('A shared string mixes plain and rich text.');
            const rich = current as { richText?: Array<{ text?: string }> };
            (rich.richText ??= []).push(run);
          }
          run = null;
          break;
        case 'rPh':
          phonetic = false;
          break;
        case 'si':
          strings.push(current);
          break;
      }
    },
  });
  return strings;
}

function numberFormats(xml: string | undefined): Array<string | undefined> {
  const custom = new Map<number, string>();
  const styleFormatIds: number[] = [];
  let inCellXfs = false;
  parseXml(xml, {
    open(tag) {
      if (tag.name === 'numFmt') custom.set(parseInt(tag.attributes.numFmtId ?? '', 10), (tag.attributes.formatCode ?? '').replace(/[\\](.)/g, '$1'));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (inCellXfs && tag.name === 'xf') styleFormatIds.push(parseInt(tag.attributes.numFmtId ?? '', 10));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styleFormatIds.map((id) => (id ? custom.get(id) || BUILT_IN_DATE_FORMATS[id] : undefined));
}
