import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditWorkbookBytes } from '../../templates/reports/audit-workbook.ts';
import { reportFor, verifyEvents, xlsxParts } from './read-back.ts';
import { KNOWN_AFTER_LATE_RECORD, KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

afterEach(() => {
  vi.useRealTimers();
});

describe('reports are reproducible: same ledger, period and knownAt, same bytes', () => {
  it('writes the same bytes at two different moments (so the SHA-256 can anchor the report)', async () => {
    const events = await scenarioEvents();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2023-05-01T01:02:03.000Z'));
    const first = await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END);
    vi.setSystemTime(new Date('2024-11-30T17:45:59.000Z'));
    const second = await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END);
    vi.useRealTimers();
    expect(sha256(second)).toBe(sha256(first));
    // What differs when knownAt differs: the data, and the stamps.
    const other = await reportFor(events, '2021-Y', '2022-01-06T03:00:00.000Z');
    expect(sha256(other)).not.toBe(sha256(first));
  });

  it('stamps the package with knownAt: document properties and zip entry times, no "now"', async () => {
    const events = await scenarioEvents();
    const bytes = await reportFor(events, '2021-Q1', KNOWN_AFTER_LATE_RECORD);
    const parts = await xlsxParts(bytes);
    const core = parts.get('docProps/core.xml')!;
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2021-03-25T03:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2021-03-25T03:00:00Z</dcterms:modified>');
    // Every zip entry's DOS time is 25/03/2021 10:00:00 (knownAt in Vietnam): read it from the central directory.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const times = new Set<string>();
    for (let i = 0; i + 46 <= bytes.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const time = view.getUint16(i + 12, true);
      const date = view.getUint16(i + 14, true);
      times.add(`${(date >> 9) + 1980}-${(date >> 5) & 15}-${date & 31} ${time >> 11}:${(time >> 5) & 63}:${(time & 31) * 2}`);
    }
    expect([...times]).toEqual(['2021-3-25 10:0:0']);
    // No random ids anywhere: exceljs gives an extended data bar a random {GUID} as its x14 id.
    for (const [name, text] of parts) expect(text, name).not.toMatch(/x14:id>|id="\{[0-9A-F]{8}-/);
  });

  it('the audit workbook of a ledger is the same file every time', async () => {
    const events = await scenarioEvents();
    const verification = await verifyEvents(events);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2023-05-01T01:02:03.000Z'));
    const first = await auditWorkbookBytes(events, verification);
    vi.setSystemTime(new Date('2025-02-03T04:05:06.000Z'));
    const second = await auditWorkbookBytes(events, verification);
    expect(sha256(second)).toBe(sha256(first));
  });
});
