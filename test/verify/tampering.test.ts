import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify, type VerifyResult } from '../../ledger/verify.ts';
import { sampleEvents } from '../stores/sample-events.ts';

const EVENTS = sampleEvents(24, { items: 12 });
const LINES = EVENTS.map((e) => Buffer.from(`${JSON.stringify(e)}\n`, 'utf8'));
const HEAD = { seq: EVENTS.length, hash: EVENTS.at(-1)!.hash };
const dir = mkdtempSync(join(tmpdir(), 'cchc-tamper-'));
let files = 0;

/** Verifies bytes as `cchc verify` would: written to a file, read back by the NDJSON store. */
async function verifyBytes(bytes: Buffer, anchor = HEAD): Promise<VerifyResult> {
  const file = join(dir, `ledger-${files++}.ndjson`);
  writeFileSync(file, bytes);
  const store = await NdjsonStore.open(file);
  try {
    return await verify(store.read(), { anchor });
  } finally {
    await store.close();
  }
}

const problemAt = (result: VerifyResult) => (result.ok ? null : result.countBeforeProblem);

describe('tampering is caught at the event tampered with', () => {
  it('an intact ledger verifies against its own anchor', async () => {
    expect(await verifyBytes(Buffer.concat(LINES))).toEqual({ ok: true, count: EVENTS.length, head: HEAD, format: 1 });
  });

  it('changing any single byte of any event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: EVENTS.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (index, position, delta) => {
        const line = Buffer.from(LINES[index]!);
        const at = position % (line.length - 1); // the newline itself is the record's end, not its content
        line[at] = (line[at]! + delta) % 256;
        const bytes = Buffer.concat([...LINES.slice(0, index), line, ...LINES.slice(index + 1)]);
        // Every event before it is intact; the problem is found at this event, whatever the byte became.
        expect(problemAt(await verifyBytes(bytes))).toBe(index);
      }),
      { numRuns: 150 },
    );
  });

  it('deleting any event (the last one too, through the anchor of an issued report)', async () => {
    for (let index = 0; index < EVENTS.length; index++) {
      const bytes = Buffer.concat(LINES.filter((_, i) => i !== index));
      expect(problemAt(await verifyBytes(bytes)), `event ${index + 1}`).toBe(index);
    }
  });

  it('swapping any two events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: EVENTS.length - 1 }), fc.nat({ max: EVENTS.length - 1 }), async (a, b) => {
        fc.pre(a !== b);
        const order = LINES.map((_, i) => i);
        [order[a], order[b]] = [order[b]!, order[a]!];
        expect(problemAt(await verifyBytes(Buffer.concat(order.map((i) => LINES[i]!))))).toBe(Math.min(a, b));
      }),
      { numRuns: 60 },
    );
  });

  it('duplicating any event', async () => {
    for (let index = 0; index < EVENTS.length; index++) {
      const bytes = Buffer.concat([...LINES.slice(0, index + 1), LINES[index]!, ...LINES.slice(index + 1)]);
      expect(problemAt(await verifyBytes(bytes)), `event ${index + 1}`).toBe(index + 1);
    }
  });
});
