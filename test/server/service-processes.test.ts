import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';
import type { EventDraft } from '../../ledger/events.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { readProvinceLog } from '../../server/province-log.ts';
import { startLineChild, type LineChild } from '../support/line-child.ts';
import { runCli } from '../support/run-cli.ts';
import { samplePlan } from '../support/sample-plan.ts';
import { testKeyFile } from '../support/test-key.ts';
import { newSigner, pendingEvents, type Person } from './support/service-fixture.ts';
import { useTestDatabase } from './support/test-database.ts';

const BIN = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));
const testDatabase = useTestDatabase();
const children: LineChild[] = [];
afterAll(() => children.forEach((c) => c.kill()));

/** The transparency log's key: one for the log, shared by every process that serves it. */
const logKey = testKeyFile();

/** `cchc serve` on the test database, any free port; resolves to the address it printed. */
async function serve(): Promise<string> {
  const child = startLineChild([BIN, 'serve', '--database', testDatabase.url, '--port', '0', '--log-key', logKey]);
  children.push(child);
  await child.printed(1);
  const address = /http:\/\/[\d.:]+/.exec(child.lines[0]!)?.[0];
  if (!address) throw new Error(`cchc serve printed: ${child.lines.join('\n')}`);
  return address;
}

describe('cchc serve: two service processes on one PostgreSQL database', () => {
  it('clients pushing through both at once: one chain, no fork, every placed event once, a gap-free province log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-serve-'));
    const keyFile = join(dir, 'an.key');
    writeFileSync(keyFile, newPrivateKeyPem());
    chmodSync(keyFile, 0o600);
    const admin: Person = { id: 'an', signer: signerOfPrivateKey(readFileSync(keyFile)), actor: { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ tỉnh Bến Tre' } };
    const init = runCli(['serve', 'init', '--database', testDatabase.url, '--province', '83', '--name', 'Tỉnh Bến Tre', '--agency-id', 'snv', '--agency-name', admin.actor.unit, '--admin-id', 'an', '--admin-name', admin.actor.name, '--admin-key', keyFile]);
    expect(init).toMatchObject({ code: 0, stdout: expect.stringContaining('Đã tạo / created: Tỉnh Bến Tre (83)') });
    expect(runCli(['serve', 'init', '--database', testDatabase.url, '--province', '83', '--name', 'X', '--agency-id', 'x', '--agency-name', 'X', '--admin-id', 'x', '--admin-name', 'X', '--admin-key', keyFile])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"serve init" chỉ chạy một lần'),
    });

    const [a, b] = await Promise.all([serve(), serve()]);
    const adminClient = new ServiceClient(a, admin.signer);
    const writers: Person[] = [admin];
    for (let i = 1; i <= 3; i++) {
      const person: Person = { id: `cb-${i}`, signer: newSigner(), actor: { name: `Cán bộ ${i}`, unit: admin.actor.unit } };
      await adminClient.createPerson({ id: person.id, agencyId: 'snv', fullName: person.actor.name, publicKey: person.signer.publicKey, role: 'staff' });
      writers.push(person);
    }
    await adminClient.createPlan({ id: 'tinh-2021', ownerAgencyId: 'snv', scope: 'province', title: 'Kế hoạch CCHC năm 2021', periodFrom: '2021-01-01', periodTo: '2021-12-31' });
    const first: EventDraft[] = [
      { type: 'plan.imported', actor: admin.actor, data: samplePlan() },
      ...writers.slice(1).map((w): EventDraft => ({ type: 'key.enrolled', actor: admin.actor, data: { key: w.signer.fingerprint, publicKey: w.signer.publicKey, person: w.actor, role: 'member' } })),
    ];
    await adminClient.push('tinh-2021', { seq: 0, hash: '0'.repeat(64) }, await pendingEvents([], admin.signer, first));

    // Each writer alternates between the two processes; an event stamped before one placed meanwhile is made again.
    const perWriter = 15;
    const placed = await Promise.all(
      writers.map(async (writer, w) => {
        const ids: string[] = [];
        let clockRetries = 0;
        for (let k = 0; k < perWriter; k++) {
          const client = new ServiceClient((w + k) % 2 === 0 ? a : b, writer.signer);
          for (;;) {
            const { lines, head } = await client.pullAll('tinh-2021');
            const note: EventDraft = { type: 'progress.noted', actor: writer.actor, data: { item: 'I.1', note: `${writer.id} lần ${k}` } };
            const pushed = await client.push('tinh-2021', head, await pendingEvents(lines, writer.signer, [note]));
            const result = pushed.results[0]!;
            if (result.outcome === 'refused' && result.error.code === 'clock') {
              clockRetries++;
              continue;
            }
            expect(result.outcome).toBe('placed');
            ids.push(result.id);
            break;
          }
        }
        return { ids, clockRetries };
      }),
    );
    const acknowledged = placed.flatMap((p) => p.ids);
    console.log(`two processes: ${acknowledged.length} notes placed by ${writers.length} writers, ${placed.reduce((n, p) => n + p.clockRetries, 0)} made again after a 'clock' refusal`);
    expect(acknowledged).toHaveLength(writers.length * perWriter);

    const { lines, head } = await new ServiceClient(b, admin.signer).pullAll('tinh-2021');
    const file = join(dir, 'tinh-2021.ndjson');
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
    expect(await verify((await NdjsonStore.open(file)).read())).toMatchObject({ ok: true, count: 5 + acknowledged.length, head });
    const stored = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    // The admin's self-enrolment, the import, three enrolments, then the notes.
    expect(stored.slice(5).sort()).toEqual([...acknowledged].sort());
    expect(runCli(['verify', file])).toMatchObject({ code: 0 });

    const log = await readProvinceLog(testDatabase.admin, 0, 10_000);
    expect(log.entries.map((e) => e.position)).toEqual(log.entries.map((_, i) => i + 1));
    expect(log.highWater).toBe(lines.length);
    expect(log.entries.map((e) => e.line)).toEqual(lines);

    // Both dashboards read the figures the writers stored, whichever process placed the last push,
    // and they equal a replay of the events made with none stored.
    const overview = async (base: string) => {
      const { knownAtText: _moment, ...body } = (await (await fetch(`${base}/dashboard/api/overview?year=2021&period=Y`)).json()) as Record<string, unknown>;
      return body;
    };
    const [fromA, fromB] = [await overview(a), await overview(b)];
    expect(fromA).toEqual(fromB);
    expect(fromA).toMatchObject({ totals: { plans: 1, brokenChains: 0 } });
    expect(await testDatabase.admin.query('select distinct head_seq from plan_figures')).toEqual([{ head_seq: head.seq }]);
    await testDatabase.admin.query('delete from plan_figures');
    expect(await overview(a)).toEqual(fromB);
  }, 180_000);
});
