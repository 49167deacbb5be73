import { STATUS_LABELS_VI, Status } from '../../ledger/status.ts';

/** The instructions sheet of the blank appendix: one line a row. */
export const INSTRUCTIONS_VI: string[] = [
  'HƯỚNG DẪN ĐIỀN PHỤ LỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH',
  '1. Điền bảng ở sheet "Phụ lục", ngay dưới hàng tiêu đề (hàng 5). Không xóa, không đổi tên hàng tiêu đề; có thể đổi thứ tự cột hoặc thêm cột khác (cột lạ được bỏ qua khi nhập).',
  '2. Mỗi phần (lĩnh vực cải cách) một hàng: số La Mã ở cột STT (I, II, III ...), tên phần ở cột "Nội dung, nhiệm vụ", ví dụ: I | Cải cách thể chế.',
  '3. Mỗi nhiệm vụ một hàng, có STT (1, 2, 3 ...), ghi rõ kết quả/sản phẩm, thời gian thực hiện và cơ quan chủ trì.',
  '4. Nhiệm vụ có nhiều sản phẩm hoặc nhiều mốc thời gian: thêm hàng con ngay dưới, để trống STT (hoặc ghi a, b, c); mỗi hàng con được theo dõi riêng. Có thể gộp ô (merge) STT và nội dung nhiệm vụ qua các hàng con.',
  '5. Thời gian thực hiện ghi như trong kế hoạch, ví dụ: "Tháng 12/2022", "Quý II/2022", "Quý I, II năm 2022", "Trước ngày 30/6/2022", "Trong năm 2022", "Thường xuyên trong năm", "Sau khi có Quyết định của Bộ Nội vụ".',
  '6. Cơ quan chủ trì, phối hợp: nhiều cơ quan cách nhau bằng dấu phẩy, dấu chấm phẩy hoặc xuống dòng. Chữ viết tắt thường gặp (UBND, HĐND, Sở TT&TT, Sở KH&ĐT ...) được hiểu; "Các sở, ban, ngành", "UBND các huyện, thành phố" được hiểu là một nhóm cơ quan.',
  `7. Các cột theo dõi (tô màu xanh lá): Trạng thái chọn trong danh sách (${Status.options.map((s) => STATUS_LABELS_VI[s]).join(', ')}); Ngày hoàn thành ghi dd/mm/yyyy; Tài liệu kiểm chứng ghi số, ký hiệu và ngày văn bản, ví dụ "Báo cáo số 12/BC-UBND ngày 05/01/2022"; Ghi chú tiến độ ghi ngắn gọn việc đã làm.`,
  '8. Kiểm tra cách chương trình hiểu bảng, không ghi gì: cchc inspect <tệp.xlsx>. Mọi cảnh báo đều ghi số hàng để sửa.',
];
