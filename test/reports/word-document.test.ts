import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { replay } from '../../ledger/replay.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { reportDocumentBytes } from '../../templates/reports/report-docx.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { SUMMARY_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { readWithSheetJs, tableOf, verifyEvents } from './read-back.ts';
import { KNOWN_AFTER_LATE_RECORD, scenarioEvents } from './scenario.ts';

const CONFIG = {
  document: {
    recipients: ['Bộ Nội vụ (b/c)', 'Lưu: VT, SNV'],
    signer: { authority: ['KT. Chủ tịch'], title: 'Phó Chủ tịch', name: 'Nguyễn Văn An' },
  },
};

let events: LedgerEvent[];
let docx: Uint8Array;
let documentXml: string;

async function documentFor(knownAt: string, configJson: unknown = CONFIG): Promise<Uint8Array> {
  const config = ReportConfig.parse(configJson);
  const period = resolvePeriod('2021-Q1', config)!;
  const state = replay(events, { knownAt, validAt: period.to });
  return reportDocumentBytes({ state, events, period, config, verification: await verifyEvents(events) });
}

/** The document's text, paragraph by paragraph. */
const paragraphs = (xml: string): string[] =>
  [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).filter((t) => t !== '');

beforeAll(async () => {
  events = await scenarioEvents();
  docx = await documentFor(KNOWN_AFTER_LATE_RECORD);
  documentXml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
});

describe('the period report as a Word document', () => {
  it('says the result in sentences, by area and by lead agency, names the overdue items, and ends with Nơi nhận and the signature', () => {
    const text = paragraphs(documentXml);
    expect(text).toContain('ỦY BAN NHÂN DÂN TỈNH BẾN TRE');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Bến Tre, ngày 25 tháng 3 năm 2021');
    expect(text.some((p) => p.startsWith('Hoàn thành 3/9 mục theo dõi, đạt 33,33% (2 đúng hạn, 1 quá hạn)'))).toBe(true);
    expect(text).toContain('1. Công tác chỉ đạo, điều hành: hoàn thành 2/3 mục theo dõi, đạt 66,67%.');
    expect(text).toContain('1. Sở Nội vụ: hoàn thành 3/4 mục theo dõi, đạt 75,00%.');
    // C2 is the only overdue item at 14/03/2021: named, with its lead agencies, due date and days.
    expect(text).toContain('- III.2 Rà soát, đánh giá thủ tục hành chính; chủ trì: Các sở, ban, ngành tỉnh, UBND cấp huyện; hạn 10/03/2021, quá hạn 4 ngày.');
    const received = text.indexOf('Nơi nhận:');
    expect(text.slice(received, received + 3)).toEqual(['Nơi nhận:', '- Bộ Nội vụ (b/c);', '- Lưu: VT, SNV.']);
    expect(text).toEqual(expect.arrayContaining(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nguyễn Văn An']));
    // The tables as appendices, attached to this report.
    expect(text).toEqual(expect.arrayContaining(['Phụ lục I', 'Phụ lục II', 'Phụ lục III']));
    expect(text).toContain('(Kèm theo Báo cáo số /BC-UBND ngày 25/03/2021 của Ủy ban nhân dân tỉnh Bến Tre)');
    expect(text).toContain('33,33%');
    expect(documentXml).not.toMatch(/\d\.\d\d%/);
  });

  it('is laid out as Nghị định 30 asks: A4, margins 30/15/20/20 mm, page numbers at the top centre from page 2, text of 11 pt or more, table headers repeated', async () => {
    const zip = await JSZip.loadAsync(docx);
    const sections = [...documentXml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(4);
    sections.forEach((s, i) => {
      expect(s).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
      expect(s).toContain('<w:titlePg/>');
      expect(s).toMatch(i === 0 ? /<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/ : /<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    });
    // The default header: the page number, centred, 13 pt; the first page's header is empty.
    const headers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/header\d+\.xml$/.test(n)).map((n) => zip.file(n)!.async('string')));
    expect(headers.filter((h) => /PAGE/.test(h) && /<w:jc w:val="center"\/>/.test(h) && /<w:sz w:val="26"\/>/.test(h))).toHaveLength(4);
    expect(headers.filter((h) => !/PAGE/.test(h))).toHaveLength(4);
    const sizes = [...documentXml.matchAll(/<w:sz w:val="(\d+)"\/>/g)].map((m) => Number(m[1]) / 2);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    expect(await zip.file('word/styles.xml')!.async('string')).toMatch(/Times New Roman/);
    expect(documentXml.match(/<w:tblHeader\/>/g)).toHaveLength(3);
  });

  it('is the same file every time for the same inputs, dated by knownAt, so its SHA-256 can be anchored', async () => {
    const again = await documentFor(KNOWN_AFTER_LATE_RECORD);
    expect(Buffer.from(again).equals(Buffer.from(docx))).toBe(true);
    const zip = await JSZip.loadAsync(docx);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toMatch(/<dcterms:created[^>]*>2021-03-25T03:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified[^>]*>2021-03-25T03:00:00Z<\/dcterms:modified>/);
    // Another knownAt, another file.
    const later = await documentFor('2021-03-26T03:00:00.000Z');
    expect(Buffer.from(later).equals(Buffer.from(docx))).toBe(false);
  });

  it('cchc report writes it beside the workbook, with the decimal comma on an English machine, and --anchor records both files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-docx-'));
    const ledger = join(dir, 'so.ndjson');
    writeFileSync(ledger, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const out = join(dir, 'bao-cao-2021-Q1.xlsx');
    const bin = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));
    const r = spawnSync(
      process.execPath,
      [bin, 'report', ledger, '--period', '2021-Q1', '--known-at', '2021-03-25T10:00', '--out', out, '--anchor', '--actor', 'Nguyễn Thị Lan', '--unit', 'Sở Nội vụ'],
      { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8', NO_COLOR: '1' } },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const total = tableOf(readWithSheetJs(new Uint8Array(readFileSync(out))).Sheets[SUMMARY_SHEET_NAME]!, 'Lĩnh vực').at(-1)!;
    expect(total['Tỷ lệ hoàn thành']).toBe('33,33%');
    const documentFile = join(dir, 'bao-cao-2021-Q1.docx');
    const sha256 = createHash('sha256').update(readFileSync(documentFile)).digest('hex');
    expect(r.stdout).toContain(`SHA-256 ${sha256}`);
    const anchor = JSON.parse(readFileSync(ledger, 'utf8').trim().split('\n').at(-1)!);
    expect(anchor).toMatchObject({ type: 'report.issued', data: { file: { name: 'bao-cao-2021-Q1.xlsx' }, document: { name: 'bao-cao-2021-Q1.docx', sha256 } } });
  });
});
