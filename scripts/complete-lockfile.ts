/**
 * `npm install` here leaves out of package-lock.json the optional platform packages that this
 * workplace's registry does not serve (rollup's builds for macOS, Windows, musl ...), and `npm ci`
 * then refuses the lock file as out of sync. This puts those entries back — version, os, cpu, libc,
 * no tarball — so `npm ci` skips them by platform here and fetches the right one elsewhere.
 * Run after any `npm install` that changes the lock file:  node --import tsx scripts/complete-lockfile.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
const packages = lock.packages;

/** os, cpu and libc from a platform package's name: "@rollup/rollup-linux-arm64-musl". */
function platformOf(name: string): Record<string, string[]> | null {
  const m = /-(android|darwin|freebsd|linux|openbsd|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/.exec(name);
  if (!m) return null;
  const libc = m[1] === 'linux' ? (m[3]?.startsWith('musl') ? ['musl'] : ['glibc']) : undefined;
  return { os: [m[1]!], cpu: [m[2]!], ...(libc && { libc }) };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[at] || packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+$/.test(range)) continue;
    packages[`node_modules/${name}`] = { version: range, ...(entry.dev && { dev: true }), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`package-lock.json: ${added} optional platform packages put back\n`);
