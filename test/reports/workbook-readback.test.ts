import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_WIDTH_UNITS } from '../../templates/reports/styles.ts';
import type { ConditionalFormattingOptions } from 'exceljs';
import * as XLSX from 'xlsx';
import type { LedgerEvent } from '../../ledger/events.ts';
import { replay } from '../../ledger/replay.ts';
import { AUDIT_SHEET_NAME } from '../../templates/reports/audit-trail.ts';
import { COVER_SHEET_NAME } from '../../templates/reports/cover-sheet.ts';
import { CHANGES_SHEET_NAME, ITEMS_SHEET_NAME, LEAD_SHEET_NAME, SUMMARY_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { OVERDUE_SHEET_NAME } from '../../templates/reports/overdue-sheet.ts';
import { PROGRESS_SHEET_NAME } from '../../templates/reports/progress-sheet.ts';
import { progressWorkbookBytes } from '../../templates/reports/progress-workbook.ts';
import { readWithExcelJs, readWithSheetJs, reportFor, sheetPart, verifyEvents, xlsxParts } from './read-back.ts';
import { KNOWN_AFTER_LATE_RECORD, scenarioEvents } from './scenario.ts';

let events: LedgerEvent[];
let report: Uint8Array;
beforeAll(async () => {
  events = await scenarioEvents();
  report = await reportFor(events, '2021-Q1', KNOWN_AFTER_LATE_RECORD);
});

const cellText = (sheet: XLSX.WorkSheet, address: string) => sheet[address]?.v;

/** Label → value pairs of the cover's fact table (label in column A, value in column C). */
function coverFacts(sheet: XLSX.WorkSheet): Map<string, unknown> {
  const facts = new Map<string, unknown>();
  const range = XLSX.utils.decode_range(sheet['!ref']!);
  for (let r = 0; r <= range.e.r; r++) {
    const label = sheet[XLSX.utils.encode_cell({ r, c: 0 })]?.v;
    const value = sheet[XLSX.utils.encode_cell({ r, c: 2 })]?.v;
    if (typeof label === 'string' && value !== undefined) facts.set(label, value);
  }
  return facts;
}

describe('the period report, read back by SheetJS and exceljs', () => {
  it('has its sheets in order', async () => {
    expect(readWithSheetJs(report).SheetNames).toEqual([COVER_SHEET_NAME, SUMMARY_SHEET_NAME, LEAD_SHEET_NAME, OVERDUE_SHEET_NAME, ITEMS_SHEET_NAME, CHANGES_SHEET_NAME]);
    expect((await readWithExcelJs(report)).worksheets.map((w) => w.name)).toEqual(readWithSheetJs(report).SheetNames);
  });

  it('the cover carries the official header of Nghị định 30/2020 in Times New Roman', async () => {
    const cover = (await readWithExcelJs(report)).getWorksheet(COVER_SHEET_NAME)!;
    const find = (text: string) => {
      let found: import('exceljs').Cell | undefined;
      cover.eachRow((row) => row.eachCell((cell) => {
        if (cell.value === text && !cell.isMerged) found ??= cell;
        if (cell.value === text && cell.isMerged && cell.master === cell) found ??= cell;
      }));
      if (!found) throw new Error(`"${text}" not on the cover`);
      return found;
    };
    const national = find('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(national.font).toMatchObject({ name: 'Times New Roman', bold: true, size: 12 });
    const motto = find('Độc lập - Tự do - Hạnh phúc');
    expect(motto.font).toMatchObject({ name: 'Times New Roman', bold: true, size: 13 });
    expect(Number(motto.row)).toBe(Number(national.row) + 1);
    const issuer = find('ỦY BAN NHÂN DÂN TỈNH BẾN TRE');
    expect(issuer.font).toMatchObject({ bold: true });
    expect(issuer.col).toBe(1); // the issuer at the left, the national header to its right
    expect(national.col).toBeGreaterThan(1);
    // knownAt 25/03/2021 10:00 in Vietnam: the report's date. Days below 10 and months 1-2 take a zero; March does not.
    const date = find('Bến Tre, ngày 25 tháng 3 năm 2021');
    expect(date.font).toMatchObject({ italic: true, name: 'Times New Roman' });
    expect(find('Số:        /BC-UBND').col).toBe(1);
    expect(find('BÁO CÁO').font).toMatchObject({ bold: true, size: 14 });
  });

  it('the cover states the period, its cut-off, knownAt, the ledger head and the verification', async () => {
    const facts = coverFacts(readWithSheetJs(report).Sheets[COVER_SHEET_NAME]!);
    const state = replay(events, { knownAt: KNOWN_AFTER_LATE_RECORD, validAt: '2021-03-14' });
    expect(facts.get('Kỳ báo cáo')).toBe('Quý I năm 2021');
    expect(facts.get('Thời gian chốt số liệu')).toBe('Từ ngày 15/12/2020 đến ngày 14/03/2021; tình trạng các mục theo dõi tính đến hết ngày 14/03/2021');
    expect(facts.get('Số liệu ghi nhận đến')).toBe('10:00 ngày 25/03/2021 (giờ Việt Nam): ghi nhận sau thời điểm này không được tính');
    expect(state.head.seq).toBe(7);
    expect(facts.get('Sổ theo dõi')).toBe(`7 ghi nhận; ghi nhận cuối số 7, mã băm ${state.head.hash}`);
    // The verification of the events the report was made from: appending later leaves the file unchanged.
    expect(facts.get('Kiểm tra chuỗi')).toBe(`HỢP LỆ — 7 ghi nhận, ghi nhận cuối số 7, mã băm ${state.head.hash}`);
    expect(facts.get('Kết quả chung')).toBe('Hoàn thành 3/9 mục theo dõi, đạt 33,33%');
    expect(facts.get('Mức độ hoàn thành kế hoạch (Chỉ số PAR)')).toBe('Không đạt điểm (0 điểm)');
  });

  it('prints at 100 % with ND 30 margins, page numbers at the top centre from page 2, the header rows (and key columns of wide tables) repeated, no text under 11 pt', async () => {
    const workbook = await readWithExcelJs(report);
    const parts = await xlsxParts(report);
    for (const sheet of workbook.worksheets) {
      const setup = sheet.pageSetup;
      expect(setup.orientation, sheet.name).toBe(sheet.name === COVER_SHEET_NAME ? 'portrait' : 'landscape');
      expect(setup.paperSize, sheet.name).toBe(9);
      expect(setup.fitToPage, sheet.name).toBe(false);
      expect(setup.scale, sheet.name).toBe(100);
      const mm = (inches: number | undefined) => Math.round((inches ?? 0) * 25.4);
      expect([mm(setup.margins?.left), mm(setup.margins?.right), mm(setup.margins?.top), mm(setup.margins?.bottom)], sheet.name).toEqual([30, 15, 20, 20]);
      const xml = parts.get(sheetPart(parts, sheet.name))!;
      expect(xml, sheet.name).not.toMatch(/fitToPage="1"/);
      expect(xml, sheet.name).toMatch(/<headerFooter differentFirst="1"><oddHeader>&amp;C&amp;&quot;Times New Roman&quot;&amp;13&amp;P<\/oddHeader><\/headerFooter>/);
      // Every cell's text at 11 pt or more, and no table wider than its page unless its key columns repeat.
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.font?.size ?? 11, `${sheet.name}!${cell.address}`).toBeGreaterThanOrEqual(11)));
      let width = 0;
      for (let c = 1; c <= sheet.columnCount; c++) width += sheet.getColumn(c).width ?? 9;
      const page = sheet.name === COVER_SHEET_NAME ? PAGE_WIDTH_UNITS.portrait : PAGE_WIDTH_UNITS.landscape;
      if (width > page) expect(setup.printTitlesColumn, sheet.name).toMatch(/^A:[A-Z]$/);
    }
    // The default font is Times New Roman 11: column widths mean the same in Excel and LibreOffice.
    expect(parts.get('xl/styles.xml')).toMatch(/<fonts [^>]*><font><sz val="11"\/><name val="Times New Roman"\/>/);
    const sheetJs = readWithSheetJs(report);
    const headerRowOf = (name: string, firstHeader: string) => {
      const sheet = sheetJs.Sheets[name]!;
      for (let r = 1; r < 20; r++) if (cellText(sheet, `A${r}`) === firstHeader) return r;
      throw new Error(`no header in ${name}`);
    };
    for (const [name, first] of [[SUMMARY_SHEET_NAME, 'STT'], [LEAD_SHEET_NAME, 'STT'], [OVERDUE_SHEET_NAME, 'STT'], [ITEMS_SHEET_NAME, 'STT'], [CHANGES_SHEET_NAME, 'Số TT']] as const) {
      const r = headerRowOf(name, first);
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.pageSetup.printTitlesRow, name).toBe(`${r}:${r}`);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: r });
    }
    // The item list and the changes are wider than a page: they print across, repeating what names a row.
    expect(workbook.getWorksheet(ITEMS_SHEET_NAME)!.pageSetup).toMatchObject({ printTitlesColumn: 'A:B', pageOrder: 'overThenDown' });
    expect(workbook.getWorksheet(CHANGES_SHEET_NAME)!.pageSetup.printTitlesColumn).toBe('A:A');
  });

  it('ends the cover with Nơi nhận and the signature block from the configuration; a department prints under its committee', async () => {
    const config = {
      document: {
        issuer: 'Sở Giáo dục và Đào tạo tỉnh Gia Lai',
        recipients: ['Sở Nội vụ (b/c)', 'Lưu: VT, VP'],
        signer: { authority: ['KT. Giám đốc'], title: 'Phó Giám đốc', name: 'Trần Văn Bình' },
      },
    };
    const bytes = await reportFor(events, '2021-Q1', KNOWN_AFTER_LATE_RECORD, config);
    const cover = (await readWithExcelJs(bytes)).getWorksheet(COVER_SHEET_NAME)!;
    const texts: Array<{ text: string; row: number; col: number }> = [];
    cover.eachRow((row, r) => row.eachCell((cell, c) => typeof cell.value === 'string' && texts.push({ text: cell.value, row: r, col: c })));
    const at = (text: string) => texts.find((t) => t.text === text) ?? expect.fail(`no "${text}" on the cover`);
    expect(at('UBND TỈNH GIA LAI').row).toBe(1);
    expect(at('SỞ GIÁO DỤC VÀ ĐÀO TẠO').row).toBe(2);
    expect(texts.some((t) => t.text.startsWith('Gia Lai, ngày 25 tháng 3 năm 2021'))).toBe(true);
    expect(at('Số:        /BC-SGDĐT').col).toBe(1);
    const received = at('Nơi nhận:');
    expect(at('- Sở Nội vụ (b/c);')).toMatchObject({ row: received.row + 1, col: 1 });
    expect(at('- Lưu: VT, VP.').row).toBe(received.row + 2);
    expect(at('KT. GIÁM ĐỐC')).toMatchObject({ row: received.row });
    expect(at('KT. GIÁM ĐỐC').col).toBeGreaterThan(1);
    expect(at('PHÓ GIÁM ĐỐC').row).toBe(received.row + 1);
    expect(at('Trần Văn Bình').row).toBeGreaterThan(received.row + 4);
  });

  it('the item list: sections as merged rows, sub-rows under their task, dates as date cells, status drop-down, assessment colours', async () => {
    const sheetJs = readWithSheetJs(report).Sheets[ITEMS_SHEET_NAME]!;
    const exceljs = (await readWithExcelJs(report)).getWorksheet(ITEMS_SHEET_NAME)!;
    const header = 6;
    const headers: string[] = [];
    for (let c = 1; c <= exceljs.columnCount; c++) headers.push(String(exceljs.getCell(header, c).value));
    expect(headers).toEqual([
      'STT', 'Nhiệm vụ', 'Hoạt động', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Ghi chú',
      'Trạng thái', 'Ngày hoàn thành', 'Tài liệu kiểm chứng', 'Ghi nhận mới nhất', 'Hạn hoàn thành', 'Đánh giá đến ngày 14/03/2021', 'Số ngày quá hạn', 'Mã mục theo dõi',
    ]);
    const col = (name: string) => XLSX.utils.encode_col(headers.indexOf(name));
    // Section I on row 7. The table is wider than a page and repeats columns A:B on the pages across,
    // so the title stays in B (not merged over columns printed elsewhere, where it would be cut).
    expect(cellText(sheetJs, 'A7')).toBe('I');
    expect(cellText(sheetJs, 'B7')).toBe('Công tác chỉ đạo, điều hành về CCHC');
    const merges = sheetJs['!merges']!.map((m) => XLSX.utils.encode_range(m));
    expect(merges.filter((m) => m.startsWith('B7:'))).toEqual([]);
    expect(exceljs.getRow(7).height).toBeGreaterThanOrEqual(30); // two lines of 12 pt in column B
    // A2 on row 9: done 25/01/2021 as a date cell formatted dd/mm/yyyy, evidence cited by number and date.
    expect(cellText(sheetJs, 'A9')).toBe('2');
    expect(sheetJs[`${col('Ngày hoàn thành')}9`]).toMatchObject({ t: 'n', v: 44221, z: 'dd/mm/yyyy', w: '25/01/2021' });
    expect(exceljs.getCell(`${col('Ngày hoàn thành')}9`).value).toEqual(new Date('2021-01-25T00:00:00.000Z'));
    expect(exceljs.getCell(`${col('Ngày hoàn thành')}9`).numFmt).toBe('dd/mm/yyyy');
    expect(cellText(sheetJs, `${col('Tài liệu kiểm chứng')}9`)).toBe('Kế hoạch số 513/KH-UBND ngày 22/01/2021');
    expect(cellText(sheetJs, `${col('Trạng thái')}9`)).toBe('Hoàn thành');
    expect(cellText(sheetJs, `${col('Đánh giá đến ngày 14/03/2021')}9`)).toBe('Hoàn thành đúng hạn');
    expect(sheetJs[`${col('Hạn hoàn thành')}9`]).toMatchObject({ t: 'n', v: 44227, z: 'dd/mm/yyyy' });
    // C2 (row 17) and its sub-row C2b (row 18): STT and task text merged over both, as in the plan.
    expect(cellText(sheetJs, `${col('Mã mục theo dõi')}17`)).toBe('C2');
    expect(cellText(sheetJs, `${col('Mã mục theo dõi')}18`)).toBe('C2b');
    expect(merges).toEqual(expect.arrayContaining(['A17:A18', 'B17:B18']));
    expect(cellText(sheetJs, `${col('Đánh giá đến ngày 14/03/2021')}17`)).toBe('Chưa hoàn thành, quá hạn');
    expect(cellText(sheetJs, `${col('Số ngày quá hạn')}17`)).toBe(4);
    // The status drop-down on item rows, not on section rows.
    const validation = exceljs.getCell(`${col('Trạng thái')}9`).dataValidation;
    expect(validation).toMatchObject({ type: 'list', formulae: ['"Chưa thực hiện,Đang thực hiện,Hoàn thành,Tạm dừng"'] });
    expect(exceljs.getCell(`${col('Trạng thái')}7`).dataValidation).toBeUndefined();
    // Colour by conditional formatting on the assessment column: one rule per assessment, no static fill.
    // exceljs reads conditional formats into a property its types do not declare.
    const formats = (exceljs as unknown as { conditionalFormattings: ConditionalFormattingOptions[] }).conditionalFormattings;
    const rules = formats.flatMap((cf) => cf.rules.map((r) => ({ ref: cf.ref, ...r })));
    const assessmentColumn = col('Đánh giá đến ngày 14/03/2021');
    expect(rules.filter((r) => r.ref === `${assessmentColumn}7:${assessmentColumn}18`).map((r) => (r as { formulae?: string[] }).formulae?.[0])).toEqual([
      `$${assessmentColumn}7="Hoàn thành đúng hạn"`,
      `$${assessmentColumn}7="Hoàn thành quá hạn"`,
      `$${assessmentColumn}7="Chưa hoàn thành, trong hạn"`,
      `$${assessmentColumn}7="Chưa hoàn thành, quá hạn"`,
      `$${assessmentColumn}7="Chưa có thời hạn (chờ điều kiện)"`,
      `$${assessmentColumn}7="Đã rút khỏi kế hoạch"`,
    ]);
    expect(exceljs.getCell(`${assessmentColumn}9`).fill ?? { pattern: 'none' }).toMatchObject({ pattern: 'none' });
  });

  it('every rate is Vietnamese text with the decimal comma, whatever the reader\'s locale: no number cell formatted 0.00%', async () => {
    const sheetJs = readWithSheetJs(report);
    const summary = sheetJs.Sheets[SUMMARY_SHEET_NAME]!;
    expect(summary['K9']).toMatchObject({ t: 's', v: '33,33%' });
    expect(cellText(summary, 'L9')).toBe('3/9 mục theo dõi, đạt 33,33%');
    for (const name of sheetJs.SheetNames) {
      const sheet = sheetJs.Sheets[name]!;
      for (const [address, cell] of Object.entries(sheet)) {
        if (address.startsWith('!')) continue;
        const c = cell as XLSX.CellObject;
        expect(String(c.z ?? ''), `${name}!${address}`).not.toContain('%');
        if (typeof c.v === 'string') expect(c.v, `${name}!${address}`).not.toMatch(/\d\.\d+%/);
      }
    }
  });

  it('the changes of the period: voided events struck through, marked ĐÃ HỦY and linked to the void', async () => {
    const sheetJs = readWithSheetJs(report).Sheets[CHANGES_SHEET_NAME]!;
    const exceljs = (await readWithExcelJs(report)).getWorksheet(CHANGES_SHEET_NAME)!;
    // Header on row 6; seq 1..7 recorded by 25/03 within 15/12/2020–14/03/2021, except A1's late record (20/03, after the cut-off day).
    const seqs: unknown[] = [];
    for (let r = 7; sheetJs[`A${r}`]; r++) seqs.push(sheetJs[`A${r}`].v);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    // seq 4 (C2 done, voided by seq 5) on row 10.
    expect(cellText(sheetJs, 'H10')).toBe('Chưa thực hiện → Hoàn thành');
    expect(exceljs.getCell('H10').font).toMatchObject({ strike: true, color: { argb: 'FF808080' } });
    expect(sheetJs['M10']).toMatchObject({ v: 'ĐÃ HỦY (xem số 5)', l: { Target: "#'Thay đổi trong kỳ'!A11" } });
    expect(sheetJs['M11']).toMatchObject({ v: 'Hủy số 4', l: { Target: "#'Thay đổi trong kỳ'!A10" } });
    expect(cellText(sheetJs, 'H11')).toBe('Hủy ghi nhận số 4 (cập nhật trạng thái: Chưa thực hiện → Hoàn thành)');
    // Recorded 25/01/2021 04:05 UTC: 11:05 in Vietnam, a date-time cell.
    expect(sheetJs['B9']).toMatchObject({ t: 'n', z: 'dd/mm/yyyy hh:mm', w: '25/01/2021 11:05' });
    expect(cellText(sheetJs, 'L7')).toBe(events[0]!.hash.slice(0, 12));
    // The link is an in-document location, not an external relationship.
    const parts = await xlsxParts(report);
    const xml = parts.get(sheetPart(parts, CHANGES_SHEET_NAME))!;
    expect(xml).toContain('<hyperlink ref="M10" tooltip="Ghi nhận số 5 đã hủy ghi nhận này" location="&apos;Thay đổi trong kỳ&apos;!A11"/>');
    expect([...parts.values()].join('\n')).not.toMatch(/TargetMode="External"/);
  });
});

describe('the replay workbook (progress sheet and audit trail)', () => {
  it('shows the plan at the date asked, and the whole trail known by knownAt with the chain verified', async () => {
    const state = replay(events, { knownAt: KNOWN_AFTER_LATE_RECORD, validAt: '2021-03-14' });
    const bytes = await progressWorkbookBytes(state, events, await verifyEvents(events));
    const workbook = readWithSheetJs(bytes);
    expect(workbook.SheetNames).toEqual([PROGRESS_SHEET_NAME, AUDIT_SHEET_NAME]);
    const progress = workbook.Sheets[PROGRESS_SHEET_NAME]!;
    // Wider than a page, columns A:B repeated on the pages across: the title starts after them.
    expect(cellText(progress, 'C1')).toBe('KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2021');
    expect(cellText(progress, 'C2')).toBe('(Kế hoạch số 7018/KH-UBND ngày 29/12/2020 của UBND tỉnh Bến Tre)');
    expect(cellText(progress, 'C3')).toBe('Tình hình thực hiện đến ngày 14/03/2021');
    const audit = workbook.Sheets[AUDIT_SHEET_NAME]!;
    expect(cellText(audit, 'B1')).toBe('NHẬT KÝ THAY ĐỔI SỔ THEO DÕI KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH'); // after Số TT, repeated on the pages across
    expect(cellText(audit, 'B4')).toBe(`Kiểm tra chuỗi băm: HỢP LỆ — 7 ghi nhận, ghi nhận cuối số 7, mã băm ${events[6]!.hash}`);
    const seqs: unknown[] = [];
    for (let r = 7; audit[`A${r}`]; r++) seqs.push(audit[`A${r}`].v);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(cellText(audit, 'H13')).toBe('Chưa thực hiện → Hoàn thành'); // A1, recorded 20/03
    expect(audit['I13']).toMatchObject({ w: '12/03/2021' }); // effective date
  });
});
