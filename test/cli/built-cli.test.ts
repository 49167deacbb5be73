import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_SOURCES_FILE, buildFor, freshBuild, OWN_BUILD_COMMANDS } from '../../bin/built-cli.js';
import { buildCli } from '../../scripts/build-cli.ts';

const SAMPLE = new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url).pathname;
let dir: string;
let built: string;
const run = (args: string[], entry = join(built, 'main.js')) => {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-built-'));
  built = join(dir, 'build');
  await buildCli(built);
}, 300_000);

describe('the built command line (what bin/cchc.js runs after npm ci)', () => {
  it('runs without TypeScript: help, import of a real table (exceljs bundled), record, verify', () => {
    expect(readFileSync(join(built, 'main.js'), 'utf8')).not.toMatch(/from ['"](tsx|typescript)/);
    const help = run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('verify');
    const ledger = join(dir, 'so.ndjson');
    const key = join(dir, 'lan.key');
    const lan = ['--actor', 'Nguyễn Thị Lan', '--unit', 'Sở Nội vụ', '--key', key];
    expect(run(['key', 'new', '--name', 'Nguyễn Thị Lan', '--unit', 'Sở Nội vụ', '--out', key]).code).toBe(0);
    const imported = run(['import', SAMPLE, '--ledger', ledger, ...lan]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(run(['record', ledger, '--item', '1.1', '--status', 'done', '--effective', '2021-03-15', ...lan]).code).toBe(0);
    const verified = run(['verify', ledger]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Chuỗi hợp lệ: 3 ghi nhận/); // the importer's key, the plan, the record

    // verify's own build (build/cli/verify/) answers as the whole command line does, broken ledgers and help included.
    const own = join(built, 'verify', 'main.js');
    const broken = join(dir, 'broken.ndjson');
    writeFileSync(broken, readFileSync(ledger, 'utf8').replace('"done"', '"xong"'));
    for (const args of [['verify', ledger], ['verify', ledger, '--json'], ['verify', broken], ['verify', SAMPLE], ['verify'], ['help', 'verify'], ['verify', '--help']]) {
      expect(run(args, own), args.join(' ')).toEqual(run(args));
    }
    expect(run(['verify', broken], own).stdout).toContain('[schema]');
  });

  it('lists the sources it was made from, ours only, so a stale build is noticed', () => {
    const { sources } = JSON.parse(readFileSync(join(built, BUILD_SOURCES_FILE), 'utf8')) as { sources: string[] };
    expect(sources).toEqual(expect.arrayContaining(['cli/main.ts', 'cli/commands/verify.ts', 'ledger/verify.ts', 'package-lock.json']));
    expect(sources.filter((s) => s.startsWith('node_modules') || s.startsWith('/'))).toEqual([]);
    // Every one is a file: a build just made is taken as fresh, the whole and each command's own.
    const root = new URL('../../', import.meta.url);
    for (const build of [built, ...OWN_BUILD_COMMANDS.map((command) => join(built, command))]) {
      expect(freshBuild(pathToFileURL(`${build}/`), root)?.href, build).toBe(pathToFileURL(join(build, 'main.js')).href);
    }
  });
});

describe('buildFor', () => {
  const whole = new URL('file:///app/build/cli/');
  it("runs a command that has a build of its own from it, `cchc help <command>` too, and everything else from the whole command line's", () => {
    expect(OWN_BUILD_COMMANDS).toContain('verify');
    expect(buildFor(whole, ['node', 'cchc', 'verify', 'so.ndjson']).href).toBe('file:///app/build/cli/verify/');
    expect(buildFor(whole, ['node', 'cchc', 'help', 'verify']).href).toBe('file:///app/build/cli/verify/');
    for (const args of [['log', 'so.ndjson'], ['--help'], [], ['help'], ['verfy', 'so.ndjson'], ['help', 'log']]) {
      expect(buildFor(whole, ['node', 'cchc', ...args]).href, args.join(' ')).toBe(whole.href);
    }
  });
});

describe('freshBuild', () => {
  it('takes the build while no source is newer, and the sources once one is edited or gone', () => {
    const root = mkdtempSync(join(tmpdir(), 'cchc-fresh-'));
    const build = join(root, 'build');
    mkdirSync(join(root, 'cli'));
    mkdirSync(build);
    writeFileSync(join(root, 'cli', 'main.ts'), '');
    writeFileSync(join(build, 'main.js'), '');
    writeFileSync(join(build, BUILD_SOURCES_FILE), JSON.stringify({ sources: ['cli/main.ts'] }));
    const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
    utimesSync(join(root, 'cli', 'main.ts'), at(0), at(0));
    utimesSync(join(build, 'main.js'), at(10), at(10));
    const fresh = () => freshBuild(pathToFileURL(`${build}/`), pathToFileURL(`${root}/`));
    expect(fresh()?.href).toBe(pathToFileURL(join(build, 'main.js')).href);
    utimesSync(join(root, 'cli', 'main.ts'), at(20), at(20));
    expect(fresh()).toBeNull();
    utimesSync(join(root, 'cli', 'main.ts'), at(0), at(0));
    rmSync(join(root, 'cli', 'main.ts'));
    expect(fresh()).toBeNull();
    rmSync(build, { recursive: true });
    expect(fresh()).toBeNull();
  });
});
