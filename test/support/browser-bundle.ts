import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/**
 * Bundles code as a browser would get it (platform "browser": exceljs and JSZip resolve to their
 * browser builds, and any `fs`, `path`, `crypto` or `node:` import fails the build), then imports
 * that bundle, so a test can run the browser's copy of the code next to Node's.
 */
export async function importBrowserBundle<T>(source: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<T> {
  // esbuild rejects when the bundle has errors: a Node-only import fails the test here.
  const result = await build({ ...source, bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  const file = join(mkdtempSync(join(tmpdir(), 'cchc-bundle-')), 'bundle.mjs');
  writeFileSync(file, result.outputFiles![0]!.contents);
  return (await import(pathToFileURL(file).href)) as T;
}
