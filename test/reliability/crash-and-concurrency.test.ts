/**
 * Faults an NDJSON ledger meets on staff computers: a writer killed at a random moment (power cut,
 * task manager), 100 times (40 in `npm test`); two writers at once, 1,000 events each. Uses the stores tests' writer
 * (test/stores/children/ndjson-writer.ts), bundled once so that a trial costs its work, not a
 * TypeScript start-up. A torn tail is set aside by `cchc repair`, as a user would.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { sampleBodies, sampleEvents, sealAfter } from '../stores/sample-events.ts';
import { bundledChild } from '../support/bundled-child.ts';
import { startLineChild } from '../support/line-child.ts';
import { publishFigures, type Figure } from './support/figures.ts';
import { FULL_RUN } from './support/full-run.ts';
import { inPool, runCommand } from './support/run-command.ts';

const WRITER_SOURCE = fileURLToPath(new URL('../stores/children/ndjson-writer.ts', import.meta.url));
// 40 kills in `npm test` (20 of them power cuts), 100 in `npm run test:reliability`.
const TRIALS = FULL_RUN ? 100 : 40;
const PER_WRITER = 1_000;

let root: string;
let writer: string;
const figures: Figure[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'cchc-faults-'));
  writer = await bundledChild(WRITER_SOURCE);
}, 60_000);

afterAll(() => {
  if (figures.length) publishFigures('2-crash-and-concurrency', figures);
  if (root) rmSync(root, { recursive: true, force: true });
});

const startWriter = (args: string[]) => startLineChild([writer, ...args]);

/** Cuts the file at a random byte between the end of its `acknowledged`-th line and its end. */
function powerCut(file: string, acknowledged: number): void {
  const bytes = readFileSync(file);
  let durable = 0;
  for (let n = 0; n < acknowledged; n++) durable = bytes.indexOf(0x0a, durable) + 1;
  const cut = durable + Math.floor(Math.random() * (bytes.length - durable + 1));
  writeFileSync(file, bytes.subarray(0, cut));
}

describe('an NDJSON ledger under faults', () => {
  it(`keeps every acknowledged event through ${TRIALS} kills (SIGKILL) at random moments, half of them power cuts; a torn tail is set aside by cchc repair`, async () => {
    let torn = 0;
    let lost = 0;
    let acknowledged = 0;
    let appendedAfter = 0;
    await inPool(
      Array.from({ length: TRIALS }, (_, i) => i),
      2,
      async (trial) => {
        const dir = join(root, `crash-${trial}`);
        const file = join(dir, 'ledger.ndjson');
        mkdirSync(dir, { recursive: true });
        const child = startWriter(['crash', file]);
        await child.printed(1);
        await new Promise((r) => setTimeout(r, Math.random() * 250));
        child.kill();
        const { signal } = await child.exited;
        expect(signal).toBe('SIGKILL');
        const acked = child.lines.filter(Boolean).map(Number);
        expect(acked).toEqual(acked.map((_, i) => i + 1));
        acknowledged += acked.length;
        // Every other trial is a power cut: bytes after the last acknowledged (fsynced) event may or
        // may not have reached the disk, so the file ends at a random point after it.
        if (trial % 2 === 1) powerCut(file, acked.length);

        // Opening waits out the dead writer's lock (2 s stale here, as the writer was opened) if the tail looks torn.
        const store = await NdjsonStore.open(file, { lockStaleMs: 2000 });
        if (store.tornTail) {
          torn++;
          const checked = await runCommand(['verify', file]);
          expect(checked.code).toBe(1);
          expect(checked.stdout).toContain('torn last line');
          const before = readFileSync(file);
          const repaired = await runCommand(['repair', file]);
          expect(repaired.code, repaired.stderr).toBe(0);
          expect(repaired.stdout).toContain('Moved the torn last line');
          const aside = readdirSync(dir).filter((f) => f.startsWith('ledger.ndjson.torn-'));
          expect(aside).toHaveLength(1);
          expect(Buffer.concat([readFileSync(file), readFileSync(join(dir, aside[0]!))]).equals(before)).toBe(true);
        }
        const result = await verify((await NdjsonStore.open(file, { lockStaleMs: 2000 })).read());
        if (!result.ok) throw new Error(`trial ${trial}: ${result.code} at seq ${result.seq}: ${result.message_en}`);
        // The chain runs unbroken from seq 1, so every acknowledged seq up to the last is in it.
        lost += Math.max(0, (acked.at(-1) ?? 0) - result.count);
        expect(result.count).toBeGreaterThanOrEqual(acked.at(-1) ?? 0);

        // Every tenth ledger takes an append again, once the dead writer's lock has gone stale.
        if (trial % 10 === 0) {
          const body = sampleBodies({ withPlan: false, changes: ['note'], idPrefix: `after-${trial}-`, start: '2025-01-01T00:00:00.000Z' }).next().value!;
          const reopened = await NdjsonStore.open(file, { lockStaleMs: 2000 });
          await reopened.append([sealAfter(body, result.head)], result.head);
          expect(await verify(reopened.read())).toMatchObject({ ok: true, count: result.count + 1 });
          appendedAfter++;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    );
    expect(lost).toBe(0);
    figures.push(
      { measure: 'writers killed (SIGKILL) mid-append, half as power cuts; ledgers recovered', value: TRIALS, outOf: TRIALS },
      { measure: 'events acknowledged before the kills', value: acknowledged },
      { measure: 'acknowledged events lost', value: lost },
      { measure: 'torn last lines reported by cchc verify and set aside by cchc repair', value: torn, note: 'power cuts inside a write' },
      { measure: 'killed ledgers appended to again afterwards', value: appendedAfter },
    );
  }, 300_000);

  it(`two processes appending ${PER_WRITER} events each make one unbroken chain, every event once, no line interleaved`, async () => {
    const dir = join(root, 'race');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'ledger.ndjson');
    writeFileSync(file, JSON.stringify(sampleEvents(1)[0]) + '\n');
    const a = startWriter(['race', file, 'a-', String(PER_WRITER)]);
    const b = startWriter(['race', file, 'b-', String(PER_WRITER)]);
    await Promise.all([a.printed(1), b.printed(1)]);
    a.tell('go\n');
    b.tell('go\n');
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea).toMatchObject({ code: 0, stderr: '' });
    expect(eb).toMatchObject({ code: 0, stderr: '' });
    const retries = [a, b].reduce((n, w) => n + (JSON.parse(w.lines.at(-1)!) as { retries: number }).retries, 0);

    const result = await verify((await NdjsonStore.open(file)).read());
    expect(result).toMatchObject({ ok: true, count: 2 * PER_WRITER + 1 });
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    // Each line is one whole event as written (no bytes of another inside it).
    const events = lines.map((l) => JSON.parse(l) as { id: string; seq: number });
    expect(events.map((e) => JSON.stringify(e)).join('\n') + '\n').toBe(text);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith('a-'))).toHaveLength(PER_WRITER);
    expect(ids.filter((id) => id.startsWith('b-'))).toHaveLength(PER_WRITER);
    const written = ids.slice(1);
    const switches = written.filter((id, i) => i > 0 && id[0] !== written[i - 1]![0]).length;
    expect(switches).toBeGreaterThan(1);
    expect(existsSync(`${file}.lock`)).toBe(false);
    figures.push(
      { measure: 'NDJSON writers in parallel (processes × events each)', value: `2 × ${PER_WRITER}` },
      { measure: 'events in the one chain afterwards (plus the import)', value: result.ok ? result.count - 1 : 0, outOf: 2 * PER_WRITER },
      { measure: 'times a writer was told to retry (ConcurrencyError)', value: retries },
      { measure: 'times the writers took turns in the file', value: switches },
    );
  }, 240_000);
});

