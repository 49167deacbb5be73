import { MemoryWorkbook } from '../../addin/excel/memory-host.ts';

const AREAS = ['Cải cách thể chế', 'Cải cách thủ tục hành chính', 'Cải cách tổ chức bộ máy', 'Cải cách tài chính công', 'Xây dựng Chính quyền số'];

/**
 * An appendix table of `items` tasks in five sections, as staff type it: for counting round trips
 * at 40 and 500 items. The first task of the last section waits on a decision (a conditional deadline).
 */
export function planWorkbook(items: number): MemoryWorkbook {
  const workbook = new MemoryWorkbook();
  const sheet = workbook.addSheet('Phụ lục');
  const rows: Array<Array<string | null>> = [
    ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2024', null, null, null, null],
    ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'],
  ];
  const perSection = Math.ceil(items / AREAS.length);
  let made = 0;
  AREAS.forEach((area, s) => {
    rows.push([['I', 'II', 'III', 'IV', 'V'][s]!, area, null, null, null]);
    for (let t = 1; t <= perSection && made < items; t++, made++) {
      const timeline = s === AREAS.length - 1 && t === 1 ? 'Sau khi có Quyết định của UBND tỉnh' : `Quý ${['I', 'II', 'III', 'IV'][t % 4]}/2024`;
      rows.push([String(t), `Triển khai nhiệm vụ ${area.toLowerCase()} số ${t}`, 'Báo cáo', timeline, 'Sở Nội vụ']);
    }
  });
  sheet.values = rows;
  return workbook;
}
