/**
 * Builds the `cchc` command line into build/cli/ with esbuild, so that no TypeScript is compiled
 * when it starts: one small entry (and one for the verify pool's worker threads), a chunk per command loaded only when that command runs, the
 * dependencies bundled and minified (less for Node to read and parse at each start).
 * Runs in `prepare` (so `npm ci` and `npm install` make it) and in the tests' global set-up:
 *   node --import tsx scripts/build-cli.ts
 * bin/cchc.js runs the build while it is as new as every source it was made from (see sources.json),
 * and the TypeScript sources through tsx otherwise.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUILD_SOURCES_FILE } from '../bin/built-cli.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Two levels down, as cli/commands/ is: a path a module names relative to itself ('../../samples/…'
// in the demo) is the same file from the build (the demo's test runs the build).
export const CLI_BUILD_DIR = join(ROOT, 'build', 'cli');

/** Builds into `outDir` (replacing what was there) and lists the files it was made from in `outDir/sources.json`. */
export async function buildCli(outDir: string = CLI_BUILD_DIR): Promise<void> {
  // Built aside, then put in place: a `cchc` running meanwhile keeps finding every chunk it loads.
  const partial = `${outDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  // The verify pool's worker threads load a module of their own (cli/verify-pool.ts).
  const result = await bundleForNode([join(ROOT, 'cli', 'main.ts'), join(ROOT, 'cli', 'verify-worker.ts')], partial);
  const sources = Object.keys(result.metafile.inputs)
    .map((input) => relative(ROOT, resolve(process.cwd(), input)))
    .filter((input) => !input.startsWith('node_modules'))
    .concat('package-lock.json')
    .sort();
  writeFileSync(join(partial, BUILD_SOURCES_FILE), `${JSON.stringify({ sources }, null, 1)}\n`);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(partial, outDir);
}

/**
 * Bundles `entryPoints` for Node into `outdir` as the command line is built: ESM, chunks shared
 * between entries, dependencies bundled and minified. Also how bench/ledger.ts runs what `cchc` runs.
 */
export function bundleForNode(entryPoints: string[] | Record<string, string>, outdir: string) {
  return build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // ESM builds first: jsonc-parser's CommonJS build is UMD, whose require() of its own files a bundle cannot follow.
    mainFields: ['module', 'main'],
    minify: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled CommonJS packages (exceljs ...) call require() for Node's own modules.
    banner: { js: "import { createRequire as __cchcCreateRequire } from 'node:module'; const require = __cchcCreateRequire(import.meta.url);" },
    // jsonc-parser's "main" is a UMD build whose require() of its own parts esbuild cannot follow.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // PGlite loads its WebAssembly and data files from beside its own module: it is read from node_modules.
    external: ['@electric-sql/pglite'],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
