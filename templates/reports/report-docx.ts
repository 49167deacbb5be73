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
import { citePlan, formatIntegerVi, vietnamTimeText, vietnamWallClock } from './cell-values.ts';
import { chainStatusText, verificationOfPrefix } from './chain-status.ts';
import { capitalUnit, completionOf, completionTextVi, countedUnitOf, parLevelOf, percentTextVi, type CountedUnit } from './completion-rate.ts';
import { placeAndDate, upperVi, type OfficialHeader, type Signature } from './official-header.ts';
import { overdueItems } from './overdue-sheet.ts';
import type { PeriodReportInput } from './period-report.ts';
import { DEFAULT_PAR, type ParLevels } from './report-config.ts';
import { periodReportHeader, periodReportSignature } from './report-document.ts';
import { periodNameVi } from './report-period.ts';
import { COUNT_COLUMNS } from './tally-table.ts';
import { tallyAll, tallyByArea, tallyByLead, type Tally } from './tally.ts';

/**
 * The period report as a Word document, the way officers submit it (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I): A4, Times New Roman, margins left 30 mm, right 15 mm, top and bottom 20 mm, the
 * page number at the top centre from page 2; the header block, the summary in sentences (overall,
 * by reform area, by lead agency, the overdue items by name), "Nơi nhận" and the signature block;
 * then the tables as appendices on landscape pages, their header row repeated on every page.
 * Everything comes from the inputs, so the same inputs give the same document (docxBytes).
 */
export function buildReportDocument(input: PeriodReportInput): Document {
  const { state, period, config } = input;
  if (state.validAt !== period.to) throw new Error(`The state must be replayed at the cut-off ${period.to} (it is at ${state.validAt}).`);
  const unit = countedUnitOf(state);
  const par = config.par ?? DEFAULT_PAR;
  const window = { from: period.from, to: period.to };
  const overall = tallyAll(state, window);
  const areas = tallyByArea(state, window);
  const leads = tallyByLead(state, window);
  const overdue = overdueItems(state);
  const header = periodReportHeader(state.plan?.identity ?? null, period, state.knownAt, config);
  const signature = periodReportSignature(config);
  const verification = verificationOfPrefix(input.verification, state);
  const completion = completionOf(overall);
  const level = parLevelOf(completion, par);

  const body: Array<Paragraph | Table> = [
    ...headerBlock(header),
    heading('I. KẾT QUẢ CHUNG'),
    text(
      `Kỳ báo cáo: ${periodNameVi(period)}; số liệu từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}` +
        (state.plan ? `, theo ${citePlan(state.plan.identity)}.` : '.'),
    ),
    text(`${overallSentence(overall, unit)}${level ? ` Mức độ hoàn thành kế hoạch (Chỉ số PAR): ${level.label.toLocaleLowerCase('vi')}${level.score !== undefined ? ` (${String(level.score).replace('.', ',')} điểm)` : ''}.` : ''}`),
    text(
      `Số liệu lấy từ sổ theo dõi: ${formatIntegerVi(state.count)} ghi nhận đến ${vietnamTimeText(state.knownAt)} (giờ Việt Nam), ghi nhận cuối số ` +
        `${formatIntegerVi(state.head.seq)}, mã băm ${state.head.hash}; ${chainStatusText(verification).replace(/^./u, (c) => c.toLocaleLowerCase('vi'))}`,
      // Not justified: a 64-digit hash cannot break, and justifying the line before it spreads its words apart.
      AlignmentType.LEFT,
    ),
    heading('II. KẾT QUẢ THEO LĨNH VỰC CẢI CÁCH'),
    ...areas.map((a, i) => text(`${i + 1}. ${a.label}: ${groupSentence(a.tally, unit)}`)),
    heading('III. KẾT QUẢ THEO CƠ QUAN CHỦ TRÌ'),
    ...leads.map((l, i) => text(`${i + 1}. ${l.name}${l.group ? ' (nhóm cơ quan)' : ''}: ${groupSentence(l.tally, unit)}`)),
    heading(`IV. ${upperVi(unit)} CHƯA HOÀN THÀNH, QUÁ HẠN`),
    ...(overdue.length === 0
      ? [text(`Không có ${unit} nào chưa hoàn thành đã quá hạn.`)]
      : overdue.map((item) => {
          const d = item.definition;
          return text(
            `- ${d.numbering} ${d.text}${d.activity ? ` (${d.activity})` : ''}; chủ trì: ${d.leadText || 'chưa xác định'}; ` +
              `hạn ${item.due ? formatVietnameseDate(item.due) : 'chưa xác định'}, quá hạn ${item.daysOverdue} ngày.`,
          );
        })),
    heading('V. CÁCH TÍNH'),
    text(
      `Tỷ lệ hoàn thành = số ${unit} đã hoàn thành (đúng hạn và quá hạn) / số ${unit} còn trong kế hoạch; ` +
        `${unit} đã rút khỏi kế hoạch không được tính, ${unit} chưa có thời hạn (chờ điều kiện) vẫn được tính. ` +
        (unit === 'nhiệm vụ' ? 'Mỗi nhiệm vụ của kế hoạch là một mục theo dõi. ' : 'Mục theo dõi là từng dòng nhiệm vụ, hoạt động của phụ lục kế hoạch. ') +
        `Một ${unit} có nhiều cơ quan chủ trì được tính cho từng cơ quan. Các bảng số liệu tại phụ lục kèm theo; danh sách đầy đủ và các thay đổi trong kỳ ở tệp Excel cùng tên.`,
    ),
    new Paragraph({ text: '' }),
    signatureBlock(signature),
  ];

  const attached = `(Kèm theo Báo cáo số ${header.numberLine.replace(/^Số:\s*/, '')} ngày ${formatVietnameseDate(header.date)} của ${header.issuer})`;
  const appendices: Array<{ title: string; table: Table }> = [
    { title: `Kết quả thực hiện ${unit} theo lĩnh vực cải cách`, table: tallyTable('Lĩnh vực', [...areas.map((a) => ({ label: a.label, tally: a.tally })), { label: 'Tổng cộng', tally: overall, total: true }], unit, par) },
    { title: `Kết quả thực hiện ${unit} theo cơ quan chủ trì`, table: tallyTable('Cơ quan chủ trì', leads.map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })), unit, null) },
    { title: `${capitalUnit(unit)} chưa hoàn thành, quá hạn đến ngày ${formatVietnameseDate(period.to)}`, table: overdueTable(overdue, unit) },
  ];

  return new Document({
    creator: 'cchc',
    lastModifiedBy: 'cchc',
    title: `Báo cáo ${periodNameVi(period)}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      section('portrait', body),
      ...appendices.map((a, i) =>
        section('landscape', [
          centred(`Phụ lục ${ROMAN[i]}`, { bold: true, size: 14 }),
          centred(upperVi(a.title), { bold: true, size: 14 }),
          centred(attached, { italics: true, size: 13 }),
          new Paragraph({ text: '' }),
          a.table,
        ]),
      ),
    ],
  });
}

/** "bao-cao-2021-Q1.xlsx" → "bao-cao-2021-Q1.docx": the Word document is written beside the workbook. */
export const documentNameBeside = (workbookFile: string): string => `${workbookFile.replace(/\.xlsx$/i, '')}.docx`;

/** The document as .docx bytes that depend only on its content and `stamp` (see normalizeDocx). */
export async function reportDocumentBytes(input: PeriodReportInput): Promise<Uint8Array> {
  const written = new Uint8Array(await Packer.toArrayBuffer(buildReportDocument(input)));
  return normalizeDocx(written, input.state.knownAt);
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

const FONT = 'Times New Roman';
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'];
/** Millimetres in twips, rounded (docx's own helper truncates: A4 would be 11905 twips wide, not 11906). */
const mm = (millimetres: number): number => Math.round((millimetres * 1440) / 25.4);
/** A4 between the ND 30 margins, in twips. */
const TEXT_WIDTH = { portrait: mm(210 - 30 - 15), landscape: mm(297 - 30 - 15) };
const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function section(orientation: 'portrait' | 'landscape', children: Array<Paragraph | Table>): ISectionOptions {
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

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  /** In points. */
  size?: number;
}

const run = (t: string, style: RunStyle = {}) =>
  new TextRun({ text: t, bold: style.bold ?? false, italics: style.italics ?? false, size: (style.size ?? 14) * 2, ...(style.underline && { underline: {} }) });

const centred = (t: string, style: RunStyle = {}) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(t, style)] });

/** A paragraph of the body: 14 pt, justified, first line indented 1 cm, 6 pt after (ND 30). */
const text = (t: string, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED) => new Paragraph({ alignment, indent: { firstLine: mm(10) }, spacing: { after: 120, line: 312 }, children: [run(t)] });

const heading = (t: string) => new Paragraph({ spacing: { before: 120, after: 120 }, indent: { firstLine: mm(10) }, children: [run(t, { bold: true })] });

function overallSentence(t: Tally, unit: CountedUnit): string {
  const c = completionOf(t);
  if (c.basisPoints === null) return `Không có ${unit} trong kế hoạch.`;
  return (
    `Hoàn thành ${completionTextVi(c, unit)} (${t.done_on_time} đúng hạn, ${t.done_late} quá hạn); ` +
    `${t.open_in_time} ${unit} chưa hoàn thành, còn trong hạn; ${t.open_overdue} ${unit} chưa hoàn thành, đã quá hạn; ` +
    `${t.waiting} ${unit} chưa có thời hạn (chờ điều kiện); ${t.withdrawn} ${unit} đã rút khỏi kế hoạch. ` +
    `Trong kỳ báo cáo có ${t.completedInPeriod} ${unit} hoàn thành.`
  );
}

function groupSentence(t: Tally, unit: CountedUnit): string {
  const c = completionOf(t);
  if (c.basisPoints === null) return `không còn ${unit} trong kế hoạch.`;
  const open = t.open_overdue > 0 ? `; ${t.open_overdue} ${unit} quá hạn chưa hoàn thành` : '';
  return `hoàn thành ${completionTextVi(c, unit)}${open}.`;
}

function headerBlock(header: OfficialHeader): Array<Paragraph | Table> {
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

function signatureBlock(signature: Signature): Table {
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
function twoColumns(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
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
function gridTable(headers: string[], rows: Array<{ cells: string[]; bold?: boolean }>, shares: number[], centredColumns: ReadonlySet<number>): Table {
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

function tallyTable(labelHeader: string, rows: Array<{ label: string; tally: Tally; total?: boolean }>, unit: CountedUnit, par: ParLevels | null): Table {
  const headers = ['STT', labelHeader, ...COUNT_COLUMNS.map((c) => (c.key === 'total' ? `Tổng số ${unit}` : c.header)), 'Tỷ lệ hoàn thành', ...(par ? ['Mức độ (Chỉ số PAR)'] : [])];
  let number = 0;
  const body = rows.map((r) => {
    const c = completionOf(r.tally);
    return {
      bold: r.total ?? false,
      cells: [
        r.total ? '' : String(++number),
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

function overdueTable(items: ReturnType<typeof overdueItems>, unit: CountedUnit): Table {
  const headers = ['STT', 'Số hiệu', capitalUnit(unit), 'Cơ quan chủ trì', 'Hạn hoàn thành', 'Số ngày quá hạn'];
  const rows = items.map((item, i) => {
    const d = item.definition;
    return { cells: [String(i + 1), d.numbering, d.activity ? `${d.text}\n— ${d.activity}` : d.text, d.leadText, item.due ? formatVietnameseDate(item.due) : '', String(item.daysOverdue)] };
  });
  return gridTable(headers, rows.length ? rows : [{ cells: ['', '', `Không có ${unit} quá hạn`, '', '', ''] }], [6, 8, 50, 24, 12, 10], new Set([0, 1, 4, 5]));
}
