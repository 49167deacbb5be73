/**
 * Builds the `cchc` command line into build/cli/ with esbuild, so that no TypeScript is compiled
 * when it starts: one small entry (and one for the verify pool's worker threads), a chunk per command loaded only when that command runs, the
 * dependencies bundled and minified (less for Node to read and parse at each start).
 * The commands that must start at once (OWN_BUILD_COMMANDS) get a build of their own besides, in
 * build/cli/<command>/: the same entry with that command in it, so that it starts from a handful of
 * modules rather than the few dozen chunks the shared build splits its code into (each module costs
 * Node's loader time of its own: `cchc verify` started an eighth sooner from 6 modules than from 35).
 * Runs in `prepare` (so `npm ci` and `npm install` make it) and in the tests' global set-up:
 *   node --import tsx scripts/build-cli.ts
 * bin/cchc.js runs the build while it is as new as every source it was made from (see sources.json),
 * and the TypeScript sources through tsx otherwise.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { BUILD_SOURCES_FILE, OWN_BUILD_COMMANDS } from '../bin/built-cli.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// Two levels down, as cli/commands/ is: a path a module names relative to itself ('../../samples/…'
// in the demo) is the same file from the build (the demo's test runs the build). A command's own
// build is a level deeper: none of those commands names such a path.
export const CLI_BUILD_DIR = join(ROOT, 'build', 'cli');

const MAIN = join(ROOT, 'cli', 'main.ts');
// The verify pool's worker threads load a module of their own, from beside the pool's (cli/verify-pool.ts).
const WORKER = join(ROOT, 'cli', 'verify-worker.ts');

const OPTIONS: BuildOptions = {
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
};

/** Builds into `outDir` (replacing what was there) and lists the files it was made from in `outDir/sources.json`. */
export async function buildCli(outDir: string = CLI_BUILD_DIR): Promise<void> {
  // Built aside, then put in place: a `cchc` running meanwhile keeps finding every chunk it loads.
  const partial = `${outDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const builds = [
    bundle(partial, [MAIN, WORKER]),
    ...OWN_BUILD_COMMANDS.map(async (command) => {
      const dir = join(partial, command);
      // The worker alone, unsplit: split with the entry, their shared code would be chunks again.
      const [entry, worker] = await Promise.all([bundle(dir, [MAIN], [onlyCommand(command)]), bundle(dir, [WORKER], [], { splitting: false })]);
      return { ...entry, ...worker };
    }),
  ];
  const [whole, ...own] = await Promise.all(builds);
  writeSources(partial, whole!);
  OWN_BUILD_COMMANDS.forEach((command, i) => writeSources(join(partial, command), own[i]!));
  rmSync(outDir, { recursive: true, force: true });
  renameSync(partial, outDir);
}

/**
 * Bundles `entryPoints` for Node into `outdir` as the command line is built (the same options and
 * plugins): how bench/ledger.ts runs what `cchc` runs.
 */
export function bundleForNode(entryPoints: string[] | Record<string, string>, outdir: string) {
  return build({ ...OPTIONS, entryPoints, outdir, plugins: [commanderChildProcessOnUse] });
}

async function bundle(outdir: string, entryPoints: string[], plugins: Plugin[] = [], options: BuildOptions = {}): Promise<Metafile['inputs']> {
  const result = await build({ ...OPTIONS, ...options, entryPoints, outdir, plugins: [commanderChildProcessOnUse, ...plugins] });
  return result.metafile!.inputs;
}

/**
 * commander loads node:child_process as it starts, for executable subcommands, which cchc has none of:
 * it gets the module when it first uses it instead (a few ms of every start, `--help` included).
 */
const commanderChildProcessOnUse: Plugin = {
  name: 'commander-child-process-on-use',
  setup(on) {
    on.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'on-use' } : undefined,
    );
    on.onLoad({ filter: /.*/, namespace: 'on-use' }, () => ({
      loader: 'js',
      contents: "let loaded;\nmodule.exports = new Proxy({}, { get: (_, name) => (loaded ??= require('node:child_process'))[name] });\n",
    }));
  },
};

/** The command list with `command` alone in it, its module bundled with the entry rather than loaded by import(). */
function onlyCommand(command: string): Plugin {
  const commandsList = join(ROOT, 'cli', 'commands', 'index.ts');
  return {
    name: `only-${command}`,
    setup(on) {
      on.onLoad({ filter: /[\\/]cli[\\/]commands[\\/]index\.ts$/ }, (args) => {
        if (resolve(args.path) !== commandsList) return undefined;
        const module = JSON.stringify(`./${command}.ts`);
        return {
          loader: 'ts',
          resolveDir: join(ROOT, 'cli', 'commands'),
          contents: `import * as command from ${module};\nexport const commandModules = [{ name: ${JSON.stringify(command)}, summary: '', load: async () => command }];\n`,
        };
      });
    },
  };
}

/** The sources a build was made from, ours only (node_modules changes with package-lock.json; a module made here is "namespace:name"). */
function writeSources(dir: string, inputs: Metafile['inputs']): void {
  const sources = Object.keys(inputs)
    .filter((input) => !/^[\w-]+:/.test(input))
    .map((input) => relative(ROOT, resolve(process.cwd(), input)))
    .filter((input) => !input.startsWith('node_modules'))
    // The build's own recipe too: a change to it (a command given a build of its own …) is a new build.
    .concat('package-lock.json', 'scripts/build-cli.ts', 'bin/built-cli.js')
    .sort();
  writeFileSync(join(dir, BUILD_SOURCES_FILE), `${JSON.stringify({ sources: [...new Set(sources)] }, null, 1)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli();
