import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { inPool } from '../reliability/support/run-command.ts';
import { bundledChild } from '../support/bundled-child.ts';
import { startLineChild } from '../support/line-child.ts';
import { sampleBodies, sampleEvents, sealAfter } from './sample-events.ts';

const WRITER = fileURLToPath(new URL('./children/ndjson-writer.ts', import.meta.url));
const TRIALS = 10;
let writer: string;
beforeAll(async () => {
  writer = await bundledChild(WRITER);
}, 60_000);
const startWriter = (args: string[]) => startLineChild([writer, ...args]);

describe('NDJSON ledger across processes', () => {
  it(`keeps every acknowledged event through ${TRIALS} kills (SIGKILL) at random moments`, async () => {
    // Two trials at a time: most of a trial is waiting (for the writer, then for its dead lock to go stale).
    await inPool(Array.from({ length: TRIALS }, (_, i) => i), 2, async (trial) => {
      const file = join(mkdtempSync(join(tmpdir(), 'cchc-crash-')), 'ledger.ndjson');
      const writer = startWriter(['crash', file]);
      await writer.printed(1);
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      writer.kill();
      const { signal } = await writer.exited;
      expect(signal).toBe('SIGKILL');
      const acknowledged = writer.lines.filter(Boolean).map(Number);
      expect(acknowledged.length).toBeGreaterThan(0);

      const store = await NdjsonStore.open(file, { lockStaleMs: 2000 });
      if (store.tornTail) {
        const torn = store.tornTail;
        const moved = await store.repair();
        expect(moved).toMatchObject({ byte: torn.byte, length: torn.length });
        expect(existsSync(moved!.movedTo)).toBe(true);
      }
      const result = await verify(store.read());
      if (!result.ok) throw new Error(`trial ${trial}: ${result.code} at seq ${result.seq}: ${result.message_en}`);
      // The chain is unbroken from 1, so every acknowledged seq up to the last is present.
      expect(result.count).toBeGreaterThanOrEqual(Math.max(...acknowledged));
      expect(acknowledged).toEqual(acknowledged.map((_, i) => i + 1));

      // The ledger takes appends again (the dead writer's lock goes stale and is taken over).
      const [body] = [sampleBodies({ withPlan: false, changes: ['note'], idPrefix: 'after-', start: '2025-01-01T00:00:00.000Z' }).next().value!];
      await store.append([sealAfter(body, result.head)], result.head);
      expect(await verify(store.read())).toMatchObject({ ok: true, count: result.count + 1 });
    });
  }, 240_000);

  it('two processes appending 100 events each with retries make one unbroken chain of 201', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cchc-race-')), 'ledger.ndjson');
    writeFileSync(file, JSON.stringify(sampleEvents(1)[0]) + '\n');
    const a = startWriter(['race', file, 'a-', '100']);
    const b = startWriter(['race', file, 'b-', '100']);
    await Promise.all([a.printed(1), b.printed(1)]);
    a.tell('go\n');
    b.tell('go\n');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea).toMatchObject({ code: 0, stderr: '' });
    expect(eb).toMatchObject({ code: 0, stderr: '' });

    const result = await verify((await NdjsonStore.open(file)).read());
    expect(result).toMatchObject({ ok: true, count: 201 });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.filter((id) => id.startsWith('a-'))).toHaveLength(100);
    expect(ids.filter((id) => id.startsWith('b-'))).toHaveLength(100);
    // Both really wrote at the same time: their events are mixed, not one block after the other.
    const written = ids.slice(1);
    const switches = written.filter((id, i) => i > 0 && id[0] !== written[i - 1]![0]).length;
    expect(switches).toBeGreaterThan(1);
  }, 120_000);
});
