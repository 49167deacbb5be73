/**
 * End to end, in a real browser: the production build of the task pane, served on localhost, over
 * the stand-in Excel host (the in-memory workbook loaded from the Gia Lai appendix) and the
 * browser's real IndexedDB. Binds the table, changes three statuses (one refused, one by pasting
 * two cells), reloads, and finds the events in IndexedDB and in the ledger sheet; the saved
 * workbook passes `cchc verify` and gives a `cchc report`. A screenshot of the pane is left in
 * test-results/ to be looked at.
 */
import { columnLetter } from '../../ledger/column-letter.ts';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, standinPaneInto } from '../support/standin-pane.ts';

const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'test-results', 'addin-browser');
const dist = join(out, 'dist');
const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.map': 'application/json',
  '.xml': 'application/xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

let server: Server;
let browser: Browser;
let base = '';

async function build(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  await standinPaneInto(dist);
  writeFileSync(join(dist, 'fixture.xlsx'), readFileSync(join(root, 'samples', 'gialai-sgddt-2022-phuluc.xlsx')));
}

function serve(): Promise<string> {
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build();
  base = await serve();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

type Binding = { sheet: string; columns: Record<string, number>; rows: Record<string, number> };

const idle = (page: Page) => page.evaluate(() => (window as any).standin.idle());

async function openPane(page: Page): Promise<void> {
  await page.goto(`${base}/standin.html`);
  await page.waitForFunction(() => (window as any).standin?.app.model.phase !== 'starting' && (window as any).standin?.app.model.busy === false);
}

describe('the task pane in a browser, over the stand-in Excel host', () => {
  it('binds, records, refuses, survives a reload, and leaves a workbook that verifies', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 1400 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await openPane(page);

    // Who records, then the table: read, look, confirm.
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
    await page.getByLabel('Cơ quan, đơn vị').fill('Văn phòng Sở Giáo dục và Đào tạo');
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.getByRole('button', { name: 'Đọc bảng trên trang đang mở' }).click();
    await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).waitFor();
    expect(await page.locator('#plan').innerText()).toContain('7 phần, 24 nhiệm vụ, 35 mục theo dõi');
    await page.screenshot({ path: join(out, 'preview.png'), fullPage: true });
    await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).click();
    await page.getByText('Trang tính', { exact: true }).waitFor();
    await idle(page);
    const binding = (await page.evaluate(() => (window as any).standin.app.model.binding)) as Binding;
    const rows = Object.entries(binding.rows);
    const address = (row: number, field: string) => `${columnLetter(binding.columns[field]!)}${row}`;

    // Three statuses: one typed from the list, one pasted that is no status, one pasted with its date.
    const [idA, rowA] = rows[0]!;
    const [idB, rowB] = rows[1]!;
    const [idC, rowC] = rows[2]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, address(rowA, 'status')]);
    await idle(page);
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Xong <img src=x onerror=alert(1)>']], { paste: true }), [binding.sheet, address(rowB, 'status')]);
    await idle(page);
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Hoàn thành', '15/06/2022']], { paste: true }), [binding.sheet, address(rowC, 'status')]);
    await idle(page);

    const activity = page.locator('#activity');
    expect(await activity.innerText()).toContain('không phải một trạng thái');
    // What was typed is shown as text, markup and all, and nothing ran.
    expect(await activity.locator('q').first().innerText()).toBe('Xong <img src=x onerror=alert(1)>');
    expect(await page.locator('#activity img').count()).toBe(0);
    await page.screenshot({ path: join(out, 'pane.png'), fullPage: true });

    // Keep the workbook as if saved, reload, and look for the events where they should be.
    await page.evaluate(() => (window as any).standin.keep());
    await page.reload();
    await page.waitForFunction(() => (window as any).standin?.app.model.phase === 'bound' && (window as any).standin.app.model.busy === false);
    await idle(page);
    expect(await page.evaluate(() => (window as any).standin.app.model.drift.length)).toBe(0);

    const fromIndexedDb = await page.evaluate(async () => {
      const list = await indexedDB.databases();
      const name = list.find((d) => d.name?.startsWith('cchc-ledger:'))!.name!;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const records = await new Promise<Array<{ line: string }>>((resolve, reject) => {
        const request = db.transaction('events').objectStore('events').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return records.map((r) => JSON.parse(r.line));
    });
    const fromSheet = await page.evaluate(() => {
      const sheet = (window as any).standin.host.workbook.sheet('_cchc_ledger');
      return sheet.values.slice(1).map((row: unknown[]) => JSON.parse(row.slice(2).join('')));
    });
    const statuses = (events: any[]) => events.filter((e) => e.type === 'status.changed').map((e) => [e.data.item, e.data.status, e.data.effective]);
    expect(fromIndexedDb.map((e: any) => e.hash)).toEqual(fromSheet.map((e: any) => e.hash));
    expect(fromIndexedDb[0].type).toBe('plan.imported');
    expect(statuses(fromSheet)).toEqual([
      [idA, 'in_progress', expect.any(String)],
      [idC, 'done', '2022-06-15'],
    ]);
    expect(statuses(fromSheet).some(([item]: string[]) => item === idB)).toBe(false);
    expect(fromSheet.every((e: any) => e.actor.name === 'Nguyễn Thị Lan')).toBe(true);

    // The outputs, from the pane: the progress sheet, the chain check, a report handed over as a download.
    await page.getByRole('button', { name: 'Cập nhật trang Tiến độ' }).click();
    await idle(page);
    expect(await page.evaluate(() => (window as any).standin.host.workbook.sheet('Theo dõi tiến độ')?.protected)).toBe(true);
    await page.getByRole('button', { name: 'Kiểm tra chuỗi ghi nhận' }).click();
    await idle(page);
    expect(await page.locator('#outputs').innerText()).toContain(`Chuỗi ghi nhận nguyên vẹn: ${fromSheet.length}`);
    await page.getByLabel('Kỳ báo cáo').selectOption('2022-Y');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo kỳ (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('Bao-cao-CCHC-2022-Y.xlsx');
    await download.saveAs(join(out, 'report-from-pane.xlsx'));
    expect(readFileSync(join(out, 'report-from-pane.xlsx')).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.screenshot({ path: join(out, 'pane-after-reload.png'), fullPage: true });

    // The saved workbook, checked by the command line as any other file.
    const file = join(out, 'workbook.xlsx');
    writeFileSync(file, Buffer.from(await page.evaluate(() => (window as any).standin.saved()), 'base64'));
    const verified = await run('node', [join(root, 'bin/cchc.js'), 'verify', file], { cwd: root });
    expect(verified.stdout + verified.stderr).toMatch(/HỢP LỆ|hợp lệ|intact|OK/i);
    const report = join(out, 'report.xlsx');
    // --force: the previous run's report (and its .docx) may be there.
    await run('node', [join(root, 'bin/cchc.js'), 'report', file, '--period', '2022-Y', '--out', report, '--force'], { cwd: root });
    expect(existsSync(report)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);
});
