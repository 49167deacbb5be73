import type { Page } from 'playwright-core';

/**
 * The pane's first steps on the stand-in page, as a person takes them: who records (name, unit),
 * the table read, the plan imported with its tracking columns; resolves once the pane is bound and idle.
 */
export async function importPlanInPane(page: Page, who: { name: string; unit: string }): Promise<void> {
  await page.getByLabel('Họ và tên').fill(who.name);
  await page.getByLabel('Cơ quan, đơn vị').fill(who.unit);
  await page.getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.getByRole('button', { name: 'Đọc bảng trên trang đang mở' }).click();
  await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).click();
  await page.getByText('Trang tính', { exact: true }).waitFor();
  await page.evaluate(() => (window as any).standin.idle());
}
