import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { replay } from '../../ledger/replay.ts';
import { normalizeText, seal } from '../../ledger/seal.ts';
import { buildPeriodReport, CHANGES_SHEET_NAME, periodReportBytes, type PeriodReportInput } from '../../templates/reports/period-report.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { workbookBytes } from '../../templates/reports/workbook-bytes.ts';
import { sheetPart, contentDifferenceOf } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The scenario, then `count` long progress notes sealed onto its chain: a changes sheet of several megabytes. */
async function longLedger(count: number): Promise<LedgerEvent[]> {
  const events = await scenarioEvents();
  const items = ['A1', 'A2', 'B1', 'C1', 'C2', 'C2b'];
  const from = Date.parse('2021-10-03T01:00:00.000Z');
  for (let n = 0; n < count; n++) {
    const last = events.at(-1)!;
    events.push(
      seal(
        normalizeText({
          v: last.v,
          seq: last.seq + 1,
          id: `note-${n}`,
          prev: last.hash,
          type: 'progress.noted',
          at: new Date(from + n * 60_000).toISOString(),
          actor: last.actor,
          data: { item: items[n % items.length]!, note: `Ghi nhận số ${n}: ${'đã triển khai các nội dung của kế hoạch, báo cáo kết quả định kỳ; '.repeat(4)}`, percent: n % 100 },
        }) as never,
      ),
    );
  }
  return events;
}

describe('the period report streamed row by row (Node)', () => {
  it('deflates a sheet of several megabytes in pieces that read back as one part, holding what the in-memory build holds, the same bytes every time', async () => {
    const events = await longLedger(4000);
    const config = ReportConfig.parse({});
    const period = resolvePeriod('2021-Y', config)!;
    const state = replay(events, { knownAt: KNOWN_AT_YEAR_END, validAt: period.to });
    const input: PeriodReportInput = { state, events, period, config, verification: { ok: true, count: events.length, head: state.head } };

    const streamed = await periodReportBytes(input);
    // JSZip inflates every part on its own and checks its CRC-32.
    const zip = await JSZip.loadAsync(streamed, { checkCRC32: true });
    const parts = new Map<string, string>();
    for (const [name, entry] of Object.entries(zip.files)) parts.set(name, await entry.async('string'));
    const changes = parts.get(sheetPart(parts, CHANGES_SHEET_NAME))!;
    expect(changes.length).toBeGreaterThan(2 << 20); // more than two pieces of about 1 MB
    expect(changes).toMatch(/<\/sheetData>.*<headerFooter differentFirst="1">.*<\/worksheet>$/s);

    expect(await contentDifferenceOf(streamed, await workbookBytes(buildPeriodReport(input), state.knownAt))).toBeNull();
    expect(sha256(await periodReportBytes(input))).toBe(sha256(streamed));
  });
});
