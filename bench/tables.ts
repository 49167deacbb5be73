// The appendix tables the import benchmark reads (and the reader's before/after test): built with
// exceljs so that any size can be made on the spot.
import ExcelJS from 'exceljs';

const SECTIONS = [
  'Công tác chỉ đạo, điều hành',
  'Cải cách thể chế',
  'Cải cách thủ tục hành chính',
  'Cải cách tổ chức bộ máy hành chính nhà nước',
  'Cải cách chế độ công vụ',
  'Cải cách tài chính công',
  'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số',
];
const TIMELINES = ['Quý I/2022', 'Tháng 8/2022', 'Trước ngày 30/6/2022', 'Thường xuyên trong năm', 'Quý II, III/2022', 'Sau khi có Quyết định của Bộ Nội vụ', 'Trong năm 2022'];
const LEADS = ['Sở Nội vụ', 'Văn phòng UBND tỉnh', 'Sở TT&TT', 'Sở Kế hoạch và Đầu tư', 'Thanh tra + Tổ Pháp chế'];
const COORDINATING = ['Các sở, ban, ngành và UBND cấp huyện', 'Các cơ quan, đơn vị có liên quan', 'Sở Tài chính, Sở Tư pháp'];

export interface TableShape {
  /** Also merge each activity's last two cells (budget, notes): one more merged area per item. */
  mergedNotes?: boolean;
}

/**
 * A realistic table: title block, header, seven sections, tasks with merged sub-rows, a header
 * repeated every 40 rows. 5,000 items make about 3,300 merged areas; with mergedNotes about 8,300.
 */
export async function buildTable(items: number, shape: TableShape = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục');
  const header = ['STT', 'Mục tiêu', 'Nhiệm vụ', 'Hoạt động', 'Kết quả/ Sản phẩm', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian thực hiện', 'Kinh phí', 'Ghi chú'];
  ws.addRow(['PHỤ LỤC']);
  ws.addRow(['KẾ HOẠCH TRIỂN KHAI CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2022']);
  ws.addRow(['(Kèm theo Kế hoạch số 123/KH-UBND ngày 20 tháng 12 năm 2021 của Ủy ban nhân dân tỉnh)']);
  for (const r of [1, 2, 3]) ws.mergeCells(r, 1, r, header.length);
  ws.addRow([]);
  ws.addRow(header);
  let made = 0;
  let task = 0;
  const perSection = Math.ceil(items / SECTIONS.length);
  for (let s = 0; s < SECTIONS.length && made < items; s++) {
    ws.addRow([romanOf(s + 1), SECTIONS[s]]);
    let inSection = 0;
    while (inSection < perSection && made < items) {
      task++;
      const subRows = Math.min(task % 3, items - made - 1); // 1, 2 or 3 rows per task
      const first = ws.rowCount + 1;
      for (let k = 0; k <= subRows; k++) {
        if (ws.rowCount % 40 === 0) ws.addRow(header);
        const n = made + k;
        ws.addRow([
          k === 0 ? task : '',
          k === 0 ? `Mục tiêu ${task}: hoàn thành 100% kế hoạch` : '',
          k === 0 ? `Nhiệm vụ ${task}: triển khai các quy định về cải cách hành chính năm 2022` : '',
          `Hoạt động ${n}: ban hành văn bản, tổ chức thực hiện và báo cáo kết quả`,
          n % 2 ? 'Báo cáo' : 'Kế hoạch',
          LEADS[n % LEADS.length],
          COORDINATING[n % COORDINATING.length],
          TIMELINES[n % TIMELINES.length],
          '',
          '',
        ]);
        if (shape.mergedNotes) ws.mergeCells(ws.rowCount, 9, ws.rowCount, 10);
      }
      const last = ws.rowCount;
      // Merge STT, objective and task over the sub-rows when no header was repeated in between.
      if (subRows > 0 && ws.getCell(last, 1).value === '' && ws.getCell(first, 1).value === task) {
        for (const c of [1, 2, 3]) ws.mergeCells(first, c, last, c);
      }
      made += subRows + 1;
      inSection += subRows + 1;
    }
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function romanOf(n: number): string {
  return ['', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][n] ?? String(n);
}
