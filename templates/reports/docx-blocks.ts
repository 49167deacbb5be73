import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import JSZip from 'jszip';
import { formatVietnameseDate, type IsoInstant } from '../../ledger/dates.ts';
import { vietnamWallClock } from './cell-values.ts';
import { capitalUnit, completionOf, parLevelOf, percentTextVi, type CountedUnit } from './completion-rate.ts';
import { placeAndDate, upperVi, type OfficialHeader, type Signature } from './official-header.ts';
import type { OverdueItem } from './overdue-sheet.ts';
import type { ParLevels } from './report-config.ts';
import { romanNumeral } from '../table/numbering.ts';
import { COUNT_COLUMNS, type TallyRow } from './tally-table.ts';

/**
 * The pieces of the Word reports (the period report of a plan, the consolidated report of a
 * province), in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman, margins
 * left 30 mm, right 15 mm, top and bottom 20 mm, the page number at the top centre from page 2.
 */
export const FONT = 'Times New Roman';
/** Millimetres in twips, rounded (docx's own helper truncates: A4 would be 11905 twips wide, not 11906). */
export const mm = (millimetres: number): number => Math.round((millimetres * 1440) / 25.4);
/** A4 between the ND 30 margins, in twips. */
export const TEXT_WIDTH = { portrait: mm(210 - 30 - 15), landscape: mm(297 - 30 - 15) };
const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

export function section(orientation: 'portrait' | 'landscape', children: Array<Paragraph | Table>): ISectionOptions {
  return {
    properties: {
      titlePage: true,
      page: {
        size: { width: mm(210), height: mm(297), orientation: orientation === 'portrait' ? PageOrientation.PORTRAIT : PageOrientation.LANDSCAPE },
        margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(8), footer: mm(8) },
        pageNumbers: { start: 1 },
      },
    },
    headers: {
      default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: 26 })] })] }),
      first: new Header({ children: [new Paragraph({ text: '' })] }),
    },
    children,
  };
}

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  /** In points. */
  size?: number;
}

export const run = (t: string, style: RunStyle = {}) =>
  new TextRun({ text: t, bold: style.bold ?? false, italics: style.italics ?? false, size: (style.size ?? 14) * 2, ...(style.underline && { underline: {} }) });

export const centred = (t: string, style: RunStyle = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(t, style)] });

/** A paragraph of the body: 14 pt, justified, first line indented 1 cm, 6 pt after (ND 30). */
export const text = (t: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED) => new Paragraph({ alignment, indent: { firstLine: mm(10) }, spacing: { after: 120, line: 312 }, children: [run(t)] });

export const heading = (t: string) => new Paragraph({ spacing: { before: 120, after: 120 }, indent: { firstLine: mm(10) }, children: [run(t, { bold: true })] });

export function headerBlock(header: OfficialHeader): Array<Paragraph | Table> {
  const left: Paragraph[] = [
    ...(header.parentIssuer ? [centred(upperVi(header.parentIssuer), { size: 13 })] : []),
    centred(upperVi(header.issuer), { bold: true, size: 13, underline: true }),
    centred(header.numberLine, { size: 13 }),
  ];
  const right: Paragraph[] = [
    centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 }),
    centred('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 14, underline: true }),
    ...(header.parentIssuer ? [] : [new Paragraph({ text: '' })]),
    centred(placeAndDate(header.place, header.date), { italics: true, size: 14 }),
  ];
  return [
    twoColumns(left, right, 0.37),
    new Paragraph({ text: '' }),
    centred(upperVi(header.title), { bold: true, size: 14 }),
    ...header.subtitle.map((line) => centred(line, { bold: true, size: 14 })),
    new Paragraph({ text: '' }),
  ];
}

export function signatureBlock(signature: Signature): Table {
  const left: Paragraph[] = [
    new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })] }),
    ...signature.recipients.map((r, i) => new Paragraph({ children: [run(`- ${r.replace(/[;.,]\s*$/u, '')}${i === signature.recipients.length - 1 ? '.' : ';'}`, { size: 11 })] })),
  ];
  const right: Paragraph[] = [
    ...signature.authority.map((a) => centred(upperVi(a), { bold: true, size: 14 })),
    centred(upperVi(signature.title), { bold: true, size: 14 }),
    ...Array.from({ length: 4 }, () => new Paragraph({ text: '' })),
    centred(signature.name, { bold: true, size: 14 }),
  ];
  return twoColumns(left, right, 0.45);
}

/** A borderless two-column table: how the header and the signature lines sit side by side. */
export function twoColumns(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const leftWidth = Math.round(TEXT_WIDTH.portrait * leftShare);
  const widths = [leftWidth, TEXT_WIDTH.portrait - leftWidth];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH.portrait, type: WidthType.DXA },
    columnWidths: widths,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [left, right].map((children, i) => new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, borders: NO_BORDERS, children })),
      }),
    ],
  });
}

/** A bordered table of the appendices, 12 pt, its header row repeated on every page, no row split across pages. */
export function gridTable(headers: string[], rows: Array<{ cells: string[]; bold?: boolean }>, shares: number[], centredColumns: ReadonlySet<number>): Table {
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((TEXT_WIDTH.landscape * s) / total));
  const cell = (t: string, i: number, style: RunStyle) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      verticalAlign: VerticalAlign.TOP,
      margins: { left: 60, right: 60 },
      children: t.split('\n').map((line) => new Paragraph({ alignment: centredColumns.has(i) ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(line, { size: 12, ...style })] })),
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH.landscape, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, { bold: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.cells.map((t, i) => cell(t, i, { bold: r.bold ?? false })) })),
    ],
  });
}

export function tallyTable(labelHeader: string, rows: readonly TallyRow[], unit: CountedUnit, par: ParLevels | null): Table {
  const headers = ['STT', labelHeader, ...COUNT_COLUMNS.map((c) => (c.key === 'total' ? `Tổng số ${unit}` : c.header)), 'Tỷ lệ hoàn thành', ...(par ? ['Mức độ (Chỉ số PAR)'] : [])];
  let number = 0;
  const body = rows.map((r) => {
    const c = completionOf(r.tally);
    return {
      bold: r.total ?? false,
      cells: [
        r.numbering ?? (r.total ? '' : String(++number)),
        r.label,
        ...COUNT_COLUMNS.map((col) => String(r.tally[col.key])),
        percentTextVi(c) ?? '',
        ...(par ? [parLevelOf(c, par)?.label ?? ''] : []),
      ],
    };
  });
  const shares = [6, 28, ...COUNT_COLUMNS.map(() => 9), 11, ...(par ? [14] : [])];
  return gridTable(headers, body, shares, new Set(headers.map((_, i) => i).filter((i) => i !== 1)));
}

/** The overdue items, most overdue first; with `agency` given, a column naming whose plan each is in. */
export function overdueTable(items: ReadonlyArray<{ item: OverdueItem; agency?: string }>, unit: CountedUnit, withAgency = false): Table {
  const headers = ['STT', ...(withAgency ? ['Cơ quan, đơn vị'] : []), 'Số hiệu', capitalUnit(unit), 'Cơ quan chủ trì', 'Hạn hoàn thành', 'Số ngày quá hạn'];
  const rows = items.map(({ item, agency }, i) => {
    const d = item.definition;
    return {
      cells: [
        String(i + 1),
        ...(withAgency ? [agency ?? ''] : []),
        d.numbering,
        d.activity ? `${d.text}\n— ${d.activity}` : d.text,
        d.leadText,
        item.due ? formatVietnameseDate(item.due) : '',
        String(item.daysOverdue),
      ],
    };
  });
  const empty = { cells: headers.map((_, i) => (i === headers.length - 4 ? `Không có ${unit} quá hạn` : '')) };
  const shares = withAgency ? [6, 18, 8, 38, 18, 12, 10] : [6, 8, 50, 24, 12, 10];
  const centredColumns = withAgency ? [0, 2, 5, 6] : [0, 1, 4, 5];
  return gridTable(headers, rows.length ? rows : [empty], shares, new Set(centredColumns));
}

/**
 * An appendix on landscape pages: "Phụ lục I", its title, the line tying it to the report
 * ("Kèm theo Báo cáo số … ngày … của …"), then its table.
 */
export function appendixSection(index: number, title: string, attached: string, table: Table): ISectionOptions {
  return section('landscape', [
    centred(`Phụ lục ${romanNumeral(index + 1)}`, { bold: true, size: 14 }),
    centred(upperVi(title), { bold: true, size: 14 }),
    centred(attached, { italics: true, size: 13 }),
    new Paragraph({ text: '' }),
    table,
  ]);
}

/** "(Kèm theo Báo cáo số …/BC-SNV ngày 18/03/2025 của Sở Nội vụ)", under each appendix's title. */
export const attachedLine = (header: OfficialHeader): string =>
  `(Kèm theo Báo cáo số ${header.numberLine.replace(/^Số:\s*/, '')} ngày ${formatVietnameseDate(header.date)} của ${header.issuer})`;

/** A Word document in Times New Roman 14, with its sections. */
export function reportDocument(title: string, sections: ISectionOptions[]): Document {
  return new Document({
    creator: 'cchc',
    lastModifiedBy: 'cchc',
    title,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections,
  });
}

/** The document as .docx bytes that depend only on its content and `stamp` (see normalizeDocx). */
export async function docxBytes(document: Document, stamp: IsoInstant): Promise<Uint8Array> {
  return normalizeDocx(new Uint8Array(await Packer.toArrayBuffer(document)), stamp);
}

/**
 * The package rewritten with the document's dates and every zip entry's time set from `stamp`
 * (the report's knownAt), compressed the same way every time: the file's SHA-256 can be anchored.
 */
export async function normalizeDocx(written: Uint8Array, stamp: IsoInstant): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(written);
  const zipTime = vietnamWallClock(stamp);
  const iso = `${stamp.slice(0, 19)}Z`;
  for (const [name, entry] of Object.entries(zip.files)) {
    if (name === 'docProps/core.xml') {
      const xml = (await entry.async('string')).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
      zip.file(name, xml, { date: zipTime, createFolders: false });
    } else entry.date = zipTime;
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}
