/**
 * End to end, in a real browser: the production build of the task pane, served on localhost, over
 * the stand-in Excel host (the in-memory workbook loaded from the Gia Lai appendix) and the
 * browser's real IndexedDB. Binds the table, changes three statuses (one refused, one by pasting
 * two cells), answers the pane's question for a completion date, voids a mistaken evidence entry
 * from the refusal's button, corrects a completion date in the pane and gives the reason the pane
 * asks for a reopening, renames the plan's sheet and
 * edits it, reloads, and finds the events in IndexedDB and in the ledger sheet; the saved
 * workbook passes `cchc verify` and gives a `cchc report`. The pane's own key signs: an administrator
 * enrolls a colleague's key (made the @noble/curves way) from their pane, and the colleague's
 * signed events verify through `cchc verify book.xlsx`. axe-core checks every state for serious
 * violations. Screenshots at 350 and 450 px are left in test-results/ to be looked at.
 */
import { columnLetter } from '../../ledger/column-letter.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveFolder, seriousViolations, type ServedFolder } from '../support/browser-page.ts';
import { BUILD_TIMEOUT, standinPaneInto } from '../support/standin-pane.ts';
import { importPlanInPane } from '../support/pane-first-import.ts';

const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'test-results', 'addin-browser');
const dist = join(out, 'dist');
const run = promisify(execFile);

let pages: ServedFolder;
let browser: Browser;
let base = '';

async function build(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  await standinPaneInto(dist);
  writeFileSync(join(dist, 'fixture.xlsx'), readFileSync(join(root, 'samples', 'gialai-sgddt-2022-phuluc.xlsx')));
}

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  await build();
  pages = await serveFolder(dist);
  base = pages.base;
  browser = await launchChromium();
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
});

type Binding = { sheet: string; columns: Record<string, number>; rows: Record<string, number> };

const idle = (page: Page) => page.evaluate(() => (window as any).standin.idle());

async function openPane(page: Page): Promise<void> {
  await page.goto(`${base}/standin.html`);
  await page.waitForFunction(() => (window as any).standin?.app.model.phase !== 'starting' && (window as any).standin?.app.model.busy === false);
}

describe('the task pane in a browser, over the stand-in Excel host', () => {
  it('binds, records, refuses, survives a reload, and leaves a workbook that verifies', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 1400 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    await openPane(page);
    const states: Record<string, string[]> = {};
    states['unbound'] = await seriousViolations(page);

    // Who records, then the table: read, look, confirm.
    await page.getByLabel('Họ và tên').fill('Nguyễn Thị Lan');
    await page.getByLabel('Cơ quan, đơn vị').fill('Văn phòng Sở Giáo dục và Đào tạo');
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.getByRole('button', { name: 'Đọc bảng trên trang đang mở' }).click();
    await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).waitFor();
    expect(await page.locator('#plan').innerText()).toContain('7 phần, 24 nhiệm vụ, 35 mục theo dõi');
    await page.screenshot({ path: join(out, 'preview.png'), fullPage: true });
    states['previewing'] = await seriousViolations(page);
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
    states['refusal shown'] = await seriousViolations(page);

    // "Hoàn thành" picked with no date: the pane asks, today shown; the user gives the date there.
    const [idD, rowD] = rows[3]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Hoàn thành']]), [binding.sheet, address(rowD, 'status')]);
    await idle(page);
    const numberingD = await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].definition.numbering, idD);
    const asked = page.getByLabel(`Dòng ${rowD} · ${numberingD}: hoàn thành ngày`);
    expect(await asked.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.screenshot({ path: join(out, 'ask-date-350.png'), fullPage: true });
    states['asking the date'] = await seriousViolations(page);
    await asked.fill('14/06/2022');
    await page.getByRole('button', { name: `Ghi nhận hoàn thành (Dòng ${rowD} · ${numberingD})` }).click();
    await idle(page);
    expect(await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].completedOn, idD)).toBe('2022-06-14');

    // Evidence for row C, one document by its SharePoint address and one cited by mistake; the cell emptied is refused,
    // and the refusal carries the button that voids the mistaken entry.
    const link = 'https://sgddt.sharepoint.com/sites/vanphong/Shared%20Documents/Bao-cao-CCHC-thang-6.pdf';
    await page.evaluate(([s, a, l]) => (window as any).standin.edit(s, a, [[`Báo cáo số 30/BC-SGDĐT ngày 15/06/2022 ${l}\nCông văn số 99/SGDĐT-VP ngày 14/06/2022`]]), [binding.sheet, address(rowC, 'evidence'), link]);
    await idle(page);
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['']]), [binding.sheet, address(rowC, 'evidence')]);
    await idle(page);
    const voidButton = activity.getByRole('button', { name: /^Hủy ghi nhận sai… 1:/ });
    await voidButton.focus();
    await page.keyboard.press('Enter');
    await idle(page);
    // The keyboard lands on the entry to void, in the corrections card for that row.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('corr-void-entry');
    expect(await page.locator('#corrections').innerText()).toContain('Hủy một ghi nhận sai');
    // The history shows the document's address as a link.
    expect(await page.locator('#history a.evidence-link').first().getAttribute('href')).toBe(link);
    const mistaken = await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].evidence.find((e: any) => e.document.number === '99/SGDĐT-VP').id, idC);
    await page.locator('#corr-void-entry').selectOption(mistaken);
    await page.getByLabel('Lý do').first().fill('Công văn của mục khác, ghi nhầm dòng');
    states['correction: void chosen'] = await seriousViolations(page);
    await page.getByRole('button', { name: 'Hủy ghi nhận đã chọn' }).click();
    await idle(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^corr-void-ok$|^corrections-title$/);
    // The entries left to void are offered, one of them chosen (the voided one is gone from the list).
    expect(await page.locator('#corr-void-entry').inputValue()).not.toBe('');
    expect(await page.locator('#corr-void-entry option').allInnerTexts()).not.toContainEqual(expect.stringContaining('99/SGDĐT-VP'));
    const evidenceC = await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].evidence.map((e: any) => e.document.link ?? e.document.number), idC);
    expect(evidenceC).toEqual([link]);
    expect(await page.evaluate(([s, a]) => (window as any).standin.host.workbook.sheet(s).values[a[1]][a[0]], [binding.sheet, [binding.columns['evidence']! - 1, rowC - 1]] as const)).toContain(link);

    // Row C's completion date corrected in the pane: one append, the void and the change together.
    const countBefore = await page.evaluate(() => (window as any).standin.app.ledger.state.count);
    await page.getByLabel('Ngày hoàn thành đúng').fill('12/06/2022');
    await page.getByRole('button', { name: 'Sửa ngày hoàn thành' }).click();
    await idle(page);
    expect(await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].completedOn, idC)).toBe('2022-06-12');
    expect(await page.evaluate(() => (window as any).standin.app.ledger.state.count)).toBe(countBefore + 2);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('corr-date-ok');
    expect(await activity.innerText()).toContain('ngày hoàn thành sửa thành 12/06/2022');
    await page.locator('#corrections').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'correction-350.png'), fullPage: true });
    states['correction recorded'] = await seriousViolations(page);
    await page.setViewportSize({ width: 450, height: 1400 });
    await page.screenshot({ path: join(out, 'correction-450.png'), fullPage: true });
    await page.setViewportSize({ width: 350, height: 1400 });

    // Row C moved away from "Hoàn thành" in the sheet with no reason written: the pane asks why, then records the reopening.
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, address(rowC, 'status')]);
    await idle(page);
    const numberingC = await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].definition.numbering, idC);
    const why = page.getByLabel(`Dòng ${rowC} · ${numberingC} → “Đang thực hiện”: lý do mở lại`);
    await why.waitFor();
    states['reopening: reason asked'] = await seriousViolations(page);
    await why.fill('Sở Nội vụ yêu cầu bổ sung báo cáo');
    await page.getByRole('button', { name: `Ghi nhận mở lại (Dòng ${rowC} · ${numberingC})` }).click();
    await idle(page);
    expect(await page.evaluate((id) => (window as any).standin.app.ledger.state.items[id].status, idC)).toBe('in_progress');
    // The question is gone: the keyboard goes to the activity list, where the saved entry is said.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('activity-title');

    // The plan's sheet renamed on its tab, then edited: still recorded, under the new name.
    const [idE, rowE] = rows[4]!;
    await page.evaluate((s) => (window as any).standin.rename(s, 'Phụ lục KH 2022'), binding.sheet);
    await page.evaluate(([a]) => (window as any).standin.edit('Phụ lục KH 2022', a, [['Đang thực hiện']]), [address(rowE, 'status')]);
    await idle(page);
    expect(await activity.innerText()).toContain('đổi tên');
    expect(await page.locator('#plan').innerText()).toContain('Phụ lục KH 2022');

    // Keep the workbook as if saved, reload, and look for the events where they should be.
    await page.evaluate(() => (window as any).standin.keep());
    await page.reload();
    await page.waitForFunction(() => (window as any).standin?.app.model.phase === 'bound' && (window as any).standin.app.model.busy === false);
    await idle(page);
    expect(await page.evaluate(() => (window as any).standin.app.model.drift.length)).toBe(0);
    expect(await page.locator('#plan').innerText()).toContain('Phụ lục KH 2022');

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
    // Signed (format 2): the importer's key enrolled first, as the ledger's administrator, then every event signed by it.
    expect(fromIndexedDb.map((e: any) => e.type).slice(0, 2)).toEqual(['key.enrolled', 'plan.imported']);
    expect(fromSheet.every((e: any) => e.v === 2 && e.sig?.key === fromSheet[0].data.key)).toBe(true);
    expect(statuses(fromSheet)).toEqual([
      [idA, 'in_progress', expect.any(String)],
      [idC, 'done', '2022-06-15'],
      [idD, 'done', '2022-06-14'],
      [idC, 'done', '2022-06-12'],
      [idC, 'in_progress', expect.any(String)],
      [idE, 'in_progress', expect.any(String)],
    ]);
    expect(fromSheet.filter((e: any) => e.type === 'event.voided')).toHaveLength(2);
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
    await page.screenshot({ path: join(out, 'pane-after-reload-350.png'), fullPage: true });
    states['after reload, reports'] = await seriousViolations(page);
    await page.setViewportSize({ width: 450, height: 1400 });
    await page.screenshot({ path: join(out, 'pane-after-reload-450.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    states['in English'] = await seriousViolations(page);
    await page.screenshot({ path: join(out, 'pane-english-450.png'), fullPage: true });
    expect(states).toEqual(Object.fromEntries(Object.keys(states).map((k) => [k, []])));

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

  it("signs with the pane's own key: an administrator enrolls a colleague's key from their pane, and the saved workbook verifies with signatures", async () => {
    const problems: string[] = [];
    const watch = (page: Page) => page.on('pageerror', (error) => problems.push(String(error)));
    const states: Record<string, string[]> = {};

    // The administrator imports the plan: their key, made on first use, is the ledger's first administrator.
    const admin = await browser.newPage({ viewport: { width: 350, height: 1400 }, deviceScaleFactor: 1 });
    watch(admin);
    await openPane(admin);
    await importPlanInPane(admin, { name: 'Nguyễn Thị Lan', unit: 'Văn phòng Sở Giáo dục và Đào tạo' });
    const storedKey = (page: Page) =>
      page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open('cchc-keys');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const record = await new Promise<any>((resolve, reject) => {
          const request = db.transaction('keys').objectStore('keys').get('own');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        db.close();
        const secret: CryptoKey = record.privateKey ?? record.wrappingKey;
        return { kind: record.kind, type: secret.type, algorithm: secret.algorithm.name, extractable: secret.extractable, fields: Object.keys(record).sort() };
      });
    expect(await storedKey(admin)).toEqual({ kind: 'webcrypto', type: 'private', algorithm: 'Ed25519', extractable: false, fields: ['kind', 'privateKey', 'publicKey'] });
    const adminKey = await admin.evaluate(() => (window as any).standin.app.model.key);
    expect(adminKey.standing).toBe('admin');
    const keyCard = admin.locator('#key');
    expect(await keyCard.innerText()).toContain(shortFingerprint(adminKey.fingerprint));
    expect(await keyCard.innerText()).toContain('vai trò quản trị');
    const binding = (await admin.evaluate(() => (window as any).standin.app.model.binding)) as Binding;
    const statusOf = (i: number) => `${columnLetter(binding.columns['status']!)}${Object.values(binding.rows)[i]}`;
    await admin.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, statusOf(0)]);
    await idle(admin);
    const saveAs = async (page: Page, file: string) => writeFileSync(file, Buffer.from(await page.evaluate(() => (window as any).standin.saved()), 'base64'));
    await saveAs(admin, join(dist, 'book-imported.xlsx'));

    // A colleague opens the workbook in their own browser profile, in a WebView without Ed25519 in WebCrypto.
    const colleague = await browser.newPage({ viewport: { width: 350, height: 1400 }, deviceScaleFactor: 1 });
    watch(colleague);
    const openAs = async (page: Page, fixture: string) => {
      await page.goto(`${base}/standin.html?webcrypto=no&fixture=${fixture}`);
      await page.waitForFunction(() => (window as any).standin?.app.model.phase === 'bound' && (window as any).standin.app.model.busy === false);
    };
    await openAs(colleague, 'book-imported.xlsx');
    await colleague.getByLabel('Họ và tên').fill('Trần Văn Bình');
    await colleague.getByLabel('Cơ quan, đơn vị').fill('Phòng Tổ chức cán bộ');
    await colleague.getByRole('button', { name: 'Lưu thông tin' }).click();
    expect(await storedKey(colleague)).toEqual({ kind: 'noble', type: 'secret', algorithm: 'AES-GCM', extractable: false, fields: ['iv', 'kind', 'publicKey', 'wrappedSeed', 'wrappingKey'] });
    const colleagueKey = await colleague.evaluate(() => (window as any).standin.app.model.key);
    expect(colleagueKey.standing).toBe('not-enrolled');
    expect(await colleague.locator('#key').innerText()).toContain(shortFingerprint(colleagueKey.fingerprint));
    const request = await colleague.getByLabel('Yêu cầu đăng ký khóa').inputValue();
    expect(JSON.parse(request)).toEqual({ type: 'cchc-key-request', publicKey: colleagueKey.publicKey, fingerprint: colleagueKey.fingerprint, person: { name: 'Trần Văn Bình', unit: 'Phòng Tổ chức cán bộ' } });
    // Not enrolled: a change is refused, what was typed kept in the note, and nothing recorded.
    await colleague.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, statusOf(1)]);
    await idle(colleague);
    expect(await colleague.locator('#activity').innerText()).toContain('chưa được đăng ký trong sổ này');
    await colleague.screenshot({ path: join(out, 'key-not-enrolled-350.png'), fullPage: true });
    states['not enrolled'] = await seriousViolations(colleague);

    // The administrator pastes the request into their pane and enrolls it.
    await admin.getByLabel('Dán yêu cầu đăng ký khóa').fill(request);
    await admin.getByLabel('Vai trò').selectOption('member');
    await admin.getByRole('button', { name: 'Đăng ký khóa' }).click();
    await idle(admin);
    expect(await admin.locator('#activity').innerText()).toContain(`Đã đăng ký khóa ${shortFingerprint(colleagueKey.fingerprint)}… của Trần Văn Bình`);
    expect(await admin.getByLabel('Dán yêu cầu đăng ký khóa').inputValue()).toBe('');
    await admin.screenshot({ path: join(out, 'key-enrolled-by-admin-350.png'), fullPage: true });
    states['administrator enrolling'] = await seriousViolations(admin);
    await saveAs(admin, join(dist, 'book-enrolled.xlsx'));

    // The colleague opens the workbook with their key enrolled, and records: signed by their key.
    await openAs(colleague, 'book-enrolled.xlsx');
    expect(await colleague.evaluate(() => (window as any).standin.app.model.key.standing)).toBe('member');
    await colleague.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, statusOf(1)]);
    await idle(colleague);
    expect(await colleague.evaluate(() => (window as any).standin.app.ledger.state.count)).toBe(5);
    await colleague.screenshot({ path: join(out, 'key-member-350.png'), fullPage: true });
    await colleague.getByRole('button', { name: 'English' }).click();
    await colleague.screenshot({ path: join(out, 'key-member-english-350.png'), fullPage: true });
    states['member, in English'] = await seriousViolations(colleague);
    expect(states).toEqual(Object.fromEntries(Object.keys(states).map((k) => [k, []])));

    // The saved workbook, verified by the command line: every signature against the keys enrolled in it.
    const file = join(out, 'signed-book.xlsx');
    await saveAs(colleague, file);
    const json = JSON.parse((await run('node', [join(root, 'bin/cchc.js'), 'verify', file, '--json'], { cwd: root })).stdout);
    expect(json).toMatchObject({ ok: true, format: 2, count: 5 });
    expect(Object.fromEntries(json.keys.map((k: any) => [k.fingerprint, [k.person.name, k.role]]))).toEqual({
      [adminKey.fingerprint]: ['Nguyễn Thị Lan', 'admin'],
      [colleagueKey.fingerprint]: ['Trần Văn Bình', 'member'],
    });
    const text = await run('node', [join(root, 'bin/cchc.js'), 'verify', file], { cwd: root });
    writeFileSync(join(out, 'signed-book-verify.txt'), text.stdout);
    const log = await run('node', [join(root, 'bin/cchc.js'), 'log', file], { cwd: root });
    expect(log.stdout).toContain(shortFingerprint(colleagueKey.fingerprint));
    expect(problems).toEqual([]);
    await admin.close();
    await colleague.close();
  }, 240_000);

  it("shows the dashboard, goes from the overdue list to the item's row, and shows the selected row's history with its voids", async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 1400 }, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await openPane(page);
    await importPlanInPane(page, { name: 'Nguyễn Thị Lan', unit: 'Văn phòng Sở Giáo dục và Đào tạo' });
    const binding = (await page.evaluate(() => (window as any).standin.app.model.binding)) as Binding;
    const address = (row: number, field: string) => `${columnLetter(binding.columns[field]!)}${row}`;
    const states: Record<string, string[]> = {};

    // A completion recorded, then its date corrected: the first entry is voided and recorded again.
    const [, row] = Object.entries(binding.rows)[0]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Hoàn thành', '10/06/2022']], { paste: true }), [binding.sheet, address(row, 'status')]);
    await idle(page);
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['05/06/2022']], { paste: true }), [binding.sheet, address(row, 'completedOn')]);
    await idle(page);

    // The dashboard at the first half's cut-off, as the period report counts.
    await page.getByLabel('Số liệu').selectOption('2022:H1');
    const dashboard = page.locator('#dashboard');
    expect(await dashboard.innerText()).toContain('14/06/2022');
    expect(await dashboard.innerText()).toMatch(/Hoàn thành 1\/\d+/);
    await dashboard.locator('#dash-leads summary').click();
    await dashboard.locator('#dash-sections summary').click();
    expect(await dashboard.locator('#dash-leads tbody tr').count()).toBeGreaterThan(1);

    // The overdue list, for one lead agency; a click on an item selects its row in the sheet.
    await page.getByLabel('Cơ quan chủ trì', { exact: true }).selectOption('Văn phòng');
    const items = page.locator('#attention .attention-item');
    expect(await items.count()).toBeGreaterThan(0);
    for (const text of await items.allInnerTexts()) expect(text).toContain('Văn phòng');
    const first = items.first();
    const firstId = (await first.getAttribute('id'))!.replace(/^att-/, '');
    await first.focus();
    await page.keyboard.press('Enter');
    await idle(page);
    const selection = await page.evaluate(() => (window as any).standin.host.workbook.selection);
    expect(selection).toMatchObject({ sheet: binding.sheet, rect: { row: binding.rows[firstId]! - 1, col: 0, rows: 1 } });
    expect(await page.locator('#history').innerText()).toContain(`Dòng ${binding.rows[firstId]}`);
    // The keyboard stays on the item pressed; the tables opened stay open through the redraws.
    expect.soft(await page.evaluate(() => document.activeElement?.id)).toBe(`att-${firstId}`);
    expect(await dashboard.locator('#dash-leads').getAttribute('open')).not.toBeNull();
    states['dashboard, list filtered'] = await seriousViolations(page);

    // A cell of the corrected row selected in the sheet: who changed what, and the entry voided, by whom and why.
    await page.evaluate(([s, a]) => (window as any).standin.host.userSelect(s, a), [binding.sheet, address(row, 'status')]);
    await idle(page);
    const history = await page.locator('#history').innerText();
    expect(history).toContain(`Dòng ${row}`);
    expect(history).toContain('Đã hủy bởi Nguyễn Thị Lan');
    expect(history).toContain('Chưa thực hiện → Hoàn thành');
    await page.locator('#history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'dashboard-350.png'), fullPage: true });
    states['history with a void'] = await seriousViolations(page);
    await page.setViewportSize({ width: 450, height: 1400 });
    await page.screenshot({ path: join(out, 'dashboard-450.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#dashboard').innerText()).toContain('first half 2022');
    states['dashboard in English'] = await seriousViolations(page);
    await page.screenshot({ path: join(out, 'dashboard-english-450.png'), fullPage: true });
    expect(states).toEqual(Object.fromEntries(Object.keys(states).map((k) => [k, []])));
    expect(problems).toEqual([]);
    await page.close();
  }, 240_000);

  it('keeps the keyboard where it was, names each control apart, and says what it is doing in view', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 700 }, deviceScaleFactor: 1 });
    await openPane(page);
    await importPlanInPane(page, { name: 'Trần Văn B', unit: 'Sở Nội vụ' });
    const binding = (await page.evaluate(() => (window as any).standin.app.model.binding)) as Binding;
    for (const [, row] of Object.entries(binding.rows).slice(0, 4)) {
      await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, `${columnLetter(binding.columns['status']!)}${row}`]);
      await idle(page);
    }

    // The language button's name is its label.
    const language = page.locator('#language');
    expect.soft([null, await language.innerText()]).toContain(await language.getAttribute('aria-label'));
    // The help page is linked from the pane's header, and served beside it.
    const help = page.getByRole('link', { name: 'Hướng dẫn' });
    expect(await help.getAttribute('href')).toBe('help.html');
    const helpPage = await page.request.get(new URL('help.html', page.url()).href);
    expect(helpPage.ok()).toBe(true);
    expect(await helpPage.text()).toContain('Hướng dẫn sử dụng');
    // Every "×" has a name of its own.
    const names = await page.locator('#activity button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent));
    expect(names.length).toBeGreaterThan(1);
    expect.soft(new Set(names).size).toBe(names.length);

    // Scrolled to the reports, an action says what it is doing where it can be seen, in words.
    const button = page.getByRole('button', { name: 'Cập nhật trang Tiến độ' });
    await button.scrollIntoViewIfNeeded();
    await page.evaluate(() => {
      const seen: Array<{ text: string; top: number; bottom: number }> = [];
      (window as any).seenWorking = seen;
      new MutationObserver(() => {
        for (const node of document.querySelectorAll<HTMLElement>('#app [role="status"], #app [role="progressbar"]')) {
          const box = node.getBoundingClientRect();
          seen.push({ text: node.innerText.trim(), top: box.top, bottom: box.bottom });
        }
      }).observe(document.getElementById('app')!, { childList: true, subtree: true });
    });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    // The stand-in answers slowly this once, so that the pane can be seen at work.
    await page.evaluate(() => {
      const host = (window as any).standin.host;
      const apply = host.apply.bind(host);
      host.apply = async (ops: unknown) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        host.apply = apply;
        return apply(ops);
      };
    });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('.working').waitFor();
    await page.screenshot({ path: join(out, 'working-350.png') });
    await idle(page);
    const seen = (await page.evaluate(() => (window as any).seenWorking)) as Array<{ text: string; top: number; bottom: number }>;
    const inView = seen.filter((s) => s.text !== '' && s.top >= 0 && s.bottom <= 700);
    expect.soft(inView.map((s) => s.text)).toContainEqual(expect.stringContaining('trang tiến độ'));
    await page.screenshot({ path: join(out, 'after-action-350.png') });
    // The keyboard is still on the button pressed.
    expect.soft(await page.evaluate(() => document.activeElement?.id)).toBe('out-progress');
    await page.close();
  }, 240_000);
});
