import ExcelJS from 'exceljs';
import { reportBookBytes } from '#report-book';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import { citePlan, formatIntegerVi, vietnamTimeText } from './cell-values.ts';
import { capitalUnit, completionOf, completionTextVi } from './completion-rate.ts';
import { consolidate, type ConsolidatedReportInput, type Consolidation, type PlanFigures } from './consolidation.ts';
import { addReportCover, capitalPeriodName, knownAtText, methodText, parLevelText, type CoverFact } from './cover-sheet.ts';
import { addListSheet } from './list-sheet.ts';
import { upperVi, type OfficialHeader, type Signature } from './official-header.ts';
import { addOverdueList, OVERDUE_SHEET_NAME } from './overdue-sheet.ts';
import { periodReportSignature, reportHeader } from './report-document.ts';
import { periodNameVi } from './report-period.ts';
import type { SheetBook } from './sheet-book.ts';
import type { TitleLine } from './sheet-title.ts';
import { addTallySheet } from './tally-sheet.ts';
import type { TallyRow } from './tally-table.ts';

export const AGENCIES_SHEET_NAME = 'Theo cơ quan, đơn vị';
export const AGENCY_AREAS_SHEET_NAME = 'Cộng theo lĩnh vực';
export const PROVINCE_PLAN_SHEET_NAME = 'Kế hoạch của tỉnh';
export const AREAS_SHEET_NAME = 'Theo lĩnh vực';
export const LEADS_SHEET_NAME = 'Theo cơ quan chủ trì';
export const WITHOUT_DATA_SHEET_NAME = 'Chưa có số liệu';
export const PROVENANCE_SHEET_NAME = 'Nguồn số liệu';

/** Columns of the provenance sheet, for readers of it (tests, the service). */
export const PROVENANCE_COLUMNS = [
  { header: 'STT', width: 6, centred: true },
  { header: 'Mã kế hoạch', width: 12, centred: true },
  { header: 'Cơ quan, đơn vị', width: 15 },
  { header: 'Kế hoạch', width: 22 },
  { header: 'Định dạng sổ', width: 8, centred: true },
  { header: 'Số ghi nhận đã tính', width: 8, centred: true },
  { header: 'Ghi nhận cuối (số)', width: 8, centred: true },
  { header: 'Mã băm ghi nhận cuối (SHA-256)', width: 18 },
  { header: 'Số liệu ghi nhận đến', width: 12, centred: true },
  { header: 'Tính vào báo cáo', width: 17 },
] as const;

/** Where the consolidated report comes from: its header, signature and the lines over each table. */
export function consolidatedHeader(c: Consolidation): { header: OfficialHeader; signature: Signature; heading: TitleLine[] } {
  const { province, period, knownAt, config } = c.input;
  const header = reportHeader(province.issuer, knownAt, config, [
    `Tổng hợp kết quả thực hiện kế hoạch cải cách hành chính của các cơ quan, đơn vị trên địa bàn ${province.name}`,
    `Kỳ báo cáo: ${periodNameVi(period)}`,
  ]);
  const heading: TitleLine[] = [
    {
      text:
        `${capitalPeriodName(period)}: số liệu từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}, ` +
        `ghi nhận đến ${vietnamTimeText(knownAt)} (giờ Việt Nam)`,
      italic: true,
    },
  ];
  return { header, signature: periodReportSignature(config), heading };
}

/** How many plans reached each PAR level: "Đạt điểm tối đa: 2; Không đạt điểm: 1". */
export function parLevelCounts(plans: readonly PlanFigures[]): string {
  const counts = new Map<string, number>();
  for (const p of plans) {
    const label = p.par?.label ?? 'Không xác định';
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${label}: ${n}`).join('; ') || 'Không có kế hoạch được tính';
}

/**
 * The consolidated period report of a province as one workbook: the cover (ND 30 header, the
 * figures in brief, the signature), every agency's plan by agency, the province's own plan with each
 * lead agency's part, every plan by reform area and by lead agency, the overdue items of every plan,
 * the agencies without data, and where every figure comes from (plan, ledger head, events counted,
 * knownAt). Each plan keeps one number (STT) across the sheets. Everything comes from the inputs.
 */
export function buildConsolidatedReport(input: ConsolidatedReportInput): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  writeConsolidatedReport(workbook, input);
  return workbook;
}

/** The consolidated report's sheets (buildConsolidatedReport), into `workbook`. */
export function writeConsolidatedReport(workbook: SheetBook, input: ConsolidatedReportInput): void {
  const c = consolidate(input);
  const { province, period, knownAt } = input;
  const { unit, par } = c;
  const { header, signature, heading } = consolidatedHeader(c);
  const everyPlan = [...c.provincePlans, ...c.agencyPlans];
  const overdueCount = everyPlan.reduce((n, p) => n + p.overall.open_overdue, 0);

  const facts: CoverFact[] = [
    { label: 'Địa bàn', value: `${province.name}: ${province.agencies.length} cơ quan, đơn vị trong danh sách; ${new Set(c.agencyPlans.map((p) => p.agency.id)).size} có kế hoạch được tính; ${c.withoutData.length} chưa có số liệu` },
    { label: 'Kỳ báo cáo', value: capitalPeriodName(period) },
    { label: 'Thời gian chốt số liệu', value: `Từ ngày ${formatVietnameseDate(period.from)} đến ngày ${formatVietnameseDate(period.to)}; tình trạng các ${unit} tính đến hết ngày ${formatVietnameseDate(period.to)}` },
    { label: 'Số liệu ghi nhận đến', value: knownAtText(knownAt) },
    ...c.provincePlans.map((p) => ({
      label: 'Kế hoạch của tỉnh',
      value: `${p.plan.identity ? citePlan(p.plan.identity) : p.plan.id}: hoàn thành ${completionTextVi(p.completion, p.unit)}; ${parLevelText(p.par)}`,
    })),
    { label: 'Các cơ quan, đơn vị (cộng)', value: `${c.agencyPlans.length} kế hoạch; hoàn thành ${completionTextVi(completionOf(c.agencyTotal), unit)}` },
    { label: 'Mức độ hoàn thành (Chỉ số PAR)', value: `Số kế hoạch của cơ quan, đơn vị theo mức: ${parLevelCounts(c.agencyPlans)}` },
    { label: 'Quá hạn', value: `${overdueCount} ${unit} chưa hoàn thành, quá hạn` },
    {
      label: 'Nguồn số liệu',
      value: `${c.provenance.length} sổ theo dõi, chuỗi băm của mỗi sổ hợp lệ đến ghi nhận được tính; ${formatIntegerVi(c.provenance.reduce((n, p) => n + p.plan.count, 0))} ghi nhận được tính`,
    },
    { label: 'Cách tính', value: `${methodText(unit)} Mỗi kế hoạch giữ một số thứ tự (STT) ở mọi trang và ở trang "${PROVENANCE_SHEET_NAME}".` },
  ];

  addReportCover(workbook, {
    header,
    signature,
    facts,
    contents: [
      { sheet: AGENCIES_SHEET_NAME, description: `Kết quả thực hiện kế hoạch của từng cơ quan, đơn vị; tỷ lệ hoàn thành và mức độ theo Chỉ số PAR.` },
      { sheet: AGENCY_AREAS_SHEET_NAME, description: `Kế hoạch của các cơ quan, đơn vị cộng lại, theo lĩnh vực cải cách.` },
      { sheet: PROVINCE_PLAN_SHEET_NAME, description: `Kế hoạch của tỉnh: phần của từng cơ quan chủ trì (số ${unit} chủ trì, đã hoàn thành/tổng số).` },
      { sheet: AREAS_SHEET_NAME, description: `Từng kế hoạch theo lĩnh vực cải cách.` },
      { sheet: LEADS_SHEET_NAME, description: `Kế hoạch của từng cơ quan, đơn vị theo cơ quan, bộ phận chủ trì.` },
      { sheet: OVERDUE_SHEET_NAME, description: `${capitalUnit(unit)} chưa hoàn thành đã quá hạn, theo cơ quan, đơn vị.` },
      { sheet: WITHOUT_DATA_SHEET_NAME, description: 'Cơ quan, đơn vị chưa có kế hoạch hoặc chưa có số liệu của kỳ.' },
      { sheet: PROVENANCE_SHEET_NAME, description: 'Mỗi kế hoạch: sổ theo dõi, ghi nhận cuối được tính và mã băm của nó, số ghi nhận, thời điểm lấy số liệu.' },
    ],
  });

  addTallySheet(workbook, {
    name: AGENCIES_SHEET_NAME,
    title: `KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH CỦA CÁC CƠ QUAN, ĐƠN VỊ`,
    heading,
    labelHeader: 'Cơ quan, đơn vị',
    rows: [...c.agencyPlans.map((p) => ({ numbering: p.ref, label: p.label, tally: p.overall })), { label: 'Cộng các cơ quan, đơn vị', tally: c.agencyTotal, total: true }],
    par,
    unit,
    footnote: `STT là số của kế hoạch ở trang "${PROVENANCE_SHEET_NAME}". Cơ quan, đơn vị chưa có số liệu: trang "${WITHOUT_DATA_SHEET_NAME}".`,
  });
  addTallySheet(workbook, {
    name: AGENCY_AREAS_SHEET_NAME,
    title: 'KẾT QUẢ THỰC HIỆN KẾ HOẠCH CỦA CÁC CƠ QUAN, ĐƠN VỊ THEO LĨNH VỰC CẢI CÁCH',
    heading,
    labelHeader: 'Lĩnh vực',
    rows: [...c.agencyAreas.map((a) => ({ label: a.label, tally: a.tally })), { label: 'Cộng các cơ quan, đơn vị', tally: c.agencyTotal, total: true }],
    // No footnote: the table nearly fills a landscape page, and a note would print alone on a second one.
    par,
    unit,
  });
  addTallySheet(workbook, {
    name: PROVINCE_PLAN_SHEET_NAME,
    title: `KẾ HOẠCH CỦA ${upperVi(province.name)}: PHẦN CỦA TỪNG CƠ QUAN CHỦ TRÌ`,
    heading: [...c.provincePlans.flatMap((p) => (p.plan.identity ? [{ text: `${p.plan.identity.title} (${citePlan(p.plan.identity)})`, italic: true }] : [])), ...heading],
    labelHeader: 'Cơ quan chủ trì',
    rows: c.provincePlans.flatMap((p) => groupRows(p, p.leads.map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })))),
    par: null,
    unit,
    footnote:
      (c.provincePlans.length === 0 ? 'Chưa có kế hoạch của tỉnh trong dữ liệu tổng hợp. ' : '') +
      `Một ${unit} có nhiều cơ quan chủ trì được tính cho từng cơ quan, nên tổng các dòng có thể lớn hơn tổng số ${unit}; nhóm cơ quan được tính là một dòng.`,
  });
  addTallySheet(workbook, {
    name: AREAS_SHEET_NAME,
    title: 'KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC CẢI CÁCH CỦA TỪNG KẾ HOẠCH',
    heading,
    labelHeader: 'Kế hoạch, lĩnh vực',
    rows: everyPlan.flatMap((p) => groupRows(p, p.areas.map((a) => ({ label: a.label, tally: a.tally })))),
    par,
    unit,
  });
  addTallySheet(workbook, {
    name: LEADS_SHEET_NAME,
    title: 'KẾ HOẠCH CỦA CÁC CƠ QUAN, ĐƠN VỊ THEO CƠ QUAN, BỘ PHẬN CHỦ TRÌ',
    heading,
    labelHeader: 'Kế hoạch, cơ quan chủ trì',
    rows: c.agencyPlans.flatMap((p) => groupRows(p, p.leads.map((l) => ({ label: l.group ? `${l.name} (nhóm cơ quan)` : l.name, tally: l.tally })))),
    par: null,
    unit,
    footnote: `Kế hoạch của tỉnh theo cơ quan chủ trì: trang "${PROVINCE_PLAN_SHEET_NAME}".`,
  });
  addOverdueList(workbook, {
    unit,
    validAt: period.to,
    heading,
    rows: everyPlan.flatMap((p) => p.overdue.map((item) => ({ item, agency: `${p.ref}. ${p.label}` }))),
  });
  addListSheet(workbook, {
    name: WITHOUT_DATA_SHEET_NAME,
    title: [{ text: 'CƠ QUAN, ĐƠN VỊ CHƯA CÓ SỐ LIỆU CỦA KỲ BÁO CÁO', size: 14, bold: true }, ...heading],
    columns: [
      { header: 'STT', width: 5, centred: true },
      { header: 'Cơ quan, đơn vị', width: 34 },
      { header: 'Cấp', width: 12, centred: true },
      { header: 'Cơ quan cấp trên', width: 30 },
      { header: 'Tình trạng', width: 44 },
    ],
    rows: c.withoutData.map((w, i) => [i + 1, w.agency.officialName, LEVEL_NAMES_VI[w.agency.level], parentName(c, w.agency.parentId), w.reason]),
    empty: 'Mọi cơ quan, đơn vị đều có số liệu của kỳ báo cáo.',
  });
  addListSheet(workbook, {
    name: PROVENANCE_SHEET_NAME,
    title: [
      { text: 'NGUỒN SỐ LIỆU: SỔ THEO DÕI CỦA TỪNG KẾ HOẠCH', size: 14, bold: true },
      ...heading,
      { text: 'Mỗi số liệu của báo cáo được tính từ các ghi nhận của sổ đến ghi nhận cuối nêu dưới đây (kiểm tra lại được bằng "cchc verify --anchor số:mã-băm").', italic: true },
    ],
    columns: PROVENANCE_COLUMNS,
    rows: c.provenance.map((p) => [
      p.ref,
      p.plan.id,
      p.agency.officialName,
      `${p.plan.scope === 'province' ? 'Kế hoạch của tỉnh' : 'Kế hoạch của cơ quan'}${p.plan.identity ? `: ${citePlan(p.plan.identity)}` : ''}`,
      p.format === 2 ? '2 (có ký)' : p.format === 1 ? '1' : '—',
      p.plan.count,
      p.plan.head.seq,
      p.plan.head.hash,
      vietnamTimeText(p.plan.knownAt),
      p.counted ? 'Có' : `Không: ${p.reason}`,
    ]),
    empty: 'Không có kế hoạch nào trong dữ liệu tổng hợp.',
  });
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
}

/** The consolidated report as .xlsx bytes, written row by row (reportBookBytes), identical for identical inputs. */
export function consolidatedReportBytes(input: ConsolidatedReportInput): Promise<Uint8Array> {
  return reportBookBytes((book) => writeConsolidatedReport(book, input), input.knownAt);
}

export const LEVEL_NAMES_VI = { province: 'Cấp tỉnh', department: 'Sở, ban, ngành', district: 'Cấp huyện', commune: 'Cấp xã' } as const;

const parentName = (c: Consolidation, parentId: string | null): string =>
  parentId === null ? '' : (c.input.province.agencies.find((a) => a.id === parentId)?.officialName ?? parentId);

/** A plan's own row (bold, numbered with its STT), then its parts numbered "3.1", "3.2", … */
export function groupRows(p: PlanFigures, parts: ReadonlyArray<Omit<TallyRow, 'numbering'>>): TallyRow[] {
  return [{ numbering: p.ref, label: p.label, tally: p.overall, total: true }, ...parts.map((r, i) => ({ ...r, numbering: `${p.ref}.${i + 1}` }))];
}
