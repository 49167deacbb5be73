import { AlignmentType, Paragraph, type Document, type Table } from 'docx';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import { citePlan, formatIntegerVi, vietnamTimeText } from './cell-values.ts';
import { capitalUnit, completionOf, percentTextVi } from './completion-rate.ts';
import { consolidate, type ConsolidatedReportInput, type PlanFigures } from './consolidation.ts';
import { AREAS_SHEET_NAME, consolidatedHeader, groupRows, LEADS_SHEET_NAME, LEVEL_NAMES_VI, parLevelCounts, PROVENANCE_COLUMNS } from './consolidated-workbook.ts';
import { methodText, parLevelText } from './cover-sheet.ts';
import { appendixSection, attachedLine, docxBytes, gridTable, headerBlock, heading, overdueTable, reportDocument, section, signatureBlock, tallyTable, text } from './docx-blocks.ts';
import { upperVi } from './official-header.ts';
import { periodNameVi } from './report-period.ts';
import { groupSentence, overallSentence } from './tally-sentences.ts';

/**
 * The consolidated report of a province as a Word document in the ND 30 layout (docx-blocks.ts):
 * the header of the Sở Nội vụ, the results in sentences (the agencies together and by reform area,
 * each agency with its PAR level, the province's plan and each lead agency's part, the overdue
 * items counted by plan, the agencies without data, how it is counted and where the figures come
 * from), the signature, then the tables as appendices (the overdue items named there). Each plan's
 * own tables by area and by lead stay in the workbook: for hundreds of agencies they are thousands
 * of rows, which the docx library writes slowly and nobody prints. The same figures as the workbook
 * (consolidation.ts), the same plan numbers; the same inputs give the same bytes.
 */
export function buildConsolidatedDocument(input: ConsolidatedReportInput): Document {
  const c = consolidate(input);
  const { province, period, knownAt } = input;
  const { unit, par } = c;
  const { header, signature } = consolidatedHeader(c);
  const everyPlan = [...c.provincePlans, ...c.agencyPlans];
  const withOverdue = everyPlan.filter((p) => p.overdue.length > 0);

  const body: Array<Paragraph | Table> = [
    ...headerBlock(header),
    heading('I. KẾT QUẢ CHUNG'),
    text(
      `Kỳ báo cáo: ${periodNameVi(period)}; số liệu từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}, ` +
        `ghi nhận đến ${vietnamTimeText(knownAt)} (giờ Việt Nam).`,
    ),
    text(
      `Trên địa bàn ${province.name}, ${province.agencies.length} cơ quan, đơn vị trong danh sách; ${c.agencyPlans.length} kế hoạch của cơ quan, đơn vị ` +
        `được tổng hợp; ${c.withoutData.length} cơ quan, đơn vị chưa có số liệu của kỳ (mục V).`,
    ),
    text(`Các cơ quan, đơn vị: ${overallSentence(c.agencyTotal, unit)}`),
    text(`Mức độ hoàn thành kế hoạch (Chỉ số PAR), số kế hoạch theo mức: ${parLevelCounts(c.agencyPlans)}.`),
    ...(c.agencyAreas.length > 0 ? [text('Theo lĩnh vực cải cách, các cơ quan, đơn vị cộng lại:')] : []),
    ...c.agencyAreas.map((a) => text(`- ${a.label}: ${groupSentence(a.tally, unit)}`)),
    heading('II. KẾT QUẢ CỦA TỪNG CƠ QUAN, ĐƠN VỊ'),
    ...(c.agencyPlans.length === 0
      ? [text('Chưa có kế hoạch của cơ quan, đơn vị nào được tổng hợp.')]
      : c.agencyPlans.map((p) => text(`${p.ref}. ${p.label}: ${groupSentence(p.overall, p.unit).replace(/\.$/, '')}; mức độ (Chỉ số PAR): ${parLevelText(p.par).toLocaleLowerCase('vi')}.`))),
    heading('III. KẾ HOẠCH CỦA TỈNH'),
    ...(c.provincePlans.length === 0 ? [text('Chưa có kế hoạch của tỉnh trong dữ liệu tổng hợp.')] : c.provincePlans.flatMap((p) => provincePlanParagraphs(p))),
    heading(`IV. ${upperVi(unit)} CHƯA HOÀN THÀNH, QUÁ HẠN`),
    ...(withOverdue.length === 0
      ? [text(`Không có ${unit} nào chưa hoàn thành đã quá hạn.`)]
      : [
          text(`${withOverdue.reduce((n, p) => n + p.overdue.length, 0)} ${unit} chưa hoàn thành đã quá hạn, nêu tên tại Phụ lục IV:`),
          ...withOverdue.map((p) => text(`${p.ref}. ${p.label}: ${p.overdue.length} ${p.unit}.`)),
        ]),
    heading('V. CƠ QUAN, ĐƠN VỊ CHƯA CÓ SỐ LIỆU'),
    ...(c.withoutData.length === 0
      ? [text('Mọi cơ quan, đơn vị trong danh sách đều có số liệu của kỳ báo cáo.')]
      : c.withoutData.map((w, i) => text(`${i + 1}. ${w.agency.officialName} (${LEVEL_NAMES_VI[w.agency.level].toLocaleLowerCase('vi')}): ${w.reason.charAt(0).toLocaleLowerCase('vi')}${w.reason.slice(1)}.`))),
    heading('VI. CÁCH TÍNH VÀ NGUỒN SỐ LIỆU'),
    text(`${methodText(unit)} Mỗi kế hoạch của cơ quan, đơn vị được tính riêng theo cùng một cách; mức độ theo Chỉ số PAR tính trên tỷ lệ hoàn thành của từng kế hoạch.`),
    text(
      `Số liệu của mỗi kế hoạch lấy từ sổ theo dõi của kế hoạch đó, chuỗi băm hợp lệ, đến ghi nhận cuối nêu tại phụ lục "Nguồn số liệu" ` +
        `(${c.provenance.length} sổ, ${formatIntegerVi(c.provenance.reduce((n, p) => n + p.plan.count, 0))} ghi nhận); số thứ tự của kế hoạch giống nhau ở mọi phần và phụ lục. ` +
        `Kết quả theo lĩnh vực và theo cơ quan, bộ phận chủ trì của từng kế hoạch ở tệp Excel cùng tên (trang "${AREAS_SHEET_NAME}", "${LEADS_SHEET_NAME}").`,
    ),
    new Paragraph({ text: '' }),
    signatureBlock(signature),
  ];

  const appendices: Array<{ title: string; table: Table }> = [
    {
      title: 'Kết quả thực hiện kế hoạch của các cơ quan, đơn vị',
      table: tallyTable('Cơ quan, đơn vị', [...c.agencyPlans.map((p) => ({ numbering: p.ref, label: p.label, tally: p.overall })), { label: 'Cộng các cơ quan, đơn vị', tally: c.agencyTotal, total: true }], unit, par),
    },
    {
      title: 'Kết quả thực hiện kế hoạch của các cơ quan, đơn vị theo lĩnh vực cải cách',
      table: tallyTable('Lĩnh vực', [...c.agencyAreas.map((a) => ({ label: a.label, tally: a.tally })), { label: 'Cộng các cơ quan, đơn vị', tally: c.agencyTotal, total: true }], unit, par),
    },
    {
      title: `Kế hoạch của ${province.name}: phần của từng cơ quan chủ trì`,
      table: tallyTable('Cơ quan chủ trì', c.provincePlans.flatMap((p) => groupRows(p, p.leads.map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })))), unit, null),
    },
    {
      title: `${capitalUnit(unit)} chưa hoàn thành, quá hạn đến ngày ${formatVietnameseDate(period.to)}`,
      table: overdueTable(everyPlan.flatMap((p) => p.overdue.map((item) => ({ item, agency: `${p.ref}. ${p.label}` }))), unit, true),
    },
    {
      title: 'Nguồn số liệu: sổ theo dõi của từng kế hoạch',
      table: gridTable(
        PROVENANCE_COLUMNS.map((col) => col.header),
        c.provenance.map((p) => ({
          cells: [
            p.ref,
            p.plan.id,
            p.agency.officialName,
            `${p.plan.scope === 'province' ? 'Kế hoạch của tỉnh' : 'Kế hoạch của cơ quan'}${p.plan.identity ? `: ${citePlan(p.plan.identity)}` : ''}`,
            p.format === 2 ? '2 (có ký)' : p.format === 1 ? '1' : '—',
            String(p.plan.count),
            String(p.plan.head.seq),
            p.plan.head.hash,
            vietnamTimeText(p.plan.knownAt),
            p.counted ? 'Có' : `Không: ${p.reason}`,
          ],
        })),
        PROVENANCE_COLUMNS.map((col) => col.width),
        new Set(PROVENANCE_COLUMNS.flatMap((col, i) => ('centred' in col && col.centred ? [i] : []))),
      ),
    },
  ];
  const attached = attachedLine(header);
  return reportDocument(`Báo cáo tổng hợp ${periodNameVi(period)}`, [section('portrait', body), ...appendices.map((a, i) => appendixSection(i, a.title, attached, a.table))]);
}

/** The province's plan in sentences: its result, then each lead agency's part (done/total). */
function provincePlanParagraphs(p: PlanFigures): Paragraph[] {
  const { identity } = p.plan;
  return [
    text(`${p.ref}. ${identity ? `${citePlan(identity)}: ${identity.title}` : p.label}.`, AlignmentType.LEFT),
    text(`${overallSentence(p.overall, p.unit)} Mức độ (Chỉ số PAR): ${parLevelText(p.par).toLocaleLowerCase('vi')}.`),
    text('Phần của từng cơ quan chủ trì:'),
    ...p.leads.map((l) => {
      const done = completionOf(l.tally);
      const rate = percentTextVi(done);
      const overdue = l.tally.open_overdue > 0 ? `; ${l.tally.open_overdue} ${p.unit} quá hạn chưa hoàn thành` : '';
      return text(
        `- ${l.name}${l.group ? ' (nhóm cơ quan)' : ''}: chủ trì ${l.tally.total} ${p.unit}, đã hoàn thành ${done.done}/${done.inForce}${rate ? ` (${rate})` : ''}${overdue}.`,
      );
    }),
  ];
}

/** The document as .docx bytes that depend only on its content and knownAt. */
export function consolidatedDocumentBytes(input: ConsolidatedReportInput): Promise<Uint8Array> {
  return docxBytes(buildConsolidatedDocument(input), input.knownAt);
}
