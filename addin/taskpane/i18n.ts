/** The pane's words: Vietnamese first, English as a choice. Status and area labels come from the ledger's own tables. */
export type Lang = 'vi' | 'en';

const vi = {
  appTitle: 'Sổ theo dõi CCHC',
  appSubtitle: 'Kế hoạch cải cách hành chính',
  switchLanguage: 'English',
  switchLanguageLabel: 'Chuyển sang tiếng Anh',
  outsideOffice: 'Trang này chạy trong Excel: mở Excel, chọn Trang đầu → Mở sổ theo dõi.',
  loading: 'Đang mở sổ…',
  busy: 'Đang xử lý…',

  whoTitle: 'Người ghi nhận',
  whoHint: 'Mỗi ghi nhận mang tên và đơn vị của bạn. Chỉ hỏi một lần trên máy này.',
  whoName: 'Họ và tên',
  whoUnit: 'Cơ quan, đơn vị',
  whoSave: 'Lưu thông tin',
  whoChange: 'Đổi người ghi nhận',
  whoMissing: 'Vui lòng nhập họ tên và đơn vị trước khi ghi nhận.',

  planTitle: 'Bảng kế hoạch',
  planHint: 'Mở trang tính có bảng phụ lục kế hoạch, rồi bấm “Đọc bảng”. Chưa có gì được ghi cho đến khi bạn xác nhận.',
  planRead: 'Đọc bảng trên trang đang mở',
  planUnderstood: 'Chương trình đọc được',
  planSections: 'phần',
  planTasks: 'nhiệm vụ',
  planItems: 'mục theo dõi',
  planYear: 'Năm kế hoạch',
  planIssuer: 'Cơ quan ban hành',
  planNumber: 'Số kế hoạch',
  planDeadlines: 'Thời hạn',
  planDeadlineDated: 'có ngày cụ thể',
  planDeadlineWaiting: 'chờ điều kiện hoặc theo lịch khác',
  planDeadlineUnknown: 'chưa đọc được',
  planWarnings: 'Lưu ý khi đọc bảng',
  planNoWarnings: 'Không có lưu ý.',
  planConfirm: 'Nhập kế hoạch và thêm cột theo dõi',
  planCancel: 'Hủy',
  planBoundSheet: 'Trang tính',
  planItemCount: 'Mục theo dõi',
  planEventCount: 'Ghi nhận trong sổ',
  dateHint: 'dd/mm/yyyy',
  dateInvalid: 'Ngày chưa hợp lệ: nhập theo dạng dd/mm/yyyy.',
  planEvents: 'ghi nhận trong sổ',
  planHowTo: 'Chọn trạng thái trong cột “Trạng thái”, nhập ngày hoàn thành (dd/mm/yyyy) và tài liệu kiểm chứng. Mỗi thay đổi được kiểm tra và lưu vào sổ.',

  activityTitle: 'Ghi nhận gần đây',
  activityEmpty: 'Chưa có ghi nhận nào trong phiên này.',
  saved: 'Đã lưu',
  refused: 'Không ghi nhận',
  youTyped: 'Bạn đã nhập',
  putBack: 'Ô đã được trả lại giá trị trong sổ.',
  dismiss: 'Ẩn',
  noteInfo: 'Thông báo',
  noteError: 'Lỗi',
  row: 'Dòng',
  emptyCell: '(trống)',

  driftTitle: 'Khác biệt giữa bảng và sổ',
  driftHint: 'Những ô dưới đây đã được sửa khi sổ theo dõi không mở. Chọn ghi nhận chúng vào sổ, hoặc trả lại giá trị trong sổ.',
  driftRecord: 'Ghi nhận vào sổ',
  driftRestore: 'Trả lại giá trị trong sổ',
  driftInSheet: 'Trong bảng',
  driftInLedger: 'Trong sổ',

  outputsTitle: 'Báo cáo và kiểm tra',
  refreshProgress: 'Cập nhật trang Tiến độ',
  writeAudit: 'Ghi trang Nhật ký thay đổi',
  asOfDate: 'Tình hình tại ngày',
  asOfMake: 'Tạo trang chụp (chỉ đọc)',
  period: 'Kỳ báo cáo',
  makeReport: 'Tải báo cáo kỳ (.xlsx)',
  verifyChain: 'Kiểm tra chuỗi ghi nhận',
  chainOk: 'Chuỗi ghi nhận nguyên vẹn',
  chainBroken: 'Chuỗi ghi nhận có vấn đề',

};

export type MessageKey = keyof typeof vi;

const en: Record<MessageKey, string> = {
  appTitle: 'CCHC plan ledger',
  appSubtitle: 'Administrative-reform plan',
  switchLanguage: 'Tiếng Việt',
  switchLanguageLabel: 'Switch to Vietnamese',
  outsideOffice: 'This page runs inside Excel: open Excel, then Home → Open the ledger.',
  loading: 'Opening the ledger…',
  busy: 'Working…',

  whoTitle: 'Who records',
  whoHint: 'Every entry carries your name and unit. Asked once on this computer.',
  whoName: 'Full name',
  whoUnit: 'Agency, unit',
  whoSave: 'Save',
  whoChange: 'Change who records',
  whoMissing: 'Please enter your name and unit before recording.',

  planTitle: 'Plan table',
  planHint: 'Open the sheet that holds the plan’s appendix table, then choose “Read the table”. Nothing is written until you confirm.',
  planRead: 'Read the table on this sheet',
  planUnderstood: 'What was read',
  planSections: 'sections',
  planTasks: 'tasks',
  planItems: 'tracked items',
  planYear: 'Plan year',
  planIssuer: 'Issued by',
  planNumber: 'Plan number',
  planDeadlines: 'Deadlines',
  planDeadlineDated: 'with a date',
  planDeadlineWaiting: 'waiting for a condition or another schedule',
  planDeadlineUnknown: 'not understood',
  planWarnings: 'Notes from reading the table',
  planNoWarnings: 'No notes.',
  planConfirm: 'Import the plan and add tracking columns',
  planCancel: 'Cancel',
  planBoundSheet: 'Sheet',
  planItemCount: 'Tracked items',
  planEventCount: 'Entries in the ledger',
  dateHint: 'dd/mm/yyyy',
  dateInvalid: 'Not a valid date: type it as dd/mm/yyyy.',
  planEvents: 'entries in the ledger',
  planHowTo: 'Pick a status in the “Trạng thái” column, type the completion date (dd/mm/yyyy) and the evidence. Each change is checked and saved to the ledger.',

  activityTitle: 'Recent entries',
  activityEmpty: 'No entries yet in this session.',
  saved: 'Saved',
  refused: 'Not recorded',
  youTyped: 'You typed',
  putBack: 'The cell was set back to the ledger’s value.',
  dismiss: 'Hide',
  noteInfo: 'Notice',
  noteError: 'Error',
  row: 'Row',
  emptyCell: '(empty)',

  driftTitle: 'Differences between the table and the ledger',
  driftHint: 'These cells were edited while the ledger was closed. Record them in the ledger, or put back the ledger’s values.',
  driftRecord: 'Record in the ledger',
  driftRestore: 'Put back the ledger’s values',
  driftInSheet: 'In the table',
  driftInLedger: 'In the ledger',

  outputsTitle: 'Reports and checks',
  refreshProgress: 'Refresh the progress sheet',
  writeAudit: 'Write the audit trail sheet',
  asOfDate: 'Situation on',
  asOfMake: 'Make a read-only snapshot sheet',
  period: 'Reporting period',
  makeReport: 'Download the period report (.xlsx)',
  verifyChain: 'Verify the chain',
  chainOk: 'The chain is intact',
  chainBroken: 'The chain has a problem',

};

const TABLES: Record<Lang, Record<MessageKey, string>> = { vi, en };

export class Words {
  constructor(public lang: Lang = 'vi') {}

  t(key: MessageKey): string {
    return TABLES[this.lang][key];
  }
}
