import type { Command } from 'commander';

type CommandModule = () => Promise<{ register(program: Command): void }>;

/**
 * Every command, in the order `--help` lists them: its name, the one line `cchc --help` shows (so the
 * list needs no module loaded), and its module. A run loads only the module of the command it names
 * (each pulls in exceljs, zod schemas ... of its own).
 */
export const commandModules: ReadonlyArray<{ name: string; summary: string; load: CommandModule }> = [
  { name: 'record', summary: 'ghi nhận trạng thái, tài liệu, ghi chú của một nhiệm vụ / record a change to an item', load: () => import('./record.ts') },
  { name: 'void', summary: 'hủy một ghi nhận sai, nêu lý do / void a mistaken event', load: () => import('./void.ts') },
  { name: 'verify', summary: 'kiểm tra chuỗi băm và quy tắc của sổ / verify a ledger', load: () => import('./verify.ts') },
  { name: 'log', summary: 'lịch sử của sổ, mỗi ghi nhận một dòng / the ledger as a readable history', load: () => import('./log.ts') },
  { name: 'repair', summary: 'chuyển dòng cuối bị cắt dở sang tệp riêng / move a torn last line aside', load: () => import('./repair.ts') },
  { name: 'inspect', summary: 'xem chương trình hiểu bảng phụ lục thế nào / what the reader understood of a table', load: () => import('./inspect.ts') },
  { name: 'template', summary: 'tạo bảng phụ lục trống / write a blank appendix workbook', load: () => import('./template.ts') },
  { name: 'import', summary: 'nhập bảng phụ lục vào sổ / import the appendix table', load: () => import('./import.ts') },
  { name: 'replay', summary: 'bảng tiến độ tại một ngày / the progress sheet at a date', load: () => import('./replay.ts') },
  { name: 'audit', summary: 'nhật ký thay đổi và kết quả kiểm tra / the audit trail', load: () => import('./audit.ts') },
  { name: 'report', summary: 'lập báo cáo định kỳ / build a period report', load: () => import('./report.ts') },
  { name: 'prove-report', summary: 'bằng chứng báo cáo trong nhật ký / fetch a report\'s log proof', load: () => import('./prove-report.ts') },
  { name: 'verify-report', summary: 'kiểm tra báo cáo đã phát hành / check an issued report', load: () => import('./verify-report.ts') },
  { name: 'key', summary: 'khóa ký: tạo, đăng ký, thu hồi, liệt kê / signing keys', load: () => import('./key.ts') },
  { name: 'clone', summary: 'sao sổ từ dịch vụ của tỉnh / clone a ledger from the service', load: () => import('./clone.ts') },
  { name: 'pull', summary: 'tải ghi nhận mới về bản sao / pull new events into a clone', load: () => import('./pull.ts') },
  { name: 'push', summary: 'gửi ghi nhận chờ đồng bộ / push a clone\'s pending events', load: () => import('./push.ts') },
  { name: 'sync', summary: 'đẩy lên rồi tải về / push, then pull', load: () => import('./sync.ts') },
  { name: 'witness', summary: 'nhân chứng nhật ký minh bạch / witness the transparency log', load: () => import('./witness.ts') },
  { name: 'serve', summary: 'chạy dịch vụ của tỉnh / run the province\'s sync service', load: () => import('./serve.ts') },
  { name: 'demo', summary: 'chạy thử trên phụ lục mẫu / run the demo on the bundled sample', load: () => import('./demo.ts') },
];
