/**
 * The dashboard page in headless Chromium, from a listening fastify with the plugin over PGlite:
 * the charts drawn from the overview's figures, the drill-down by keyboard and by click down to an
 * item's signed history, nothing fetched from another origin, no page wider than a phone, and
 * screenshots at 1366×768 and 390×844 in test-results/dashboard/ (to look at).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { dashboardPlugin } from '../../server/dashboard/dashboard-plugin.ts';
import { launchChromium } from '../support/browser-page.ts';
import { AGENCIES, planIdOf, seedProvince, YEAR } from './support/dashboard-province.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/dashboard/', import.meta.url));
const CLOCK = new Date(`${YEAR + 1}-01-10T03:00:00.000Z`);
const VIEWPORTS = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;

let db: Database;
let events: Map<string, LedgerEvent[]>;
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  db = await openDatabase(undefined);
  events = await seedProvince(db);
  app = Fastify();
  await app.register(dashboardPlugin, { db, clock: () => CLOCK });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await db?.close();
});

/** A page that records console errors and every request made to an origin other than the service's. */
async function openPage(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport, locale: 'vi-VN' });
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('data:') && problems.push(`request: ${r.url()}`));
  return { page, problems };
}

const loaded = (page: Page) => page.waitForSelector('html[data-loaded]');
const widerThanViewport = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/** The voided status entry of the most complete plan, and its item. */
function voidedItem(): { planId: string; itemId: string; seq: number } {
  const planId = planIdOf(AGENCIES[0]);
  const list = events.get(planId)!;
  const voiding = list.find((e) => e.type === 'event.voided')!;
  const voided = list.find((e) => voiding.type === 'event.voided' && e.id === voiding.data.event)!;
  return { planId, itemId: voided.type === 'status.changed' ? voided.data.item : '', seq: voided.seq };
}

describe('the dashboard in Chromium', () => {
  it('draws the charts from the overview\'s figures, labelled, with nothing from another origin', async () => {
    const { page, problems } = await openPage(VIEWPORTS.laptop);
    const started = performance.now();
    await page.goto(`${base}/`);
    await loaded(page);
    // First load of a fresh service (every plan replayed): a figure for README, not an assertion.
    console.log(`dashboard first load (fresh service, ${events.size} plans): ${Math.round(performance.now() - started)} ms`);
    const overview = (await (await fetch(`${base}/dashboard/api/overview`)).json()) as {
      agencies: Array<{ id: string; name: string; figures: { rate: number | null } | null }>;
      statuses: Array<{ label: string; count: number }>;
    };
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].map((canvas) => {
        const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): { data: { labels: string[]; datasets: Array<{ data: number[] }> } } } }).Chart.getChart(canvas)!;
        return { label: canvas.getAttribute('aria-label'), role: canvas.getAttribute('role'), labels: chart.data.labels, data: chart.data.datasets[0]!.data, height: canvas.height };
      }),
    );
    expect(charts).toHaveLength(3);
    const ranked = overview.agencies.filter((a) => a.figures?.rate != null).sort((a, b) => a.figures!.rate! - b.figures!.rate!).slice(0, 30);
    expect(charts[0]!.labels).toEqual(ranked.map((a) => a.name));
    expect(charts[0]!.data).toEqual(ranked.map((a) => a.figures!.rate));
    expect(charts[2]!.data).toEqual(overview.statuses.filter((s) => s.count > 0).map((s) => s.count));
    for (const chart of charts) {
      expect(chart.role).toBe('img');
      expect(chart.label).toMatch(/^Biểu đồ /);
      expect(chart.height).toBeGreaterThan(100);
    }
    // Every control has its label; the language is Vietnamese.
    expect(await page.evaluate(() => [...document.querySelectorAll('select')].every((s) => s.labels && s.labels.length === 1))).toBe(true);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('#tinh')).toBe('Tỉnh Bến Tre — Năm 2021');
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-overview.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-overview-full.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('by keyboard: skip link, period selector, an agency\'s plan, an item\'s history with the voided entry marked', async () => {
    const { page, problems } = await openPage(VIEWPORTS.laptop);
    await page.goto(`${base}/`);
    await loaded(page);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    // Another period, chosen from the keyboard, reloads the figures.
    await page.focus('#ky');
    await page.selectOption('#ky', 'Q1');
    await page.waitForFunction(() => document.querySelector('#tinh')?.textContent?.endsWith('Quý I năm 2021'));
    await loaded(page);
    expect(new URL(page.url()).searchParams.get('period')).toBe('Q1');

    const agency = AGENCIES[0];
    await page.focus(`a[href="#/co-quan/${agency.id}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`main h2:has-text("${agency.name}")`);
    expect(await page.locator('main table tbody tr:not(.section-row)').count()).toBe(37);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('noi-dung');
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-agency.png') });

    const { planId, itemId, seq } = voidedItem();
    await page.click(`a[href="#/ke-hoach/${planId}/muc/${encodeURIComponent(itemId)}"]`);
    await page.waitForSelector('ol.history');
    const voided = page.locator('ol.history li.voided');
    expect(await voided.count()).toBe(1);
    expect(await voided.textContent()).toContain(`Số ${seq} — `);
    expect(await voided.textContent()).toMatch(/ĐÃ HỦY bởi ghi nhận số \d+/);
    expect(await page.locator('ol.history .fingerprint').first().textContent()).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'laptop-item.png'), fullPage: true });
    await page.goBack();
    await page.waitForSelector(`main h2:has-text("${agency.name}")`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a bar of the agencies\' chart opens that agency; on a 390 px phone no page is wider than the screen', async () => {
    const { page, problems } = await openPage(VIEWPORTS.phone);
    await page.goto(`${base}/`);
    await loaded(page);
    expect(await widerThanViewport(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-overview.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-overview-full.png'), fullPage: true });
    // The top bar is the agency with the lowest rate: click the middle of the chart's first bar.
    const target = await page.evaluate(() => {
      const canvas = document.querySelector('canvas')!;
      const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): any } }).Chart.getChart(canvas);
      const bar = chart.getDatasetMeta(0).data[0];
      const box = canvas.getBoundingClientRect();
      return { x: box.left + (bar.x + bar.base) / 2, y: box.top + bar.y, label: chart.data.labels[0] as string };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector(`main h2:has-text("${target.label}")`);
    expect(await widerThanViewport(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-agency.png') });
    const { planId, itemId } = voidedItem();
    await page.goto(`${base}/#/ke-hoach/${planId}/muc/${encodeURIComponent(itemId)}`);
    await page.waitForSelector('ol.history');
    expect(await widerThanViewport(page)).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone-item.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
