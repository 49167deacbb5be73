import { EventEmitter } from 'node:events';
import ExcelJS, { type AddWorksheetOptions, type Row, type Worksheet } from 'exceljs';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { capRowTexts } from './cell-text-limit.ts';
import type { SheetBook } from './sheet-book.ts';
import { repairPart, stampWorkbook } from './workbook-bytes.ts';
import type { XlsxPart } from './xlsx-parts.ts';
import { zipParts } from './zip-parts.node.ts';

/** One part as the streaming writer writes it: text pieces, in order. */
interface PartText {
  name: string;
  pieces: string[];
}

/** What exceljs 4.4's WorksheetWriter and WorkbookWriter write a part to (their zip's entry stream). */
class PartStream extends EventEmitter {
  constructor(readonly part: PartText) {
    super();
  }

  /** Text, or one of exceljs's StringBufs (its own text buffer, copied here: the writer reuses it). */
  write(chunk: string | { toBuffer(): Buffer }): boolean {
    this.part.pieces.push(typeof chunk === 'string' ? chunk : chunk.toBuffer().toString('utf8'));
    return true;
  }

  end(): void {
    // The workbook waits for its sheets' streams to be "zipped" before it writes the rest.
    this.emit('finish');
    this.emit('zipped');
  }

  pause(): void {}
}

/** The streaming writer's internals this file relies on (exceljs 4.4, lib/stream/xlsx). */
interface WorksheetWriterInternals {
  _writeRow(row: Row): void;
  _sheetRelsWriter: {
    _hyperlinks: Array<{ address: string; target?: string; rId?: string; tooltip?: string }>;
    addHyperlink(link: { address: string; target: string; tooltip?: string }): void;
  };
}

/**
 * exceljs's streaming WorkbookWriter, keeping every part it writes as text instead of zipping it
 * with archiver (which stamps each entry with the time of writing): the parts are then repaired and
 * zipped as the in-memory writer's are (workbook-bytes.ts), with fixed times and Node's zlib. Two
 * things it writes differently from the in-memory writer are set right here: an internal link
 * ("#Sheet!A1") becomes a `location` with its tooltip, not an external relationship; and each row's
 * over-long texts are cut (capCellTexts) as it is written out.
 */
class PartsWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter implements SheetBook {
  // Set by the base constructor before any field initialiser would run, so none is declared here.
  declare private partList: PartText[] | undefined;

  constructor() {
    super({ useSharedStrings: true, useStyles: true });
  }

  get parts(): PartText[] {
    return (this.partList ??= []);
  }

  /** The base constructor's archiver is dropped; what it appends is kept as parts. */
  get zip(): { append(data: string, options: { name: string }): void; pipe(): void } {
    return { append: (data, { name }) => void this.parts.push({ name, pieces: [data] }), pipe: () => {} };
  }

  set zip(_archiver: unknown) {}

  _openStream(path: string): PartStream {
    const part: PartText = { name: path, pieces: [] };
    this.parts.push(part);
    return new PartStream(part);
  }

  _finalize(): Promise<this> {
    return Promise.resolve(this);
  }

  override addWorksheet(name: string, options?: Partial<AddWorksheetOptions>): Worksheet {
    const sheet = super.addWorksheet(name, options);
    const internals = sheet as unknown as WorksheetWriterInternals;
    const rels = internals._sheetRelsWriter;
    const external = rels.addHyperlink.bind(rels);
    rels.addHyperlink = (link) => {
      if (link.target.startsWith('#')) rels._hyperlinks.push({ address: link.address, target: link.target.slice(1), tooltip: link.tooltip });
      else external(link);
    };
    const writeRow = internals._writeRow.bind(sheet);
    internals._writeRow = (row) => {
      capRowTexts(row);
      writeRow(row);
    };
    return sheet;
  }
}

/**
 * A report's .xlsx bytes, from `write` filling a streaming workbook: each sheet is rendered row by
 * row as the builder commits the rows, never held whole as exceljs's in-memory model. The bytes
 * depend only on what `write` writes and `stamp` (document properties and entry times), as
 * workbookBytes's do.
 */
export async function reportBookBytes(write: (book: SheetBook) => void, stamp: IsoInstant): Promise<Uint8Array> {
  return zipParts(await reportBookParts(write, stamp), vietnamWallClock(stamp));
}

/** The parts reportBookBytes zips, repaired as workbookBytes's are, in the in-memory writer's order. */
export async function reportBookParts(write: (book: SheetBook) => void, stamp: IsoInstant): Promise<XlsxPart[]> {
  const book = new PartsWorkbookWriter();
  stampWorkbook(book, stamp);
  write(book);
  await book.commit();
  const encoder = new TextEncoder();
  const parts = book.parts.map(({ name, pieces }) => {
    const path = name.replace(/^\//, '');
    return { name: path, data: encoder.encode(repairPart(path, pieces.join(''))) };
  });
  return parts.sort((a, b) => partRank(a.name) - partRank(b.name)); // stable: the sheets keep their order
}

/** The in-memory writer's order of parts (xlsx-parts.ts), which the streaming writer's files keep too. */
const PART_ORDER = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/_rels/workbook.xml.rels',
  'xl/worksheets/',
  'xl/sharedStrings.xml',
  'xl/theme/theme1.xml',
  'xl/styles.xml',
  'docProps/app.xml',
  'docProps/core.xml',
  'xl/workbook.xml',
];

const partRank = (name: string): number => {
  const rank = PART_ORDER.findIndex((known) => (known.endsWith('/') ? name.startsWith(known) : name === known));
  return rank < 0 ? PART_ORDER.length : rank;
};
