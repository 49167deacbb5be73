// Whether the built command line (build/cli/, made by scripts/build-cli.ts) may run: it must exist
// and be as new as every source it was made from, or a developer's edit would run the old code.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUILD_SOURCES_FILE = 'sources.json';

/** Commands with a build of their own besides the whole command line's, in build/cli/<command>/: they start from fewer modules. */
export const OWN_BUILD_COMMANDS = ['verify'];

/** The build that runs `argv`: the command's own where it has one, else the whole command line's (`buildDir`). */
export function buildFor(buildDir, argv) {
  // As cli/main.ts reads the command line: `cchc verify …` and `cchc help verify` both name verify.
  const named = argv[2] === 'help' ? argv[3] : argv[2];
  return OWN_BUILD_COMMANDS.includes(named) ? new URL(`${named}/`, buildDir) : buildDir;
}

/** The built entry's URL when the build in `buildDir` is up to date with the sources under `root`, else null. */
export function freshBuild(buildDir, root) {
  try {
    const entry = new URL('main.js', buildDir);
    const builtAt = statSync(entry).mtimeMs;
    const { sources } = JSON.parse(readFileSync(new URL(BUILD_SOURCES_FILE, buildDir), 'utf8'));
    // Paths as text: a URL made and read back per source cost more than its stat (this runs at every start).
    const rootPath = fileURLToPath(root);
    for (const source of sources) if (statSync(rootPath + source).mtimeMs > builtAt) return null;
    return entry;
  } catch {
    return null; // no build, an unreadable list, or a source gone: run the sources
  }
}
