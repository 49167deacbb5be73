import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from 'xlsx';
import { replay } from '../../ledger/replay.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { verify, type VerifyResult } from '../../ledger/verify.ts';
import { periodReportBytes } from '../../templates/reports/period-report.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { contentDifference, workbookContent, type ContentDifference } from '../../templates/reports/workbook-content.ts';

/** The verification of an in-memory ledger, as `cchc verify` would give it. */
export function verifyEvents(events: readonly LedgerEvent[]): Promise<VerifyResult> {
  return verify(events.map((e, i) => ({ value: JSON.parse(JSON.stringify(e)) as unknown, where: { key: i + 1 } })));
}

/** A period report's bytes for the scenario, as `cchc report` makes it. */
export async function reportFor(events: readonly LedgerEvent[], periodId: string, knownAt: string, configJson: unknown = {}): Promise<Uint8Array> {
  const config = ReportConfig.parse(configJson);
  const period = resolvePeriod(periodId, config)!;
  const state = replay(events, { knownAt, validAt: period.to });
  return periodReportBytes({ state, events, period, config, verification: await verifyEvents(events) });
}

/** SheetJS, an independent reader, with number formats. */
export const readWithSheetJs = (bytes: Uint8Array): XLSX.WorkBook => XLSX.read(bytes, { type: 'array', cellNF: true, cellStyles: true });

export async function readWithExcelJs(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}

/** Every part of the xlsx package, as text. */
export async function xlsxParts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) parts.set(name, await entry.async('string'));
  return parts;
}

/** The part name of a sheet, by its name, from workbook.xml and its relationships. */
export function sheetPart(parts: Map<string, string>, sheetName: string): string {
  const workbook = parts.get('xl/workbook.xml')!;
  const rels = parts.get('xl/_rels/workbook.xml.rels')!;
  const escaped = sheetName.replace(/&/g, '&amp;').replace(/'/g, '&apos;');
  const element = [...workbook.matchAll(/<sheet [^>]*\/>/g)].map((m) => m[0]).find((e) => e.includes(`name="${escaped}"`));
  const rid = element && /r:id="([^"]+)"/.exec(element)?.[1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  if (!target) throw new Error(`no sheet ${sheetName}`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/**
 * The rows of the table whose header row has `firstHeader` in column A or B, as objects keyed by
 * header text, read with SheetJS (raw values), up to the first empty row.
 */
export function tableOf(sheet: XLSX.WorkSheet, headerInColumnB: string): Array<Record<string, unknown>> {
  const range = XLSX.utils.decode_range(sheet['!ref']!);
  let header = -1;
  for (let r = range.s.r; r <= range.e.r && header < 0; r++) {
    if (sheet[XLSX.utils.encode_cell({ r, c: 1 })]?.v === headerInColumnB) header = r;
  }
  if (header < 0) throw new Error(`no header ${headerInColumnB}`);
  const names: string[] = [];
  for (let c = range.s.c; c <= range.e.c; c++) names.push(String(sheet[XLSX.utils.encode_cell({ r: header, c })]?.v ?? ''));
  const rows: Array<Record<string, unknown>> = [];
  for (let r = header + 1; r <= range.e.r; r++) {
    const label = sheet[XLSX.utils.encode_cell({ r, c: 1 })];
    if (!label) break;
    const row: Record<string, unknown> = {};
    names.forEach((name, c) => {
      if (name) row[name] = sheet[XLSX.utils.encode_cell({ r, c })]?.v ?? null;
    });
    rows.push(row);
  }
  return rows;
}

/** Where two workbooks' contents first differ (templates/reports/workbook-content.ts), null when they hold the same. */
export async function contentDifferenceOf(a: Uint8Array, b: Uint8Array): Promise<ContentDifference | null> {
  return contentDifference(await workbookContent(a), await workbookContent(b));
}
