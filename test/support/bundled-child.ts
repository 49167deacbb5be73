import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

/**
 * A child script bundled into one ES module for `node` to run directly: a test that starts it
 * many times pays for its work, not for compiling TypeScript at every start (`--import tsx`).
 */
export async function bundledChild(source: string): Promise<string> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'cchc-child-')), `${basename(source, '.ts')}.mjs`);
  await build({
    entryPoints: [source],
    bundle: true,
    platform: 'node',
    format: 'esm',
    // ESM builds first: jsonc-parser's CommonJS build is UMD, whose require() of its own files a bundle cannot follow.
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'error',
    // proper-lockfile is CommonJS and requires Node's modules by name.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}
