import { EventEmitter } from 'node:events';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, type ZlibOptions } from 'node:zlib';
import ExcelJS, { type AddWorksheetOptions, type Row, type Worksheet } from 'exceljs';
import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { capRowTexts } from './cell-text-limit.ts';
import type { ReportWriter } from './report-writer.ts';
import type { SheetBook } from './sheet-book.ts';
import { repairPart, stampWorkbook } from './workbook-bytes.ts';
import { DEFLATE_LEVEL, zipDeflatedParts, type DeflatedPart } from './zip-parts.node.ts';

const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

/** About this many bytes of a sheet's rows are deflated at a time. */
const PIECE_BYTES = 1 << 20;

/** Text is turned into bytes about this many characters at a time, so that it does not stay long on the heap. */
const BATCH_CHARS = 1 << 16;

/**
 * One part, deflated as the writer writes it: a sheet's rows are cut, between two rows, into pieces
 * of about PIECE_BYTES bytes, each deflated on zlib's thread pool (another core) while the
 * report goes on building the rows after it. Each piece but the last ends with a sync flush, so
 * that the pieces together are one deflate stream; where the pieces are cut depends only on the
 * text, so the bytes stay the same for the same report. The last piece (a sheet's end: merges,
 * links, page setup; or a whole small part) is repaired (repairPart) before it is deflated.
 */
class DeflatingPart {
  /** Text not yet turned into bytes, and its length. */
  private text: string[] = [];
  private textLength = 0;
  /** Bytes of the piece being gathered (rows only), and their length. */
  private bytes: Buffer[] = [];
  private bytesLength = 0;
  private readonly pieces: Array<Promise<Buffer>> = [];
  private crc = 0;
  private size = 0;

  constructor(readonly name: string) {}

  write(text: string): void {
    if (text.startsWith('<row ')) {
      // Between two rows: the text so far may become bytes, and the bytes a piece.
      if (this.textLength >= BATCH_CHARS) this.toBytes();
      if (this.bytesLength >= PIECE_BYTES) this.deflate(Buffer.concat(this.bytes), constants.Z_SYNC_FLUSH);
    }
    this.text.push(text);
    this.textLength += text.length;
  }

  async finish(): Promise<DeflatedPart> {
    // The last piece: the end of a sheet (what repairPart repairs) or a whole small part.
    const last = Buffer.from(repairPart(this.name, this.text.join('')));
    this.text = [];
    this.deflate(this.bytes.length ? Buffer.concat([...this.bytes, last]) : last, constants.Z_FINISH);
    const deflated = await Promise.all(this.pieces);
    return { name: this.name, deflated: deflated.length === 1 ? deflated[0]! : Buffer.concat(deflated), crc: this.crc, size: this.size };
  }

  private toBytes(): void {
    const bytes = Buffer.from(this.text.join(''));
    this.bytes.push(bytes);
    this.bytesLength += bytes.length;
    this.text = [];
    this.textLength = 0;
  }

  private deflate(bytes: Buffer, finishFlush: number): void {
    this.bytes = [];
    this.bytesLength = 0;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    // An output buffer the whole piece fits in: zlib then deflates it in one go on its thread,
    // without coming back to this (busy) thread for more room every 16 KB.
    this.pieces.push(deflateRawAsync(bytes, { level: DEFLATE_LEVEL, finishFlush, chunkSize: Math.max(64 * 1024, bytes.length + 1024) }));
  }
}

/** What exceljs 4.4's WorksheetWriter and WorkbookWriter write a part to (their zip's entry stream). */
class PartStream extends EventEmitter {
  constructor(readonly part: DeflatingPart) {
    super();
  }

  /** Text, or one of exceljs's StringBufs (its own text buffer, copied here: the writer reuses it). */
  write(chunk: string | { toBuffer(): Buffer }): boolean {
    this.part.write(typeof chunk === 'string' ? chunk : chunk.toBuffer().toString('utf8'));
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
 * exceljs's streaming WorkbookWriter, deflating every part as it writes it (DeflatingPart) instead
 * of zipping it with archiver (which stamps each entry with the time of writing): the parts are
 * repaired as the in-memory writer's are (workbook-bytes.ts), then zipped with fixed times. Two
 * things it writes differently from the in-memory writer are set right here: an internal link
 * ("#Sheet!A1") becomes a `location` with its tooltip, not an external relationship; and each row's
 * over-long texts are cut (capCellTexts) as it is written out.
 */
class PartsWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter implements SheetBook {
  // Set by the base constructor before any field initialiser would run, so none is declared here.
  declare private partList: DeflatingPart[] | undefined;

  constructor() {
    super({ useSharedStrings: true, useStyles: true });
  }

  get parts(): DeflatingPart[] {
    return (this.partList ??= []);
  }

  /** The base constructor's archiver is dropped; what it appends is kept as parts. */
  get zip(): { append(data: string, options: { name: string }): void; pipe(): void } {
    return { append: (data, { name }) => this.openPart(name).write(data), pipe: () => {} };
  }

  set zip(_archiver: unknown) {}

  _openStream(path: string): PartStream {
    return new PartStream(this.openPart(path));
  }

  /** A new part, named as in the zip (exceljs starts some names with "/"). */
  private openPart(path: string): DeflatingPart {
    const part = new DeflatingPart(path.replace(/^\//, ''));
    this.parts.push(part);
    return part;
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

/** The writer reportBookBytes is, as `report.issued` records it. */
export const REPORT_WRITER: ReportWriter = 'exceljs-stream+zlib';

/**
 * A report's .xlsx bytes, from `write` filling a streaming workbook: each sheet is rendered row by
 * row as the builder commits the rows, never held whole as exceljs's in-memory model. The bytes
 * depend only on what `write` writes and `stamp` (document properties and entry times), as
 * workbookBytes's do.
 */
export async function reportBookBytes(write: (book: SheetBook) => void, stamp: IsoInstant): Promise<Uint8Array> {
  return zipDeflatedParts(await reportBookParts(write, stamp), vietnamWallClock(stamp));
}

/** The parts reportBookBytes zips, repaired as workbookBytes's are and deflated, in the in-memory writer's order. */
export async function reportBookParts(write: (book: SheetBook) => void, stamp: IsoInstant): Promise<DeflatedPart[]> {
  const book = new PartsWorkbookWriter();
  stampWorkbook(book, stamp);
  write(book);
  await book.commit();
  const parts = await Promise.all(book.parts.map((part) => part.finish()));
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
