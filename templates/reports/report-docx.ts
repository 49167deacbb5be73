import { AlignmentType, Paragraph, type Document, type Table } from 'docx';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import { citePlan, formatIntegerVi, vietnamTimeText } from './cell-values.ts';
import { chainStatusText, verificationOfPrefix } from './chain-status.ts';
import { capitalUnit, completionOf, countedUnitOf, parLevelOf } from './completion-rate.ts';
import { appendixSection, attachedLine, docxBytes, headerBlock, heading, overdueTable, reportDocument, section, signatureBlock, tallyTable, text } from './docx-blocks.ts';
import { upperVi } from './official-header.ts';
import { overdueItems } from './overdue-sheet.ts';
import type { PeriodReportInput } from './period-report.ts';
import { DEFAULT_PAR } from './report-config.ts';
import { periodReportHeader, periodReportSignature } from './report-document.ts';
import { periodNameVi } from './report-period.ts';
import { groupSentence, overallSentence } from './tally-sentences.ts';
import { tallyAll, tallyByArea, tallyByLead } from './tally.ts';

/**
 * The period report as a Word document, the way officers submit it (Nghị định 30/2020/NĐ-CP,
 * Phụ lục I): A4, Times New Roman, margins left 30 mm, right 15 mm, top and bottom 20 mm, the
 * page number at the top centre from page 2; the header block, the summary in sentences (overall,
 * by reform area, by lead agency, the overdue items by name), "Nơi nhận" and the signature block;
 * then the tables as appendices on landscape pages, their header row repeated on every page.
 * Everything comes from the inputs, so the same inputs give the same document (docxBytes).
 * The layout's pieces are shared with the province's consolidated report (docx-blocks.ts).
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

  const attached = attachedLine(header);
  const appendices: Array<{ title: string; table: Table }> = [
    { title: `Kết quả thực hiện ${unit} theo lĩnh vực cải cách`, table: tallyTable('Lĩnh vực', [...areas.map((a) => ({ label: a.label, tally: a.tally })), { label: 'Tổng cộng', tally: overall, total: true }], unit, par) },
    { title: `Kết quả thực hiện ${unit} theo cơ quan chủ trì`, table: tallyTable('Cơ quan chủ trì', leads.map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })), unit, null) },
    { title: `${capitalUnit(unit)} chưa hoàn thành, quá hạn đến ngày ${formatVietnameseDate(period.to)}`, table: overdueTable(overdue.map((item) => ({ item })), unit) },
  ];

  return reportDocument(`Báo cáo ${periodNameVi(period)}`, [section('portrait', body), ...appendices.map((a, i) => appendixSection(i, a.title, attached, a.table))]);
}

/** "bao-cao-2021-Q1.xlsx" → "bao-cao-2021-Q1.docx": the Word document is written beside the workbook. */
export const documentNameBeside = (workbookFile: string): string => `${workbookFile.replace(/\.xlsx$/i, '')}.docx`;

/** The document as .docx bytes that depend only on its content and knownAt (see normalizeDocx). */
export function reportDocumentBytes(input: PeriodReportInput): Promise<Uint8Array> {
  return docxBytes(buildReportDocument(input), input.state.knownAt);
}
