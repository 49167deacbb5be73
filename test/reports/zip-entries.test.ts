import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { reportFor } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const zone = process.env['TZ'];

describe('the report zip (zlib-deflated parts, fixed order and times)', () => {
  afterEach(() => {
    if (zone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = zone;
  });

  it("gives the same bytes whatever the machine's time zone, every entry dated knownAt in Vietnam time, in exceljs's part order", async () => {
    const events = await scenarioEvents();
    process.env['TZ'] = 'UTC';
    const utc = await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END);
    process.env['TZ'] = 'America/New_York';
    const newYork = await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END);
    expect(sha256(newYork)).toBe(sha256(utc));

    const zip = await JSZip.loadAsync(utc);
    const names = Object.keys(zip.files);
    expect(names.slice(0, 4)).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml']);
    expect(names.at(-1)).toBe('xl/workbook.xml');
    // 2022-01-05T03:00Z is 10:00 in Vietnam (JSZip reads DOS times as UTC fields).
    for (const entry of Object.values(zip.files)) expect(entry.date.toISOString()).toBe('2022-01-05T10:00:00.000Z');
  });
});
