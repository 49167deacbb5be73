import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../ledger/replay.ts';
import { writePeriodReport } from '../../templates/reports/period-report.ts';
import { REPORT_WRITER } from '../../templates/reports/report-book.node.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { reportDocumentBytes } from '../../templates/reports/report-docx.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { reportBytesBy } from '../../templates/reports/report-writers.node.ts';
import { importBrowserBundle } from '../support/browser-bundle.ts';
import { reportFor, verifyEvents, contentDifferenceOf } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('templates/reports in the browser', () => {
  it('bundles for the browser (no Node built-in reachable) and, run from that bundle, writes the same workbook (every cell, style, merge, drop-down, format and print setting; rendered from exceljs\'s in-memory model there, streamed row by row in Node) and the very same Word document', async () => {
    const browser = await importBrowserBundle<typeof import('../../templates/reports/index.ts')>({
      entryPoints: [join(import.meta.dirname, '../../templates/reports/index.ts')],
    });

    const events = await scenarioEvents();
    const config = ReportConfig.parse({});
    const period = resolvePeriod('2021-Y', config)!;
    const state = replay(events, { knownAt: KNOWN_AT_YEAR_END, validAt: period.to });
    const fromBundle = await browser.periodReportBytes({ state, events, period, config, verification: await verifyEvents(events) });
    expect(await contentDifferenceOf(fromBundle, await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END))).toBeNull();
    // Other bytes than Node's writer, so the pane's anchor names its own writer, and Node rebuilds that writer's bytes exactly.
    expect(browser.REPORT_WRITER).toBe('exceljs-memory+fflate');
    expect(REPORT_WRITER).toBe('exceljs-stream+zlib');
    expect(sha256(fromBundle)).not.toBe(sha256(await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END)));
    const inputAgain = { state, events, period, config, verification: await verifyEvents(events) };
    expect(sha256(await reportBytesBy('exceljs-memory+fflate', (book) => writePeriodReport(book, inputAgain), state.knownAt))).toBe(sha256(fromBundle));
    // The Word document too.
    const input = { state, events, period, config, verification: await verifyEvents(events) };
    expect(sha256(await browser.reportDocumentBytes(input))).toBe(sha256(await reportDocumentBytes(input)));
  });
});
