import { freshBuild } from '../../bin/built-cli.js';
import { buildCli } from '../../scripts/build-cli.ts';

/**
 * vitest's global set-up: the tests run `cchc` as users do, through bin/cchc.js, so the built
 * command line is brought up to date once before any test file runs (a few seconds of esbuild)
 * rather than every call compiling the TypeScript sources.
 */
export default async function setup(): Promise<void> {
  const root = new URL('../../', import.meta.url);
  if (!freshBuild(new URL('build/cli/', root), root)) await buildCli();
}
