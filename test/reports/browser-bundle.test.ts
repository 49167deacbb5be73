import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { replay } from '../../ledger/replay.ts';
import { ReportConfig } from '../../templates/reports/report-config.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { reportFor, verifyEvents } from './read-back.ts';
import { KNOWN_AT_YEAR_END, scenarioEvents } from './scenario.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('templates/reports in the browser', () => {
  it('bundles for the browser (no Node built-in reachable) and, run from that bundle, writes the very same file', async () => {
    // platform "browser": exceljs and JSZip resolve to their browser builds, and any `fs`, `path`,
    // `crypto` or `node:` import fails the build.
    const result = await build({
      entryPoints: [join(import.meta.dirname, '../../templates/reports/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-bundle-')), 'reports.mjs');
    writeFileSync(file, result.outputFiles[0]!.contents);
    const browser = (await import(pathToFileURL(file).href)) as typeof import('../../templates/reports/index.ts');

    const events = await scenarioEvents();
    const config = ReportConfig.parse({});
    const period = resolvePeriod('2021-Y', config)!;
    const state = replay(events, { knownAt: KNOWN_AT_YEAR_END, validAt: period.to });
    const fromBundle = await browser.periodReportBytes({ state, events, period, config, verification: await verifyEvents(events) });
    expect(sha256(fromBundle)).toBe(sha256(await reportFor(events, '2021-Y', KNOWN_AT_YEAR_END)));
  });
});
