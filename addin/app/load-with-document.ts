import type { StartupControl } from '../excel/host.ts';

/** What the pane says about loading with the workbook: nothing when all went well. */
export type StartupOutcome = { kind: 'info' | 'error'; vi: string; en: string } | null;

/**
 * Asks Office to load the add-in whenever this workbook opens, so that edits are recorded whether
 * the pane is open or not (the shared runtime keeps running when the pane is closed). Called once
 * the workbook is bound; `control` is undefined outside Office (the stand-in page, tests), null in
 * an Excel without the shared runtime, where the pane says what that means.
 */
export async function loadWithDocument(control: StartupControl | null | undefined): Promise<StartupOutcome> {
  if (control === undefined) return null;
  if (control === null) {
    return {
      kind: 'info',
      vi: 'Excel này không chạy phần bổ trợ khi ngăn đóng (thiếu SharedRuntime 1.1): thay đổi chỉ được ghi nhận khi ngăn đang mở; ô sửa khi phần bổ trợ không chạy được liệt kê ở lần mở sau.',
      en: 'This Excel does not run the add-in while its pane is closed (no SharedRuntime 1.1): changes are recorded only while the pane is open; cells edited while the add-in was not running are listed at the next opening.',
    };
  }
  try {
    await control.loadWithDocument();
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'error',
      vi: `Không đặt được chế độ tự chạy phần bổ trợ khi mở tệp này (${message}): hãy mở ngăn Sổ theo dõi mỗi lần mở tệp.`,
      en: `Could not set the add-in to load when this file opens (${message}): open the ledger pane each time the file is opened.`,
    };
  }
}

/** On opening: the cells found to differ from the ledger (not a co-author's) were edited while the add-in was not running. */
export function editedWhileNotRunning(cells: number): { vi: string; en: string } | null {
  if (cells === 0) return null;
  return {
    vi: `${cells} ô của bảng đã được sửa khi phần bổ trợ không chạy (tệp mở mà không có sổ theo dõi): xem mục "Khác biệt giữa bảng và sổ" để ghi nhận hoặc trả lại.`,
    en: `${cells} cells of the table were edited while the add-in was not running (the file was open without the ledger): see "Differences between the table and the ledger" to record them or put the ledger's values back.`,
  };
}
