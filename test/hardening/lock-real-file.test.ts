import { linkSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { startLineChild } from '../support/line-child.ts';
import { sampleBodies, sampleEvents, sealAfter } from '../stores/sample-events.ts';

const WRITER = fileURLToPath(new URL('../stores/children/ndjson-writer.ts', import.meta.url));
const startWriter = (args: string[]) => startLineChild(['--import', 'tsx', WRITER, ...args]);

describe('two writers reaching one ledger by different paths take one lock', () => {
  it('a writer through a symbolic link and one through a relative path: one unbroken chain, every event once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-lock-'));
    const file = join(dir, 'ledger.ndjson');
    const link = join(mkdtempSync(join(tmpdir(), 'cchc-lock-link-')), 'so.ndjson');
    symlinkSync(file, link);
    writeFileSync(file, JSON.stringify(sampleEvents(1)[0]) + '\n');
    const a = startWriter(['race', link, 'a-', '60']);
    const b = startWriter(['race', `./${relative(process.cwd(), dir)}/./ledger.ndjson`, 'b-', '60']);
    await Promise.all([a.printed(1), b.printed(1)]);
    a.tell('go\n');
    b.tell('go\n');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea).toMatchObject({ code: 0, stderr: '' });
    expect(eb).toMatchObject({ code: 0, stderr: '' });
    expect(await verify((await NdjsonStore.open(file)).read())).toMatchObject({ ok: true, count: 121 });
    const ids = readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.filter((id) => id.startsWith('a-'))).toHaveLength(60);
    expect(ids.filter((id) => id.startsWith('b-'))).toHaveLength(60);
  }, 120_000);

  it('refuses to append to a ledger that has a second name (a hard link), leaving its bytes as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-lock-'));
    const file = join(dir, 'ledger.ndjson');
    const [first] = sampleEvents(1);
    writeFileSync(file, JSON.stringify(first) + '\n');
    linkSync(file, join(mkdtempSync(join(tmpdir(), 'cchc-lock-hard-')), 'other-name.ndjson'));
    const before = readFileSync(file);
    const store = await NdjsonStore.open(file);
    const head = await store.head();
    const next = sealAfter(sampleBodies({ withPlan: false, changes: ['note'], idPrefix: 'h-' }).next().value!, head);
    await expect(store.append([next], head)).rejects.toThrow(/has 2 names \(hard links\)/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
