import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import { PlanEventStore } from '../../server/plan-event-store.ts';
import { readProvinceLog } from '../../server/province-log.ts';
import { sampleEvents } from '../stores/sample-events.ts';
import { startLineChild, type LineChild } from '../support/line-child.ts';
import { createPlan } from './support/plan-fixture.ts';
import { useTestDatabase } from './support/test-database.ts';

const WRITER = fileURLToPath(new URL('./children/plan-writer.ts', import.meta.url));

const testDatabase = useTestDatabase();

/** A plan holding its imported plan, and two writer processes ready to append notes to it. */
async function twoWriters(planId: string, count: number): Promise<{ store: PlanEventStore; a: LineChild; b: LineChild }> {
  await createPlan(testDatabase.admin, planId);
  const store = await PlanEventStore.open(testDatabase.admin, planId);
  await store.append(sampleEvents(1, { idPrefix: `${planId}-` }), EMPTY_HEAD);
  const start = (prefix: string) => startLineChild(['--import', 'tsx', WRITER, testDatabase.url, planId, prefix, String(count)]);
  const [a, b] = [start('a-'), start('b-')];
  await Promise.all([a.printed(1), b.printed(1)]);
  a.tell('go\n');
  b.tell('go\n');
  return { store, a, b };
}

const idsOf = (child: LineChild) => child.lines.slice(1).filter((line) => line && !line.startsWith('{'));

async function storedIds(store: PlanEventStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const raw of store.read()) if ('value' in raw) ids.push((raw.value as { id: string }).id);
  return ids;
}

describe('PostgreSQL ledger across processes', () => {
  it('two processes appending 100 events each to one plan, retrying, make one chain of 201: no fork, every acknowledged event once', async () => {
    const { store, a, b } = await twoWriters('two-writers', 100);
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    expect(ea).toMatchObject({ code: 0, stderr: '' });
    expect(eb).toMatchObject({ code: 0, stderr: '' });

    expect(await verify(store.read())).toMatchObject({ ok: true, count: 201 });
    const ids = await storedIds(store);
    const acknowledged = [...idsOf(a), ...idsOf(b)];
    expect(acknowledged).toHaveLength(200);
    expect(ids.slice(1).sort()).toEqual(acknowledged.sort());
    // Both really wrote at the same time: their events are mixed, not one block after the other.
    const written = ids.slice(1);
    expect(written.filter((id, i) => i > 0 && id[0] !== written[i - 1]![0]).length).toBeGreaterThan(1);
    // And the province-wide log holds each of them once, in chain order.
    const log = (await readProvinceLog(testDatabase.admin, 0, 10_000)).entries.filter((e) => e.planId === 'two-writers');
    expect(log.map((e) => e.seq)).toEqual(ids.map((_, i) => i + 1));
  }, 120_000);

  it('a writer killed (SIGKILL) mid-append loses none of its acknowledged events and leaves no half-written one', async () => {
    const { store, a, b } = await twoWriters('one-killed', 150);
    await a.printed(20);
    a.kill();
    expect((await a.exited).signal).toBe('SIGKILL');
    expect(await b.exited).toMatchObject({ code: 0, stderr: '' });

    const result = await verify(store.read());
    expect(result).toMatchObject({ ok: true });
    const ids = await storedIds(store);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [...idsOf(a), ...idsOf(b)]) expect(ids).toContain(id);
    expect(ids.filter((id) => id.startsWith('b-'))).toHaveLength(150);
    // At most the one append in flight when it died was committed without being acknowledged.
    expect(ids.filter((id) => id.startsWith('a-')).length - idsOf(a).length).toBeLessThanOrEqual(1);
  }, 120_000);
});
