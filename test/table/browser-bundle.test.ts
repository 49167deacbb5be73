import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../templates/table/read-table.ts';
import { importBrowserBundle } from '../support/browser-bundle.ts';
import { SAMPLES } from './support.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('the table reader in the browser', () => {
  it('bundles for the browser (no Node built-in reachable) and reads the same plan from that bundle', async () => {
    const browser = await importBrowserBundle<
      typeof import('../../templates/table/index.ts') &
        typeof import('../../templates/blank-template/build-template.ts') &
        typeof import('../../templates/import/plan-imported.ts') &
        typeof import('../../templates/import/revise-plan.ts') &
        typeof import('../../templates/import/plan-definition.ts')
    >({
      stdin: {
        contents: [
          "export * from './templates/table/index.ts';",
          "export { buildBlankTemplate } from './templates/blank-template/build-template.ts';",
          "export { planImportedData } from './templates/import/plan-imported.ts';",
          "export { revisePlan } from './templates/import/revise-plan.ts';",
          "export { definitionOf } from './templates/import/plan-definition.ts';",
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
      },
    });

    for (const path of [SAMPLES.gialaiXlsx, SAMPLES.bentreText]) {
      const bytes = new Uint8Array(readFileSync(path));
      const inBrowser = await browser.readTable(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), 'x');
      expect(inBrowser).toEqual(await readTable(bytes, 'x'));
      const data = browser.planImportedData(inBrowser, { name: 'x', sha256: 'c'.repeat(64) });
      expect(browser.revisePlan(data, browser.definitionOf(inBrowser), { document: { kind: 'Kế hoạch' } })).toBeNull();
    }
    const template = await browser.readTable(await browser.buildBlankTemplate(), 'template.xlsx');
    expect(template.counts.items).toBe(0);
  });
});
