import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../server/db/pglite-database.ts';
import { startLineChild, type LineChild } from '../support/line-child.ts';

const OPENER = new URL('./support/hold-embedded-database.ts', import.meta.url).pathname;
const children: LineChild[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** A separate process that opens the embedded database in `dir`, prints one line, and keeps it open. */
async function holder(dir: string): Promise<LineChild> {
  const child = startLineChild(['--import', 'tsx', OPENER, dir]);
  children.push(child);
  await child.printed(1);
  return child;
}

/**
 * The lock as its holder last refreshed it, just now: on a loaded machine a holder's refresh can
 * come late enough for the lock to look stale already, which is not what these tests are about.
 */
function freshen(dir: string): void {
  const now = new Date();
  utimesSync(`${dir}.lock`, now, now);
}

describe("the embedded database's lock", () => {
  it('refuses a second program at once, naming the one that holds it', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cchc-lock-')), 'data');
    const running = await holder(dir);
    freshen(dir);
    const waits: string[] = [];
    const opening = openEmbeddedDatabase(dir, { onWait: (vi) => waits.push(vi) });
    await expect(opening).rejects.toMatchObject({ messageVi: expect.stringContaining(`đang được một chương trình khác dùng (PID ${running.pid})`) });
    await expect(opening).rejects.toMatchObject({ messageEn: expect.stringContaining(`in use by another program (PID ${running.pid})`) });
    expect(waits).toEqual([]);
  });

  it('after its holder is killed, waits for the dead lock to expire and opens, saying so, with the data intact', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cchc-lock-')), 'data');
    const crashed = await holder(dir);
    crashed.kill();
    expect((await crashed.exited).signal).toBe('SIGKILL');
    const waits: string[] = [];
    freshen(dir);
    const db = await openEmbeddedDatabase(dir, { onWait: (_vi, en) => waits.push(en) });
    try {
      expect(waits).toEqual([expect.stringContaining(`(PID ${crashed.pid}) stopped abruptly; waiting for its lock to expire`)]);
      expect(await db.query('select note from kept')).toEqual([{ note: 'written before the crash' }]);
    } finally {
      await db.close();
    }
    // Released on close: the next program opens without waiting.
    const again = await openEmbeddedDatabase(dir, { onWait: () => expect.unreachable('no wait after a clean close') });
    await again.close();
  });
});
