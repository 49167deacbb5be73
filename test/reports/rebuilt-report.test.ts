import { describe, expect, it } from 'vitest';
import { replay } from '../../ledger/replay.ts';
import { writePeriodReport, type PeriodReportInput } from '../../templates/reports/period-report.ts';
import { checkRebuiltReport } from '../../templates/reports/rebuilt-report.node.ts';
import { REPORT_WRITER } from '../../templates/reports/report-book.node.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { issuedReport } from '../../templates/reports/report-issued.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { reportBytesBy } from '../../templates/reports/report-writers.node.ts';
import { verifyEvents } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

async function yearInput(): Promise<PeriodReportInput> {
  const events = await scenarioEvents();
  const config = ReportConfig.parse({});
  const period = resolvePeriod('2021-Y', config)!;
  return { state: replay(events, { knownAt: KNOWN_AT_YEAR_END, validAt: period.to }), events, period, config, verification: await verifyEvents(events) };
}

describe('an issued workbook against the report built again (checkRebuiltReport)', () => {
  it('the anchor names the writer; each writer is rebuilt byte for byte, a recorded writer giving other bytes passes on the same content only', async () => {
    const input = await yearInput();
    const write = (book: Parameters<typeof writePeriodReport>[0]) => writePeriodReport(book, input);
    const issued = await issuedReport(input, input.state.knownAt, 'bao-cao-2021-Y.xlsx');
    expect(issued.anchor.writer).toBe(REPORT_WRITER);
    expect(await checkRebuiltReport(issued.workbook.bytes, issued.anchor.writer, write, input.state.knownAt)).toEqual({ same: 'bytes', writer: 'exceljs-stream+zlib' });

    // The task pane's file (its writer, as the browser bundle writes it: test/reports/browser-bundle.test.ts).
    const pane = await reportBytesBy('exceljs-memory+fflate', write, input.state.knownAt);
    expect(await checkRebuiltReport(pane, 'exceljs-memory+fflate', write, input.state.knownAt)).toEqual({ same: 'bytes', writer: 'exceljs-memory+fflate' });
    // Anchored before writers were recorded: each writer is tried.
    expect(await checkRebuiltReport(pane, undefined, write, input.state.knownAt)).toEqual({ same: 'bytes', writer: 'exceljs-memory+fflate' });
    // Named wrongly (or another zlib): other bytes, the same content, said so with the writer recorded.
    expect(await checkRebuiltReport(pane, 'exceljs-stream+zlib', write, input.state.knownAt)).toEqual({ same: 'content', writer: 'exceljs-stream+zlib' });
    // Another report's content is no match, named at its first differing cell.
    const otherWrite = (book: Parameters<typeof writePeriodReport>[0]) => writePeriodReport(book, { ...input, config: ReportConfig.parse({ document: { signer: { title: 'PHÓ CHỦ TỊCH', name: 'Người Khác' } } }) });
    const other = await checkRebuiltReport(await reportBytesBy('exceljs-stream+zlib', otherWrite, input.state.knownAt), undefined, write, input.state.knownAt);
    expect(other.same).toBe(false);
    expect(other.same === false && other.difference.sheet).toBe('Báo cáo');
  }, 120_000);
});
