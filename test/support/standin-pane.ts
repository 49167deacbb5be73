import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import lockfile from 'proper-lockfile';
import webpack from 'webpack';
import webpackConfig from '../../webpack.config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'cchc-standin-pane');
/** What the pane's build reads: a change to any of these makes a new build. */
const INPUTS = ['addin', 'ledger', 'templates', 'server/protocol', 'assets', 'test/addin/standin', 'webpack.config.js', 'manifest.xml', 'package-lock.json', 'tsconfig.json'];

/** How long a browser test's set-up may wait for the build: minutes of CPU on a loaded two-core machine. */
export const BUILD_TIMEOUT = 20 * 60_000;

/**
 * The production build of the task pane over the stand-in Excel host, made once for every browser
 * test and every run until its sources change (a webpack production build takes minutes on a loaded
 * two-core machine). Test files running at once wait for one build rather than each making its own.
 * Copies the build into `dir`, where a test may add files of its own, and returns `dir`.
 */
export async function standinPaneInto(dir: string): Promise<string> {
  const built = await cachedBuild();
  cpSync(built, dir, { recursive: true });
  return dir;
}

async function cachedBuild(): Promise<string> {
  const target = join(CACHE, sourcesKey());
  if (existsSync(target)) return target;
  mkdirSync(CACHE, { recursive: true });
  // Another test file may be building it: wait for its lock rather than build twice. A build keeps
  // the event loop busy for long stretches on a loaded machine, so the lock is only taken over when
  // its holder has not refreshed it for 10 minutes (it crashed).
  const release = await lockfile.lock(CACHE, { stale: 600_000, update: 10_000, retries: { retries: 1_200, minTimeout: 1_000, maxTimeout: 1_000 } });
  try {
    if (existsSync(target)) return target;
    const partial = `${target}.partial-${process.pid}`;
    await build(partial);
    // Builds of older sources, and what a crashed build left.
    for (const old of readdirSync(CACHE)) if (join(CACHE, old) !== partial) rmSync(join(CACHE, old), { recursive: true, force: true });
    renameSync(partial, target);
    return target;
  } finally {
    await release();
  }
}

async function build(outDir: string): Promise<void> {
  const config = await webpackConfig({ standin: true, outDir }, { mode: 'production' });
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    webpack({ ...config, devtool: false, infrastructureLogging: { level: 'error' } }, (error, result) => (error || !result ? reject(error) : resolve(result))),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
}

function sourcesKey(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const full = join(ROOT, input);
    if (!existsSync(full)) continue;
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
      : [full];
    for (const file of files.sort()) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}
