/**
 * In headless Chromium: two tabs appending to one IndexedDB ledger at once (the store and the
 * Ledger bundled for the page), and the real task pane, over the stand-in Excel host, reading a
 * workbook whose title, sheet name, tasks, agencies and notes hold markup and script: nothing may
 * run, everything must show as typed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveFolder, type ServedFolder } from '../support/browser-page.ts';
import { BUILD_TIMEOUT, standinPaneInto } from '../support/standin-pane.ts';
import { minimalXlsx, sheetXml } from '../../scripts/hostile-corpus/minimal-xlsx.ts';
import { columnLetter } from '../../templates/table/grid.ts';
import { HOSTILE_TEXT, hostileBody, TITLE } from '../../scripts/hostile-corpus/sample-table.ts';
import { publishFigures, type Figure } from './support/figures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PER_TAB = 250;
/** What a page would do if any hostile text ran: set this, or open a dialog. */
const MARKERS = ['__pwned'];

let dir: string;
let pages: ServedFolder;
let base = '';
let browser: Browser;
const figures: Figure[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-browser-'));
  // The ledger and the IndexedDB store, for a page of our own.
  await build({
    stdin: {
      contents: [
        "export { Ledger } from './ledger/ledger.ts';",
        "export { IndexedDbStore } from './ledger/stores/indexeddb-store.ts';",
        "export { verify } from './ledger/verify.ts';",
        "export { samplePlan, ALICE } from './test/support/sample-plan.ts';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'cchc',
    outfile: join(dir, 'ledger.js'),
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'ledger.html'), '<!doctype html><meta charset="utf-8"><title>ledger</title><script src="ledger.js"></script>');
  // The task pane over the stand-in host, the build the add-in's own browser test uses.
  await standinPaneInto(join(dir, 'pane'));
  const hostileTitle = `${TITLE} ${HOSTILE_TEXT.imgOnerror}`;
  writeFileSync(join(dir, 'pane', 'hostile.xlsx'), minimalXlsx([{ name: SHEET_NAME, xml: sheetXml([[hostileTitle], [], ...tableHeaderAndBody()]) }]));

  pages = await serveFolder(dir);
  base = pages.base;
  browser = await launchChromium();
}, BUILD_TIMEOUT);

afterAll(async () => {
  if (figures.length) publishFigures('5-browser', figures);
  await browser?.close();
  await pages?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A sheet name Excel allows (31 characters, none of []:*?/\) that is markup. */
const SHEET_NAME = '<svg onload=alert(9)>';

function tableHeaderAndBody() {
  return [['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Ghi chú'], ...hostileBody().slice(0, 6)];
}

describe('two browser tabs, one IndexedDB ledger', () => {
  it(`both append ${PER_TAB} events at once: one chain, no fork, the loser told to retry, every acknowledged event once`, async () => {
    const context = await browser.newContext();
    const [a, b] = [await context.newPage(), await context.newPage()];
    const errors: string[] = [];
    for (const page of [a, b]) {
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}/ledger.html`);
    }
    // Tab A imports the plan; then both tabs append together, each reopening the ledger when told it moved on.
    await a.evaluate(async () => {
      const { Ledger, IndexedDbStore, samplePlan, ALICE } = (window as any).cchc;
      const ledger = await Ledger.open(await IndexedDbStore.open('two-tabs'));
      await ledger.append({ type: 'plan.imported', actor: ALICE, data: samplePlan() });
    });
    const appendMany = (page: Page, tab: string) =>
      page.evaluate(
        async ({ tab, count }) => {
          const { Ledger, IndexedDbStore, ALICE } = (window as any).cchc;
          const store = await IndexedDbStore.open('two-tabs');
          let ledger = await Ledger.open(store);
          const acknowledged: string[] = [];
          let retries = 0;
          for (let i = 0; i < count; ) {
            try {
              const [event] = await ledger.append({ type: 'progress.noted', actor: ALICE, id: `${tab}-${i}`, data: { item: i % 2 ? 'I.1' : 'II.1', note: `Tab ${tab}, ghi nhận ${i}` } });
              acknowledged.push(event.id);
              i++;
            } catch (error) {
              if ((error as { code?: string }).code !== 'concurrency') throw error;
              retries++;
              ledger = await Ledger.open(store);
            }
          }
          return { acknowledged, retries };
        },
        { tab, count: PER_TAB },
      );
    const [ra, rb] = await Promise.all([appendMany(a, 'a'), appendMany(b, 'b')]);
    const stored = await a.evaluate(async () => {
      const { IndexedDbStore, verify } = (window as any).cchc;
      const store = await IndexedDbStore.open('two-tabs');
      const records: unknown[] = [];
      for await (const r of store.read()) records.push(r);
      return { result: await verify(records), ids: records.map((r: any) => r.value.id as string), seqs: records.map((r: any) => r.value.seq as number) };
    });
    expect(errors).toEqual([]);
    expect(stored.result).toMatchObject({ ok: true, count: 2 * PER_TAB + 1 });
    expect(stored.seqs).toEqual(stored.seqs.map((_, i) => i + 1));
    const acknowledged = [...ra.acknowledged, ...rb.acknowledged];
    expect(acknowledged).toHaveLength(2 * PER_TAB);
    for (const id of acknowledged) expect(stored.ids.filter((x) => x === id), id).toHaveLength(1);
    // They really raced: somebody lost at least once and was told so.
    expect(ra.retries + rb.retries).toBeGreaterThan(0);
    figures.push(
      { measure: 'browser tabs appending to one IndexedDB ledger at once (tabs × events)', value: `2 × ${PER_TAB}` },
      { measure: 'acknowledged events present exactly once, one chain', value: acknowledged.length, outOf: 2 * PER_TAB },
      { measure: 'times a tab was told to retry (ConcurrencyError)', value: ra.retries + rb.retries },
    );
    await context.close();
  }, 180_000);
});

describe('the task pane shown hostile text', () => {
  it('runs nothing and shows title, sheet name, warnings and typed notes as the characters typed', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 1400 } });
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}/pane/standin.html?fixture=hostile.xlsx`);
    await page.waitForFunction(() => (window as any).standin?.app.model.phase !== 'starting' && (window as any).standin?.app.model.busy === false);
    const idle = () => page.evaluate(() => (window as any).standin.idle());

    await page.getByLabel('Họ và tên').fill(`Lan ${HOSTILE_TEXT.script}`);
    await page.getByLabel('Cơ quan, đơn vị').fill(HOSTILE_TEXT.imgOnerror);
    await page.getByRole('button', { name: 'Lưu thông tin' }).click();
    await page.getByRole('button', { name: 'Đọc bảng trên trang đang mở' }).click();
    await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).waitFor();
    const preview = await page.locator('#app').innerText();
    await page.getByRole('button', { name: 'Nhập kế hoạch và thêm cột theo dõi' }).click();
    await page.getByText('Trang tính', { exact: true }).waitFor();
    await idle();

    // Notes typed into the tracking columns, and a status that is none, all hostile.
    const binding = (await page.evaluate(() => (window as any).standin.app.model.binding)) as { sheet: string; columns: Record<string, number>; rows: Record<string, number> };
    const rows = Object.values(binding.rows);
    const typed = [HOSTILE_TEXT.imgOnerror, HOSTILE_TEXT.svg, HOSTILE_TEXT.link, HOSTILE_TEXT.formulaEquals];
    for (const [i, text] of typed.entries()) {
      await page.evaluate(([s, a, t]) => (window as any).standin.edit(s, a, [[t]]), [binding.sheet, `${columnLetter(binding.columns.progressNote!)}${rows[i]}`, text]);
      await idle();
    }
    await page.evaluate(([s, a, t]) => (window as any).standin.edit(s, a, [[t]]), [binding.sheet, `${columnLetter(binding.columns.status!)}${rows[4]}`, HOSTILE_TEXT.script]);
    await idle();
    await page.getByRole('button', { name: 'Cập nhật trang Tiến độ' }).click();
    await idle();

    const shown = await page.locator('#app').innerText();
    const html = await page.locator('#app').innerHTML();
    const ran = await page.evaluate((markers) => markers.filter((m) => (window as any)[m] !== undefined), MARKERS);
    // Nothing ran: no dialog, no marker, no element made from the text.
    expect(dialogs).toEqual([]);
    expect(ran).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('#app img, #app script, #app svg, #app a[href^="javascript"]').count()).toBe(0);
    expect(html).not.toContain('<img src=x');
    // ...and the text is there, as typed.
    expect(preview).toContain(HOSTILE_TEXT.imgOnerror);
    expect(shown).toContain(SHEET_NAME);
    expect(shown).toContain(HOSTILE_TEXT.script);
    const notes = await page.evaluate(() => (window as any).standin.app.ledger.state.items);
    const recorded = Object.values(notes as Record<string, { notes: Array<{ note: string }> }>).flatMap((item) => item.notes.map((n) => n.note));
    for (const text of typed) expect(recorded, text).toContain(text);
    figures.push(
      { measure: 'hostile texts put before the task pane (title, sheet name, actor, notes, status)', value: typed.length + 5 },
      { measure: 'scripts run, dialogs opened or elements made from them', value: dialogs.length + ran.length },
    );
    await page.close();
  }, 180_000);
});
