import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as XLSX from 'xlsx';
import { CliError } from '../../cli/exit.ts';
import { provinceReportFromDirectory } from '../../cli/province-report.ts';
import { consolidatedDocumentBytes } from '../../templates/reports/consolidated-docx.ts';
import {
  AGENCIES_SHEET_NAME,
  consolidatedReportBytes,
  PROVENANCE_SHEET_NAME,
  PROVINCE_PLAN_SHEET_NAME,
  WITHOUT_DATA_SHEET_NAME,
} from '../../templates/reports/consolidated-workbook.ts';
import { OVERDUE_SHEET_NAME } from '../../templates/reports/overdue-sheet.ts';
import { parseProvinceManifest } from '../../templates/reports/province-manifest.ts';
import { ConsolidationError, provincePlansFromLines } from '../../templates/reports/province-plans.ts';
import { resolvePeriod, type ReportPeriod } from '../../templates/reports/report-period.ts';
import { importBrowserBundle } from '../support/browser-bundle.ts';
import { runCli } from '../support/run-cli.ts';
import { readWithSheetJs, tableOf, contentDifferenceOf } from './read-back.ts';
import { KNOWN_AT, makeProvince, PERIOD, type MadePlan, type ProvinceFixture } from './province-scenario.ts';

let fixture: ProvinceFixture;
let period: ReportPeriod;
let workbook: Uint8Array;
let document: Uint8Array;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const planOf = (id: string): MadePlan => fixture.plans.find((p) => p.id === id)!;
const rate = (done: number, total: number) => `${done}/${total} nhiệm vụ, đạt ${(Math.round((done * 10_000) / total) / 100).toFixed(2).replace('.', ',')}%`;
const doneOf = (p: MadePlan, ids = [...p.outcomes.keys()]) => ids.filter((id) => p.outcomes.get(id) === 'done').length;
/** Open and past due at the cut-off, counted from what the test recorded and the items' due dates. */
const overdueOf = (p: MadePlan) => [...p.outcomes].filter(([id, o]) => o !== 'done' && (p.imported.items[id]!.due ?? '9999') < period.to).map(([id]) => id);

function fromDirectory() {
  return provinceReportFromDirectory({ manifestFile: fixture.manifestFile, period, knownAt: KNOWN_AT, config: { periods: {}, document: {} } });
}

beforeAll(async () => {
  fixture = await makeProvince(mkdtempSync(join(tmpdir(), 'cchc-province-')));
  period = resolvePeriod(PERIOD, { periods: {} })!;
  ({ workbook, document } = await fromDirectory());
});

afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

describe('the consolidated report of a province', () => {
  it("gives every agency's plan its own figures, counted independently from what was recorded", () => {
    const rows = tableOf(readWithSheetJs(workbook).Sheets[AGENCIES_SHEET_NAME]!, 'Cơ quan, đơn vị');
    const counted = ['snv-2021', 'stp-2021', 'stc-2021', 'syt-2021', 'chauthanh-2021'].map(planOf);
    expect(rows.map((r) => r['Cơ quan, đơn vị'])).toEqual(['Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính', 'Sở Y tế', 'Ủy ban nhân dân huyện Châu Thành', 'Cộng các cơ quan, đơn vị']);
    let done = 0;
    let total = 0;
    counted.forEach((p, i) => {
      const row = rows[i]!;
      const d = doneOf(p);
      done += d;
      total += p.outcomes.size;
      expect(row['Tổng số nhiệm vụ'], p.id).toBe(37);
      expect(row['Kết quả'], p.id).toBe(rate(d, 37));
      expect(Number(row['Hoàn thành đúng hạn']) + Number(row['Hoàn thành quá hạn']), p.id).toBe(d);
      expect(row['Chưa hoàn thành, quá hạn'], p.id).toBe(overdueOf(p).length);
      const percent = (d * 100) / 37;
      expect(row['Mức độ hoàn thành (Chỉ số PAR)'], p.id).toBe(percent >= 100 ? 'Đạt điểm tối đa' : percent > 80 ? 'Đạt một phần điểm' : 'Không đạt điểm');
    });
    // The seeds give different results: the agencies are not all alike.
    expect(new Set(counted.map((p) => doneOf(p))).size).toBeGreaterThan(3);
    expect(rows.at(-1)!['Kết quả']).toBe(rate(done, total));
  });

  it("shows the province's plan with each lead agency's part (items led, done/total)", () => {
    const plan = planOf('kh-tinh-2021');
    const rows = tableOf(readWithSheetJs(workbook).Sheets[PROVINCE_PLAN_SHEET_NAME]!, 'Cơ quan chủ trì');
    expect(rows[0]!['Kết quả']).toBe(rate(doneOf(plan), plan.outcomes.size));
    const byLead = new Map<string, string[]>();
    for (const [id, leads] of plan.leads) for (const lead of new Set(leads)) byLead.set(lead, [...(byLead.get(lead) ?? []), id]);
    expect(rows.length - 1).toBe(byLead.size);
    for (const row of rows.slice(1)) {
      const name = String(row['Cơ quan chủ trì']).replace(/ \(nhóm cơ quan\)$/, '');
      const ids = byLead.get(name)!;
      expect(ids, name).toBeDefined();
      expect(row['Tổng số nhiệm vụ'], name).toBe(ids.length);
      expect(row['Kết quả'], name).toBe(rate(doneOf(plan, ids), ids.length));
    }
  });

  it('names every overdue item under its plan', () => {
    const sheet = readWithSheetJs(workbook).Sheets[OVERDUE_SHEET_NAME]!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 }).filter((r) => typeof r[0] === 'number');
    const listed = rows.map((r) => `${String(r[1]).split('.')[0]}:${String(r[8])}`).sort();
    // Each plan keeps its number (STT) of the provenance list: the province's plan first, then the agencies' in list order.
    const numbers = ['kh-tinh-2021', 'snv-2021', 'stp-2021', 'stc-2021', 'syt-2021', 'sct-2020', 'chauthanh-2021', 'giongtrom-2021'];
    const expected = fixture.plans
      .filter((p) => !['sct-2020', 'giongtrom-2021'].includes(p.id))
      .flatMap((p) => overdueOf(p).map((id) => `${numbers.indexOf(p.id) + 1}:${id}`))
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(listed).toEqual(expected);
  });

  it('lists the agencies without data for the period, and why', () => {
    const rows = tableOf(readWithSheetJs(workbook).Sheets[WITHOUT_DATA_SHEET_NAME]!, 'Cơ quan, đơn vị');
    const reasons = Object.fromEntries(rows.map((r) => [r['Cơ quan, đơn vị'], r['Tình trạng']]));
    expect(Object.keys(reasons)).toEqual(['Ủy ban nhân dân tỉnh Bến Tre', 'Sở Xây dựng', 'Sở Công Thương', 'Ủy ban nhân dân huyện Giồng Trôm']);
    expect(reasons['Sở Xây dựng']).toBe('Chưa có kế hoạch trong dữ liệu tổng hợp');
    expect(reasons['Sở Công Thương']).toContain('kế hoạch năm 2020, không thuộc kỳ báo cáo năm 2021');
    expect(reasons['Ủy ban nhân dân huyện Giồng Trôm']).toContain('chưa có kế hoạch được nhập đến thời điểm lấy số liệu');
  });

  it('traces every plan to the ledger head its figures come from', async () => {
    const rows = tableOf(readWithSheetJs(workbook).Sheets[PROVENANCE_SHEET_NAME]!, 'Mã kế hoạch');
    expect(rows.map((r) => r['Mã kế hoạch'])).toEqual(['kh-tinh-2021', 'snv-2021', 'stp-2021', 'stc-2021', 'syt-2021', 'sct-2020', 'chauthanh-2021', 'giongtrom-2021']);
    let leftOut = 0;
    for (const row of rows) {
      // The head is the last line recorded by knownAt, read here from the exported file itself.
      const lines = readFileSync(join(fixture.dir, `${String(row['Mã kế hoạch'])}.ndjson`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string; at: string; v?: number });
      const known = lines.filter((e) => e.at <= KNOWN_AT);
      expect(row['Số ghi nhận đã tính'], String(row['Mã kế hoạch'])).toBe(known.length);
      expect(row['Ghi nhận cuối (số)']).toBe(known.at(-1)?.seq ?? 0);
      expect(row['Mã băm ghi nhận cuối (SHA-256)']).toBe(known.at(-1)?.hash ?? '0'.repeat(64));
      expect(row['Định dạng sổ']).toBe(lines[0]!.v === 2 ? '2 (có ký)' : '1');
      leftOut += lines.length - known.length;
    }
    // Events recorded after knownAt exist, and are not counted.
    expect(leftOut).toBeGreaterThan(0);
    expect(rows.find((r) => r['Mã kế hoạch'] === 'stp-2021')!['Định dạng sổ']).toBe('2 (có ký)');
  });

  it('is the same bytes every time, and from the service-shaped input (plans and their lines) as from the folder', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-07-01T05:06:07.000Z'));
    const again = await fromDirectory();
    vi.useRealTimers();
    expect(sha256(again.workbook)).toBe(sha256(workbook));
    expect(sha256(again.document)).toBe(sha256(document));

    const { province, plans } = parseProvinceManifest(fixture.manifest, 'tinh.json');
    const replayed = await provincePlansFromLines(
      plans.map(({ file, ...plan }) => ({ ...plan, lines: readFileSync(join(fixture.dir, file), 'utf8').split('\n').filter(Boolean) })),
      { period, knownAt: KNOWN_AT },
    );
    const input = { province, period, knownAt: KNOWN_AT, config: { periods: {}, document: {} }, plans: replayed };
    expect(sha256(await consolidatedReportBytes(input))).toBe(sha256(workbook));
    expect(sha256(await consolidatedDocumentBytes(input))).toBe(sha256(document));
    // Another knownAt is another report.
    const later = await provincePlansFromLines(
      plans.map(({ file, ...plan }) => ({ ...plan, lines: readFileSync(join(fixture.dir, file), 'utf8').split('\n').filter(Boolean) })),
      { period, knownAt: '2021-03-26T03:00:00.000Z' },
    );
    expect(sha256(await consolidatedReportBytes({ ...input, knownAt: '2021-03-26T03:00:00.000Z', plans: later }))).not.toBe(sha256(workbook));
  });

  it('is made the same in the browser: the library bundles without Node built-ins and gives the same workbook (every cell, style, merge and print setting; streamed row by row only in Node) and the same Word document', async () => {
    const browser = await importBrowserBundle<typeof import('../../templates/reports/index.ts')>({
      entryPoints: [join(import.meta.dirname, '../../templates/reports/index.ts')],
    });
    const { province, plans } = browser.parseProvinceManifest(fixture.manifest, 'tinh.json');
    const replayed = await browser.provincePlansFromLines(
      plans.map(({ file, ...plan }) => ({ ...plan, lines: readFileSync(join(fixture.dir, file), 'utf8').split('\n').filter(Boolean) })),
      { period, knownAt: KNOWN_AT },
    );
    const input = { province, period, knownAt: KNOWN_AT, config: { periods: {}, document: {} }, plans: replayed };
    expect(await contentDifferenceOf(await browser.consolidatedReportBytes(input), workbook)).toBeNull();
    expect(sha256(await browser.consolidatedDocumentBytes(input))).toBe(sha256(document));
  });

  it('writes the Word document with the same figures: each agency, its PAR level, the lead parts, the overdue items named', async () => {
    const xml = await (await JSZip.loadAsync(document)).file('word/document.xml')!.async('string');
    const words = xml.replace(/<w:p[ >].*?<\/w:p>/gs, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
    const stc = planOf('stc-2021');
    const stcDone = doneOf(stc);
    expect(words).toContain(`4. Sở Tài chính: hoàn thành ${rate(stcDone, 37)}`);
    expect(stcDone * 100 <= 80 * 37).toBe(true);
    expect(words).toMatch(/4\. Sở Tài chính: [^\n]*; mức độ \(Chỉ số PAR\): không đạt điểm \(0 điểm\)\./);
    // The province's plan: Sở Tư pháp's part, done/total, counted from what was recorded.
    const province = planOf('kh-tinh-2021');
    const led = [...province.leads].filter(([, leads]) => leads.includes('Sở Tư pháp')).map(([id]) => id);
    expect(words).toContain(`- Sở Tư pháp: chủ trì ${led.length} nhiệm vụ, đã hoàn thành ${doneOf(province, led)}/${led.length}`);
    expect(words).toContain('SỞ NỘI VỤ');
    expect(words).toContain('UBND TỈNH BẾN TRE');
    expect(words).toContain('Số:        /BC-SNV');
    expect(words).toContain('Sở Xây dựng (sở, ban, ngành): chưa có kế hoạch trong dữ liệu tổng hợp.');
    expect(words).toContain(`4. Sở Tài chính: ${overdueOf(stc).length} nhiệm vụ.`);
    // Named in the appendix: number, text and the plan's row each in its cell.
    const item = stc.imported.items[overdueOf(stc)[0]!]!.definition;
    expect(words).toContain(`4. Sở Tài chính\n${item.numbering}\n${item.text}\n`);
    for (const row of tableOf(readWithSheetJs(workbook).Sheets[PROVENANCE_SHEET_NAME]!, 'Mã kế hoạch')) expect(words).toContain(String(row['Mã băm ghi nhận cuối (SHA-256)']));
  });

  it('refuses a plan whose chain is broken, naming the plan in Vietnamese and English', async () => {
    const file = join(fixture.dir, 'stc-2021.ndjson');
    const good = readFileSync(file, 'utf8');
    const lines = good.split('\n');
    lines[3] = lines[3]!.replace('"status":"done"', '"status":"on_hold"').replace('"status":"in_progress"', '"status":"on_hold"');
    writeFileSync(file, lines.join('\n'));
    try {
      const error = await fromDirectory().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).messageVi).toMatch(/^Kế hoạch "stc-2021": chuỗi không hợp lệ tại ghi nhận số 4 \(tệp .*stc-2021\.ndjson, dòng 4/);
      expect((error as CliError).messageEn).toMatch(/^Plan "stc-2021": the chain is broken at seq 4/);
      // The same from lines, as the service gives them.
      const refused = await provincePlansFromLines([{ id: 'stc-2021', agencyId: 'stc', scope: 'agency', lines: lines.filter(Boolean) }], { period, knownAt: KNOWN_AT }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConsolidationError);
      expect((refused as ConsolidationError).planId).toBe('stc-2021');
    } finally {
      writeFileSync(file, good);
    }
  });

  it('cchc report --province writes the workbook and the Word document beside it', () => {
    const out = join(fixture.dir, 'tong-hop.xlsx');
    const r = runCli(['report', '--province', fixture.manifestFile, '--period', PERIOD, '--known-at', '2021-03-18T10:00', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`SHA-256 ${sha256(workbook)}`);
    expect(r.stdout).toContain(`SHA-256 ${sha256(document)}`);
    expect(sha256(readFileSync(join(fixture.dir, 'tong-hop.docx')))).toBe(sha256(document));
    const both = runCli(['report', join(fixture.dir, 'snv-2021.ndjson'), '--province', fixture.manifestFile, '--period', PERIOD]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Cần đúng một trong ba');
  });
});
