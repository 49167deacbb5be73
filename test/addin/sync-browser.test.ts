/**
 * The sync card in a real browser: the production build of the task pane over the stand-in Excel
 * host, its own WebCrypto key, and the province's service (PGlite, its transparency log) on a
 * socket of another origin allowed by CORS, behind a proxy the test can make lie. The pane imports,
 * connects, records (the event lands by itself), trusts a witness and none again, disconnects (a
 * recording waits as pending) and connects again (it is sent), then is shown a rewritten log: the alarm names both
 * checkpoints and the evidence downloads. Screenshots at 350 (and 450) px are left in test-results/ to be
 * looked at; axe-core checks the card's states.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import { columnLetter } from '../../ledger/column-letter.ts';
import { signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { ed25519NoteSigner, formatVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { initProvince } from '../../server/province-init.ts';
import { latestCheckpoint, signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { leavesFrom } from '../../server/transparency/log-proofs.ts';
import { transparencyPlugin } from '../../server/transparency/transparency-plugin.ts';
import { launchChromium, serveFolder, seriousViolations, type ServedFolder } from '../support/browser-page.ts';
import { BUILD_TIMEOUT, standinPaneInto } from '../support/standin-pane.ts';
import { importPlanInPane } from '../support/pane-first-import.ts';
import { logKey, ORIGIN } from '../sync/support/logged-province.ts';
import { listen, ServiceProxy } from '../sync/support/service-proxy.ts';

const root = new URL('../../', import.meta.url).pathname;
const out = join(root, 'test-results', 'addin-sync-browser');
const dist = join(out, 'dist');
const UNIT = 'Văn phòng Sở Giáo dục và Đào tạo';
const PLAN = 'kh-sgddt-2022';
/** A witness the user trusts (its cosignature vkey, as typed in the card). */
const WITNESS_VKEY = formatVerifierKey('thanhtra.gialai.example/nhan-chung', SIGNATURE_TYPE.cosignatureV1, hexToBytes(signerOfPrivateKey(newPrivateKeyPem()).publicKey));

let pages: ServedFolder;
let browser: Browser;
let base = '';
let db: Database;
let app: FastifyInstance;
let proxy: ServiceProxy;
let proxied = '';
let agencyAdmin: ServiceClient;
let province: ServiceClient;

const idle = (page: Page) => page.evaluate(() => (window as any).standin.app.settled());

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  rmSync(dist, { recursive: true, force: true });
  await standinPaneInto(dist);
  writeFileSync(join(dist, 'fixture.xlsx'), readFileSync(join(root, 'samples', 'gialai-sgddt-2022-phuluc.xlsx')));
  pages = await serveFolder(dist);
  base = pages.base;

  db = await openDatabase(undefined);
  const [an, thu] = [signerOfPrivateKey(newPrivateKeyPem()), signerOfPrivateKey(newPrivateKeyPem())];
  await initProvince(db, { province: { code: '64', name: 'Tỉnh Gia Lai' }, agency: { id: 'snv', officialName: 'Sở Nội vụ tỉnh Gia Lai' }, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: an.publicKey } });
  app = await buildServiceApp({ db, allowedOrigins: [base], plugins: [{ plugin: transparencyPlugin, options: { db, logKey, checkpointIntervalMs: 0 } }] });
  const url = await listen(app);
  proxy = new ServiceProxy(url);
  proxied = await listen(proxy.server);
  province = new ServiceClient(url, an);
  await province.createAgency({ id: 'sgddt', officialName: UNIT, level: 'department' });
  await province.createPerson({ id: 'thu', agencyId: 'sgddt', fullName: 'Lê Thị Thu', publicKey: thu.publicKey, role: 'agency-admin' });
  agencyAdmin = new ServiceClient(url, thu);
  await agencyAdmin.createPlan({ id: PLAN, ownerAgencyId: 'sgddt', scope: 'agency', title: 'Kế hoạch CCHC năm 2022', periodFrom: '2022-01-01', periodTo: '2022-12-31' });
  browser = await launchChromium();
}, BUILD_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (proxy ? proxy.server.close(resolve) : resolve(undefined)));
  await app?.close();
  await db?.close();
  await pages?.close();
});

describe('the sync card in a browser, against the service on another origin', () => {
  it('connects, syncs each recording by itself, and raises the alarm with downloadable evidence when the log is rewritten', async () => {
    const page = await browser.newPage({ viewport: { width: 350, height: 900 }, deviceScaleFactor: 1, acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.goto(`${base}/standin.html`);
    await page.waitForFunction(() => (window as any).standin?.app.model.phase === 'unbound' && (window as any).standin.app.model.busy === false);

    await importPlanInPane(page, { name: 'Nguyễn Thị Lan', unit: UNIT });

    // The pane's own key (made in this browser) is enrolled in the province's directory.
    const publicKey = (await page.evaluate(() => (window as any).standin.app.model.key.publicKey)) as string;
    await agencyAdmin.createPerson({ id: 'lan', agencyId: 'sgddt', fullName: 'Nguyễn Thị Lan', publicKey, role: 'agency-admin' });
    const card = page.locator('#sync');
    expect(await card.innerText()).toContain('Đồng bộ với dịch vụ của tỉnh');
    await card.screenshot({ path: join(out, 'sync-card-connect-350.png') });
    await page.getByLabel('Địa chỉ dịch vụ').fill(proxied);
    await page.getByLabel('Mã kế hoạch trên dịch vụ').fill(PLAN);
    await page.getByRole('button', { name: 'Kết nối', exact: true }).click();
    await idle(page);
    expect(await page.locator('#activity').innerText()).toContain(`Đã kết nối kế hoạch ${PLAN}`);
    expect((await province.pullAll(PLAN)).lines).toHaveLength(2);

    // A recording lands by itself (the delay after a recording is a few seconds).
    const binding = (await page.evaluate(() => (window as any).standin.app.model.binding)) as { sheet: string; columns: Record<string, number>; rows: Record<string, number> };
    const [, row] = Object.entries(binding.rows)[0]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, `${columnLetter(binding.columns['status']!)}${row}`]);
    await page.waitForFunction(() => (window as any).standin.app.model.ledger?.events === 3);
    await idle(page);
    await page.waitForFunction(() => (window as any).standin.app.sync.pending.length === 0 && (window as any).standin.app.sync.status === 'idle');
    expect((await province.pullAll(PLAN)).lines).toHaveLength(3);
    await signNewCheckpoint(db, logKey);
    await page.getByRole('button', { name: 'Đồng bộ ngay' }).click();
    await idle(page);
    const text = await card.innerText();
    expect(text).toMatch(/Đồng bộ lần cuối: \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/);
    expect(text).toContain('Chờ đồng bộ (0)');
    expect(text).toContain('Khóa nhật ký minh bạch');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'sync-connected-350.png'), fullPage: true });
    await card.screenshot({ path: join(out, 'sync-card-connected-350.png') });
    expect(await seriousViolations(page)).toEqual([]);

    // The witnesses trusted, changed from the card (a bad key refused first), then none again.
    await page.getByText('Nhân chứng tin cậy: chưa có').click();
    await page.getByLabel('Khóa đồng ký của nhân chứng, mỗi dòng một khóa').fill('thanhtra.gialai.example/nhan-chung');
    await page.getByRole('button', { name: 'Lưu nhân chứng' }).click();
    await idle(page);
    expect(await page.locator('#activity').innerText()).toContain('Chưa đổi nhân chứng tin cậy: nhân chứng tin cậy không hợp lệ');
    await page.getByLabel('Khóa đồng ký của nhân chứng, mỗi dòng một khóa').fill(WITNESS_VKEY);
    await page.getByRole('button', { name: 'Lưu nhân chứng' }).click();
    await idle(page);
    expect(await card.innerText()).toContain('Nhân chứng tin cậy: 1, cần 1');
    expect(await card.locator('#sync-finality').innerText()).toContain('Chưa chung cuộc');
    for (const width of [350, 450]) {
      await page.setViewportSize({ width, height: 900 });
      // The card in the viewport below the pane's sticky title (an element's screenshot puts it under the title).
      await page.evaluate(() => document.getElementById('sync')!.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(out, `sync-card-witnesses-${width}.png`) });
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Khóa đồng ký của nhân chứng, mỗi dòng một khóa').fill('');
    await page.getByRole('button', { name: 'Lưu nhân chứng' }).click();
    await idle(page);
    expect(await card.innerText()).toContain('Nhân chứng tin cậy: chưa có');

    // Disconnected: recording goes on, kept pending and sent on connecting again (the form keeps the address and plan).
    await page.getByRole('button', { name: 'Ngắt kết nối' }).click();
    await idle(page);
    const [, rowKept] = Object.entries(binding.rows)[2]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, `${columnLetter(binding.columns['status']!)}${rowKept}`]);
    await idle(page);
    expect(await card.innerText()).toContain(`Đã ngắt kết nối khỏi kế hoạch ${PLAN}`);
    expect(await card.innerText()).toContain('1 ghi nhận chờ đồng bộ được giữ trong bảng tính');
    expect((await province.pullAll(PLAN)).lines).toHaveLength(3);
    for (const width of [350, 450]) {
      await page.setViewportSize({ width, height: 900 });
      // The card in the viewport below the pane's sticky title (an element's screenshot puts it under the title).
      await page.evaluate(() => document.getElementById('sync')!.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(out, `sync-card-disconnected-${width}.png`) });
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 350, height: 900 });
    expect(await page.getByLabel('Địa chỉ dịch vụ').inputValue()).toBe(proxied);
    await page.getByRole('button', { name: 'Kết nối', exact: true }).click();
    await page.waitForFunction(() => (window as any).standin.app.sync.pending.length === 0 && (window as any).standin.app.sync.status === 'idle');
    await idle(page);
    expect((await province.pullAll(PLAN)).lines).toHaveLength(4);

    // The log rewritten (its first event changed), signed with the log key itself, at the same size.
    const honest = (await latestCheckpoint(db))!;
    const tree = new MemoryTree();
    (await leavesFrom(db, 0, honest.size)).forEach((leaf, i) => tree.append(logLeafHash(i === 0 ? { ...leaf, line: leaf.line.replace('"role":"admin"', '"role":"member"') } : leaf)));
    const forged = await signCheckpoint({ origin: ORIGIN, size: honest.size, root: await treeHead(honest.size, tree.source), extensions: [] }, [ed25519NoteSigner(ORIGIN, logKey.signer)]);
    proxy.onAnswer = (request, body) => (request.url === '/log/checkpoint' ? Buffer.from(forged) : body);
    const [, row2] = Object.entries(binding.rows)[1]!;
    await page.evaluate(([s, a]) => (window as any).standin.edit(s, a, [['Đang thực hiện']]), [binding.sheet, `${columnLetter(binding.columns['status']!)}${row2}`]);
    await page.waitForFunction(() => (window as any).standin.app.sync.status === 'stopped');
    await idle(page);
    const alarm = page.locator('.sync-alarm');
    expect(await alarm.innerText()).toContain('CẢNH BÁO');
    expect(await alarm.innerText()).toContain(`${ORIGIN}, ${honest.size} mục / leaves`);
    expect(await card.innerText()).toContain('Chờ đồng bộ (1)');
    expect((await province.pullAll(PLAN)).lines).toHaveLength(4);
    await alarm.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'sync-alarm-350.png'), fullPage: true });
    // The card in the viewport below the pane's sticky title, as the user scrolls to it.
    await page.evaluate(() => document.getElementById('sync')!.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(out, 'sync-card-alarm-350.png') });
    expect(await seriousViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bằng chứng cho cơ quan thanh tra' }).click()]);
    const evidence = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { code: string; previous: string; offered: string };
    expect(evidence).toMatchObject({ code: 'inconsistent', previous: honest.note, offered: forged });
    expect(problems).toEqual([]);
    await page.close();
  }, 300_000);
});
