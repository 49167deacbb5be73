import { mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { embeddedLockStaleMs, openEmbeddedDatabase } from '../../server/db/pglite-database.ts';
import { startLineChild, type LineChild } from '../support/line-child.ts';

const OPENER = new URL('./support/hold-embedded-database.ts', import.meta.url).pathname;
// A dead holder's lock expires after 5 s here instead of 30 s; the holder and the opener agree on it, as they must.
const STALE_S = 5;
const STALE = { lockStaleMs: STALE_S * 1000 };
const children: LineChild[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** A separate process that opens the embedded database in `dir`, prints one line, and keeps it open. */
async function holder(dir: string): Promise<LineChild> {
  const child = startLineChild(['--import', 'tsx', OPENER, dir], { CCHC_EMBEDDED_LOCK_STALE_S: String(STALE_S) });
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
    const opening = openEmbeddedDatabase(dir, { ...STALE, onWait: (vi) => waits.push(vi) });
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
    const db = await openEmbeddedDatabase(dir, { ...STALE, onWait: (_vi, en) => waits.push(en) });
    try {
      expect(waits).toEqual([expect.stringContaining(`(PID ${crashed.pid}) stopped abruptly; waiting for its lock to expire (at most ${STALE_S} s)`)]);
      expect(await db.query('select note from kept')).toEqual([{ note: 'written before the crash' }]);
    } finally {
      await db.close();
    }
    // Released on close: the next program opens without waiting.
    const again = await openEmbeddedDatabase(dir, { ...STALE, onWait: () => expect.unreachable('no wait after a clean close') });
    await again.close();
  });

  it('takes its stale age from CCHC_EMBEDDED_LOCK_STALE_S, 30 s when unset, and refuses a value that is not seconds (2 or more) in both languages', () => {
    expect(embeddedLockStaleMs({})).toBe(30_000);
    expect(embeddedLockStaleMs({ CCHC_EMBEDDED_LOCK_STALE_S: '8' })).toBe(8_000);
    for (const bad of ['abc', '1', '-5']) {
      expect(() => embeddedLockStaleMs({ CCHC_EMBEDDED_LOCK_STALE_S: bad })).toThrow(
        expect.objectContaining({ messageVi: expect.stringContaining(`CCHC_EMBEDDED_LOCK_STALE_S là "${bad}"`), messageEn: expect.stringContaining(`CCHC_EMBEDDED_LOCK_STALE_S is "${bad}"`) }),
      );
    }
  });
});
